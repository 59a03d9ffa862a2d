/**
 * MP3 through mpg123-decoder's WebAssembly build of mpg123, driven directly: the same feed/read calls as
 * the package's own `decode`, but each read's samples are copied once into buffers kept between calls
 * (decoded-buffers.ts) instead of into two new arrays per read and a new concatenation per call.
 *
 * This reads fields the package does not document (`_common`, `_decoder`, `_input`, …), as they are in the
 * version package-lock.json pins; tests/unit/audio/direct-decoders.test.ts decodes the fixtures both ways
 * and fails on any difference, so an upgrade that changes them is caught.
 */
import { DecodedBuffers } from './decoded-buffers';
import type { HeapArray, WasmDecoded, WasmDecoder } from './wasm-decoded';

/** What of mpg123-decoder's MPEGDecoder this uses. */
export interface MpegLibDecoder {
  ready: Promise<void>;
  free(): void;
  _common: {
    wasm: {
      mpeg_decoder_feed(decoder: number, input: number, length: number): number;
      mpeg_decoder_read(decoder: number, output: number, outputLength: number, samplesDecoded: number, sampleRate: number, errorString: number): number;
    };
    codeToString(ptr: number): string;
  };
  _decoder: number;
  _input: HeapArray<Uint8Array>;
  _output: HeapArray<Float32Array>;
  _samplesDecodedPtr: HeapArray<Uint32Array>;
  _sampleRatePtr: HeapArray<Uint32Array>;
  _errorStringPtr: HeapArray<Uint32Array>;
}

/** mpg123's return codes that are not errors here. */
const NEED_MORE = -10;
const NEW_FORMAT = -11;

export class MpegDirectDecoder implements WasmDecoder {
  private readonly out = new DecodedBuffers();
  private inputBytes = 0;

  constructor(private readonly lib: MpegLibDecoder) {}

  get ready(): Promise<void> {
    return this.lib.ready;
  }

  free(): void {
    this.lib.free();
  }

  decode(data: Uint8Array): WasmDecoded {
    const lib = this.lib;
    const { wasm } = lib._common;
    const input = lib._input;
    const output = lib._output;
    const samples = lib._samplesDecodedPtr;
    const errors: WasmDecoded['errors'] = [];
    // mpg123 always hands back two channels (a mono stream twice): the first n samples, then the next n.
    this.out.reset(2);
    for (let at = 0; at < data.length; at += input.len) {
      const chunk = data.subarray(at, at + input.len);
      input.buf.set(chunk);
      this.inputBytes += chunk.length;
      if (wasm.mpeg_decoder_feed(lib._decoder, input.ptr, chunk.length) === NEED_MORE) continue;
      for (;;) {
        samples.buf[0] = 0;
        const code = wasm.mpeg_decoder_read(lib._decoder, output.ptr, output.len, samples.ptr, lib._sampleRatePtr.ptr, lib._errorStringPtr.ptr);
        const n = samples.buf[0]!;
        if (n > 0) this.out.append(output.buf, [0, n], n);
        if (code === NEW_FORMAT || code === 0) continue;
        if (code === NEED_MORE) break;
        // As the package reports it (frame 0: it counts frames only when fed them one by one).
        errors.push({ message: `${code} ${lib._common.codeToString(lib._errorStringPtr.buf[0]!)}`, frameNumber: 0, inputBytes: this.inputBytes });
      }
    }
    return { channelData: this.out.views(), samplesDecoded: this.out.length, sampleRate: lib._sampleRatePtr.buf[0]!, errors };
  }
}
