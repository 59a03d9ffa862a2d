/**
 * Loading of the analysis's WebAssembly kernels (kernels/*.wat, built into *-wasm.ts modules): each module is
 * compiled once per thread, and each user gets an instance of its own with memory for what it will hold.
 */

/** The part of the WebAssembly API used here (the Node type-check has no DOM library, which declares it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => KernelMemory;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface KernelMemory {
  buffer: ArrayBuffer;
}

const compiled = new Map<string, object>();

/**
 * An instance of the kernel whose binary is `base64`, with memory of at least `bytes`. The memory is made
 * here at its full size and handed to the kernel, never grown: growing a WebAssembly memory detaches its old
 * buffer, and once any buffer of a thread has been detached V8 checks every typed-array access of that
 * thread for it, which slowed the whole analysis down (measured).
 */
export function instantiateKernel(base64: string, bytes: number): { exports: Record<string, unknown>; buffer: ArrayBuffer } {
  let module = compiled.get(base64);
  if (!module) {
    module = new wasm.Module(Buffer.from(base64, 'base64'));
    compiled.set(base64, module);
  }
  const memory = new wasm.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
  const exports = new wasm.Instance(module, { env: { memory } }).exports;
  return { exports, buffer: memory.buffer };
}
