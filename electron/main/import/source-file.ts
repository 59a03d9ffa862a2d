import { readFileSync, statSync } from 'node:fs';
import type { SourceFile } from './formats/trace-adapter';
import { ImportError } from './import-error';
import { decodeUtf8, MAX_JSON_BYTES, parseJsonFile } from './json-text';

/** Wraps a file for adapters: text and JSON are decoded once, on first use. */
export function sourceFileFromBytes(path: string, bytes: Buffer): SourceFile {
  let text: string | undefined;
  let json: { value: unknown } | undefined;
  return {
    path,
    bytes,
    text: () => (text ??= decodeUtf8(path, bytes)),
    json: () => (json ??= { value: parseJsonFile(path, bytes) }).value,
  };
}

export function loadSourceFile(path: string): SourceFile {
  let bytes: Buffer;
  try {
    // Refuse absurd sizes before reading a byte: a 2 GB "trace" must not take 2 GB of memory to reject.
    const size = statSync(path).size;
    if (size > MAX_JSON_BYTES) {
      throw new ImportError(path, `file is ${size} bytes, above the ${MAX_JSON_BYTES}-byte limit for one trace file (split it, e.g. one file per call)`);
    }
    bytes = readFileSync(path);
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw new ImportError(path, `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  return sourceFileFromBytes(path, bytes);
}
