/**
 * Compiling build/wasm/nn.wasm in Node or in a browser.
 *
 * Browsers (and bundlers) pass the bytes or a compiled module; in Node the file is read next to
 * the package (build/wasm/nn.wasm, made by `npm run build:wasm`). Nothing is cached here: the
 * caller keeps the Module if it wants to instantiate it several times (one instance per worker).
 */

/** Bytes of nn.wasm, or an already compiled module. */
export type WasmSource = ArrayBuffer | ArrayBufferView | WebAssembly.Module;

/** Location of the compiled kernels relative to this file (src/nn → build/wasm). */
export const NN_WASM_URL = new URL('../../../build/wasm/nn.wasm', import.meta.url);

/** Compile the kernel module from `source`, or (Node only) from build/wasm/nn.wasm. */
export async function compileNnModule(source?: WasmSource): Promise<WebAssembly.Module> {
  if (source instanceof WebAssembly.Module) return source;
  if (source) return WebAssembly.compile(source as BufferSource);
  // Node: dynamic import keeps this module loadable in a browser, where `source` is required.
  const { readFile } = await import('node:fs/promises');
  let bytes: Uint8Array;
  try {
    bytes = await readFile(NN_WASM_URL);
  } catch (e) {
    throw new Error(`cannot read ${NN_WASM_URL.pathname} (run \`npm run build:wasm\`): ${(e as Error).message}`);
  }
  return WebAssembly.compile(bytes as BufferSource);
}
