/**
 * Floor of the analysis: how long Turnscope's decoders alone take on a recording (same reads, same slices,
 * no hashing, no analysis), on this thread. Prints one JSON line. For profiling, not part of the bench table.
 * usage: node --import tsx bench/audio/decode-only.ts <recording> [--hash]
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { WasmStreamDecoder } from '../../electron/main/audio/decoders/wasm-decoder';
import { WavStreamDecoder } from '../../electron/main/audio/decoders/wav-decoder';
import { detectAudioFormat } from '../../electron/main/audio/detect-format';

const path = process.argv[2]!;
const withHash = process.argv.includes('--hash');
const fd = openSync(path, 'r');
const size = fstatSync(fd).size;
const readAt = (pos: number, len: number): Buffer => {
  const buf = Buffer.alloc(Math.max(0, Math.min(len, size - pos)));
  const n = buf.length > 0 ? readSync(fd, buf, 0, buf.length, pos) : 0;
  return buf.subarray(0, n);
};
const t0 = performance.now();
const det = detectAudioFormat(readAt);
if (det.container === null) throw new Error(`not audio: ${det.seen}`);
const dec = det.container === "wav" ? WavStreamDecoder.open(path, size, readAt) : await WasmStreamDecoder.open(det.container, det.audioStart, size, readAt);
const tReady = performance.now();
const hash = createHash('sha256');
let frames = 0;
const BLOCK = 1 << 20;
for (let pos = 0; pos < size; pos += BLOCK) {
  const block = readAt(pos, BLOCK);
  if (withHash) hash.update(block);
  const from = Math.max(pos, dec.start);
  const to = Math.min(pos + block.length, dec.end);
  for (let at = from; at < to; at += dec.maxInput) {
    for (const c of await dec.push(block.subarray(at - pos, Math.min(to, at + dec.maxInput) - pos))) frames += c.frames;
  }
}
for (const c of (await dec.finish()).tail) frames += c.frames;
const ms = performance.now() - t0;
closeSync(fd);
console.log(JSON.stringify({ codec: dec.codec, ms: Math.round(ms), setupMs: Math.round(tReady - t0), frames, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
