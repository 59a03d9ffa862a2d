import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { AudioFormatError } from './audio-error';
import { PeakBuilder, type PeakLevel } from './peaks';
import { frameDecoder } from './sample-decoder';
import { readWavHeader, type WavFormat } from './wav-header';

export interface RecordingAnalysis {
  format: WavFormat;
  sha256: string;
  byteSize: number;
  peaks: PeakLevel[];
}

const BLOCK_BYTES = 1 << 20;

/**
 * Reads a recording once, front to back, in fixed-size blocks: hashes every byte, decodes the samples and
 * builds the peaks, so memory stays bounded by the block size and the peaks, not the file.
 */
export function readRecording(path: string): RecordingAnalysis {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new AudioFormatError(path, `cannot open: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  try {
    const byteSize = fstatSync(fd).size;
    const readAt = (position: number, length: number): Buffer => {
      const buf = Buffer.alloc(Math.max(0, Math.min(length, byteSize - position)));
      const n = buf.length > 0 ? readSync(fd, buf, 0, buf.length, position) : 0;
      return buf.subarray(0, n);
    };
    const format = readWavHeader(path, byteSize, readAt);
    const hash = createHash('sha256');
    const peaks = new PeakBuilder(format.sampleRate, format.channels);
    const decode = frameDecoder(format.codec, format.channels);
    const framesPerBlock = Math.max(1, Math.floor(BLOCK_BYTES / format.blockAlign));
    const scratch = Array.from({ length: format.channels }, () => new Float32Array(framesPerBlock));
    const dataEnd = format.dataOffset + format.dataBytes;
    let carry = Buffer.alloc(0);
    for (let pos = 0; pos < byteSize; pos += BLOCK_BYTES) {
      const block = readAt(pos, BLOCK_BYTES);
      hash.update(block);
      // The part of this block inside the data chunk, prefixed by a partial frame left from the last block.
      const from = Math.max(pos, format.dataOffset);
      const to = Math.min(pos + block.length, dataEnd);
      if (to <= from) continue;
      const bytes = carry.length ? Buffer.concat([carry, block.subarray(from - pos, to - pos)]) : block.subarray(from - pos, to - pos);
      let frames = Math.floor(bytes.length / format.blockAlign);
      let offset = 0;
      while (frames > 0) {
        const n = Math.min(frames, framesPerBlock);
        decode(bytes.subarray(offset, offset + n * format.blockAlign), n, scratch);
        peaks.push(scratch, n);
        offset += n * format.blockAlign;
        frames -= n;
      }
      carry = Buffer.from(bytes.subarray(offset));
    }
    return { format, sha256: hash.digest('hex'), byteSize, peaks: peaks.finish() };
  } finally {
    closeSync(fd);
  }
}
