import { createReadStream, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { contentTypeFor, parseByteRange } from './byte-range';

export interface MediaResponse {
  status: 200 | 206 | 404 | 416;
  headers: Record<string, string>;
  body: Readable | null;
}

/** Answers a media request for a recording file, honouring Range so players can seek without a full download. */
export function mediaResponse(path: string | null, rangeHeader: string | null | undefined): MediaResponse {
  let size: number;
  try {
    if (!path) throw new Error('unknown recording');
    size = statSync(path).size;
  } catch {
    return { status: 404, headers: { 'Content-Type': 'text/plain' }, body: null };
  }
  const range = parseByteRange(rangeHeader, size);
  const common = { 'Content-Type': contentTypeFor(path), 'Accept-Ranges': 'bytes', 'Cache-Control': 'no-store' };
  if (range === 'unsatisfiable') {
    return { status: 416, headers: { ...common, 'Content-Range': `bytes */${size}` }, body: null };
  }
  if (range === null) {
    return { status: 200, headers: { ...common, 'Content-Length': String(size) }, body: createReadStream(path) };
  }
  return {
    status: 206,
    headers: {
      ...common,
      'Content-Length': String(range.end - range.start + 1),
      'Content-Range': `bytes ${range.start}-${range.end}/${size}`,
    },
    body: createReadStream(path, { start: range.start, end: range.end }),
  };
}
