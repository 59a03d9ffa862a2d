/**
 * Loading of the analysis's WebAssembly kernels (kernels/*.wat, built into *-wasm.ts modules): each module is
 * compiled once per thread, and each user gets an instance of its own with memory for what it will hold.
 */

/** The part of the WebAssembly API used here (the Node type-check has no DOM library, which declares it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface KernelMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}

const compiled = new Map<string, object>();

/** An instance of the kernel whose binary is `base64`, its memory grown to at least `bytes`. */
export function instantiateKernel(base64: string, bytes: number): { exports: Record<string, unknown>; buffer: ArrayBuffer } {
  let module = compiled.get(base64);
  if (!module) {
    module = new wasm.Module(Buffer.from(base64, 'base64'));
    compiled.set(base64, module);
  }
  const exports = new wasm.Instance(module).exports;
  const memory = exports.memory as KernelMemory;
  const pages = Math.ceil(bytes / 65536);
  const have = memory.buffer.byteLength / 65536;
  if (pages > have) memory.grow(pages - have);
  return { exports, buffer: memory.buffer };
}
