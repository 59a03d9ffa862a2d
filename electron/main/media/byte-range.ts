/** A resolved byte range of a file, inclusive at both ends as in HTTP. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Parses an HTTP Range header against a file size (RFC 9110 §14.1.2). Returns null for no header (whole file),
 * 'unsatisfiable' for a range outside the file or a malformed one. Only a single range is served: media
 * elements never ask for more, and multipart answers would complicate every host for nothing.
 */
export function parseByteRange(header: string | null | undefined, size: number): ByteRange | null | 'unsatisfiable' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return 'unsatisfiable';
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

export function contentTypeFor(path: string): string {
  const lower = path.toLowerCase();
  if (lower.endsWith('.wav') || lower.endsWith('.wave')) return 'audio/wav';
  if (lower.endsWith('.mp3')) return 'audio/mpeg';
  if (lower.endsWith('.ogg') || lower.endsWith('.opus')) return 'audio/ogg';
  if (lower.endsWith('.flac')) return 'audio/flac';
  return 'application/octet-stream';
}
