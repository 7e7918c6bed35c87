/** The 13 ProcShapes classes, in ShapeNet's alphabetical order. */
import type { ShapeClass } from '../ShapeClass.ts';
import { airplane } from './airplane.ts';
import { bench } from './bench.ts';
import { cabinet } from './cabinet.ts';
import { car } from './car.ts';
import { chair } from './chair.ts';
import { display } from './display.ts';
import { lamp } from './lamp.ts';
import { loudspeaker } from './loudspeaker.ts';
import { rifle } from './rifle.ts';
import { sofa } from './sofa.ts';
import { table } from './table.ts';
import { telephone } from './telephone.ts';
import { vessel } from './vessel.ts';

export const PROCSHAPES_CLASSES: readonly ShapeClass[] = [
  airplane,
  bench,
  cabinet,
  car,
  chair,
  display,
  lamp,
  loudspeaker,
  rifle,
  sofa,
  table,
  telephone,
  vessel,
];

/** The class named `name`, or undefined. */
export function procShapesClass(name: string): ShapeClass | undefined {
  return PROCSHAPES_CLASSES.find((c) => c.name === name);
}
