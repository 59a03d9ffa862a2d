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
