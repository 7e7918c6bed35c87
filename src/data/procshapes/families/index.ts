/**
 * The corpus families beyond ProcShapes-13, one file each, grouped by kind (organic, tube,
 * mechanical, thin-walled, high-genus). Add a family by writing `families/<name>.ts` and listing
 * it here; `corpus.ts` puts them after the 13 classes.
 */
import type { ShapeFamily } from '../ShapeFamily.ts';
import { blade } from './blade.ts';
import { blob } from './blob.ts';
import { bracket } from './bracket.ts';
import { chain } from './chain.ts';
import { container } from './container.ts';
import { creature } from './creature.ts';
import { fastener } from './fastener.ts';
import { figure } from './figure.ts';
import { flange } from './flange.ts';
import { gear } from './gear.ts';
import { knot } from './knot.ts';
import { lattice } from './lattice.ts';
import { tube } from './tube.ts';

export const NEW_FAMILIES: readonly ShapeFamily[] = [
  blob,
  creature,
  figure, // organic
  tube,
  knot, // tube
  gear,
  flange,
  bracket,
  fastener, // mechanical
  container,
  blade, // thin-walled
  chain,
  lattice, // high-genus
];
