/**
 * Loads the `manifold-3d` WASM module once per process. The module is single-threaded WASM, so
 * its Boolean results depend only on its inputs (IEEE arithmetic, no thread scheduling): the
 * same part list gives the same mesh bytes on every machine.
 */
import Module from 'manifold-3d';
import type { ManifoldToplevel } from 'manifold-3d';

let loading: Promise<ManifoldToplevel> | undefined;

/** The initialised manifold-3d toplevel (CrossSection, Manifold, …), shared by all callers. */
export function loadManifold(): Promise<ManifoldToplevel> {
  if (!loading) {
    loading = Module().then((wasm) => {
      wasm.setup();
      return wasm;
    });
  }
  return loading;
}
