/** The 13 ProcShapes classes, in ShapeNet's alphabetical order. */
import type { ShapeClass } from '../ShapeClass.ts';
import { airplane } from './airplane.ts';
import { car } from './car.ts';
import { chair } from './chair.ts';
import { table } from './table.ts';
import { lamp } from './lamp.ts';

export const PROCSHAPES_CLASSES: readonly ShapeClass[] = [airplane, car, chair, lamp, table];

/** The class named `name`, or undefined. */
export function procShapesClass(name: string): ShapeClass | undefined {
  return PROCSHAPES_CLASSES.find((c) => c.name === name);
}
