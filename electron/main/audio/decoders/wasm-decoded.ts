/** What the WebAssembly decoders (the packages', or ours driving them directly) return per call. */
export interface WasmDecoded {
  channelData: Float32Array[];
  samplesDecoded: number;
  sampleRate: number;
  /** frameNumber -1: found by our own container parsing, not by the library. */
  errors: { message: string; frameNumber: number; inputBytes: number }[];
  /** Lost stretches made up with silence in this call's output, at their sample on the stream's timeline. */
  gaps?: { atSample: number; samples: number }[];
}

export interface WasmDecoder {
  ready: Promise<void>;
  decode(data: Uint8Array): WasmDecoded | Promise<WasmDecoded>;
  flush?: () => WasmDecoded | Promise<WasmDecoded>;
  free(): void;
  /** Samples per channel our own container parsing stepped over (unreadable frames). */
  lostFrames?: number;
}

/** A typed array the packages allocate in their WebAssembly memory: its address, length and view. */
export interface HeapArray<T> {
  ptr: number;
  len: number;
  buf: T;
}
