import { readSync } from 'node:fs';
import type { ReadAt } from './wav-header';

/**
 * Random-access reads of an open file, as the container parsers and decoders take them. Not zero-filled
 * first: every byte returned is read from the file; a read past the end returns what there is.
 */
export function readerOf(fd: number, size: number): ReadAt {
  return (position, length) => {
    const buf = Buffer.allocUnsafeSlow(Math.max(0, Math.min(length, size - position)));
    const n = buf.length > 0 ? readSync(fd, buf, 0, buf.length, position) : 0;
    return buf.subarray(0, n);
  };
}

/**
 * Blocks of up to `blockSize` bytes from any position, all read into one buffer: each read overwrites the
 * last. Only for a consumer that copies whatever it keeps (the WAV decoder): a fresh megabyte per read, as
 * readerOf gives, is memory outside the JavaScript heap that the collector is asked to account for, and on
 * a long PCM recording that made a full collection every few dozen blocks.
 */
export function reusedBlockReader(fd: number, size: number, blockSize: number): (position: number) => Uint8Array {
  const buf = Buffer.allocUnsafeSlow(blockSize);
  return (position) => {
    const length = Math.max(0, Math.min(blockSize, size - position));
    const n = length > 0 ? readSync(fd, buf, 0, length, position) : 0;
    return buf.subarray(0, n);
  };
}
