/**
 * The family registry: ProcShapes-13's classes followed by the corpus families of
 * `families/index.ts`, and the selection language of `pointocc data procshapes --families`.
 *
 * A family is a "class" of the dataset layout (one sub-folder each). ProcShapes-13 alone is the
 * default selection, and its bytes do not depend on the other families: every shape's random
 * stream comes from (seed, family name, index) only (`shapeSeed.ts`).
 */
import { PROCSHAPES_CLASSES } from './classes/index.ts';
import { NEW_FAMILIES } from './families/index.ts';
import { GENERATOR_VERSION } from './generateShape.ts';
import type { ShapeClass } from './ShapeClass.ts';
import type { FamilyKind } from './ShapeFamily.ts';

/**
 * Version of the corpus definitions, written as the manifest's `generator` when a run includes
 * any family beyond ProcShapes-13 (whose shapes stay those of `GENERATOR_VERSION`). Bump when
 * any corpus family's bytes change.
 */
export const CORPUS_GENERATOR_VERSION = 'procshapes-corpus/1';

/** Every family, ProcShapes-13 first (alphabetical), then the corpus families in registry order. */
export const CORPUS_FAMILIES: readonly ShapeClass[] = [...PROCSHAPES_CLASSES, ...NEW_FAMILIES];

const PS13 = new Set(PROCSHAPES_CLASSES.map((c) => c.name));

/** Named selections besides family names and kinds. */
export const FAMILY_GROUPS: Readonly<Record<string, readonly string[]>> = {
  all: CORPUS_FAMILIES.map((c) => c.name),
  procshapes13: PROCSHAPES_CLASSES.map((c) => c.name),
  /** The corpus families alone (everything but ProcShapes-13). */
  new: NEW_FAMILIES.map((c) => c.name),
};

/** Kinds usable as selections (`organic`, `tube`, …; `furniture` = ProcShapes-13). */
export const FAMILY_KINDS: readonly FamilyKind[] = ['furniture', 'organic', 'tube', 'mechanical', 'thin-walled', 'high-genus'];

/** The family named `name`, or undefined. */
export function corpusFamily(name: string): ShapeClass | undefined {
  return CORPUS_FAMILIES.find((c) => c.name === name);
}

/** Kind of a family ('furniture' for the 13 ProcShapes classes). */
export function familyKind(name: string): FamilyKind | undefined {
  if (PS13.has(name)) return 'furniture';
  return NEW_FAMILIES.find((f) => f.name === name)?.kind;
}

/**
 * Family names for a selection: comma-separated family names, group names (`all`,
 * `procshapes13`, `new`) and kinds (`organic`, `tube`, `mechanical`, `thin-walled`,
 * `high-genus`, `furniture`), in the order given, without repeats.
 * @throws RangeError for an empty selection or an unknown name
 */
export function resolveFamilies(spec: string): string[] {
  const out: string[] = [];
  const push = (n: string) => {
    if (!out.includes(n)) out.push(n);
  };
  const words = spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (words.length === 0) throw new RangeError('empty family selection');
  for (const w of words) {
    if (FAMILY_GROUPS[w]) FAMILY_GROUPS[w].forEach(push);
    else if ((FAMILY_KINDS as readonly string[]).includes(w))
      CORPUS_FAMILIES.filter((c) => familyKind(c.name) === w).forEach((c) => push(c.name));
    else if (corpusFamily(w)) push(w);
    else
      throw new RangeError(
        `unknown family "${w}" (known: ${Object.keys(FAMILY_GROUPS).join(', ')}, ${FAMILY_KINDS.join(', ')}, ${CORPUS_FAMILIES.map((c) => c.name).join(', ')})`,
      );
  }
  return out;
}

/** The manifest's generator version for a run over these families. */
export function generatorVersion(families: readonly string[]): string {
  return families.every((n) => PS13.has(n)) ? GENERATOR_VERSION : CORPUS_GENERATOR_VERSION;
}
