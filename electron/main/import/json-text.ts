import { ImportError } from './import-error';

/** Largest trace file read whole; bigger inputs need a streaming adapter and are refused with a clear reason. */
export const MAX_JSON_BYTES = 256 * 1024 * 1024;

/**
 * Decodes and parses a JSON file, turning the parser's "position N" into a line and column and refusing
 * invalid UTF-8 outright instead of silently replacing bytes.
 */
export function parseJsonFile(path: string, bytes: Buffer): unknown {
  if (bytes.length > MAX_JSON_BYTES) {
    throw new ImportError(path, `file is ${bytes.length} bytes, above the ${MAX_JSON_BYTES}-byte limit for a JSON call file`);
  }
  const text = decodeUtf8(path, bytes);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const m = /position (\d+)/.exec(message);
    // A truncated file fails at its very end, and V8 then names no position.
    const position = m ? Number(m[1]) : /end of JSON input/.test(message) ? text.length : null;
    if (position !== null) {
      const { line, column } = lineColumn(text, position);
      throw new ImportError(path, `invalid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`, `line ${line}, column ${column}`);
    }
    throw new ImportError(path, `invalid JSON: ${message}`);
  }
  const tooDeep = firstTooDeep(value, MAX_JSON_DEPTH);
  if (tooDeep !== null) throw new ImportError(path, `nested deeper than ${MAX_JSON_DEPTH} levels (a nesting bomb?)`, tooDeep);
  return value;
}

/** No trace format nests anywhere near this; deeper input would only exhaust recursive code downstream. */
export const MAX_JSON_DEPTH = 256;

/** The JSON path of the first value nested deeper than `limit`, found without recursion. */
function firstTooDeep(root: unknown, limit: number): string | null {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value: root, depth: 0, path: '$' }];
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= limit) return path;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], depth: depth + 1, path: `${path}[${i}]` });
    } else {
      for (const [k, v] of Object.entries(value)) stack.push({ value: v, depth: depth + 1, path: `${path}.${k}` });
    }
  }
  return null;
}

/** Strict UTF-8 decode (a BOM is dropped): invalid bytes are an error, not silently replaced. */
export function decodeUtf8(path: string, bytes: Buffer): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    throw new ImportError(path, `not valid UTF-8 text (binary data or another encoding)${at === null ? '' : ` at byte ${at}`}`);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Where the first malformed UTF-8 sequence starts (a hint for the error; TextDecoder decides validity). */
function firstInvalidUtf8(b: Buffer): number | null {
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0 || i + n >= b.length + (n === 0 ? 1 : 0)) return i;
    for (let k = 1; k <= n; k++) if ((b[i + k]! & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return null;
}

function lineColumn(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < position && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: position - lineStart + 1 };
}

/** JSON pointer ("/turns/2/caller") to the JSONPath form users read ("$.turns[2].caller"). */
export function pointerToPath(pointer: string): string {
  if (!pointer) return '$';
  return (
    '$' +
    pointer
      .split('/')
      .slice(1)
      .map((seg) => seg.replace(/~1/g, '/').replace(/~0/g, '~'))
      .map((seg) => (/^\d+$/.test(seg) ? `[${seg}]` : /^[A-Za-z_$][\w$]*$/.test(seg) ? `.${seg}` : `[${JSON.stringify(seg)}]`))
      .join('')
  );
}
