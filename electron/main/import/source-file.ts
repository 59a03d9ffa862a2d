import { readFileSync } from 'node:fs';
import type { SourceFile } from './formats/trace-adapter';
import { ImportError } from './import-error';
import { decodeUtf8, parseJsonFile } from './json-text';

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
    bytes = readFileSync(path);
  } catch (err) {
    throw new ImportError(path, `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  return sourceFileFromBytes(path, bytes);
}
