import { join } from 'node:path';
import type { NormalizedCall } from '../../../../shared/model/normalized';
import type { SourceFile, TraceAdapter } from '../../../../electron/main/import/formats/trace-adapter';
import { loadSourceFile, sourceFileFromBytes } from '../../../../electron/main/import/source-file';

export const FIXTURES = join(__dirname, '../../../fixtures/traces');

export const fixture = (rel: string): SourceFile => loadSourceFile(join(FIXTURES, rel));

/** An in-memory file, for variants and broken inputs that do not deserve a fixture of their own. */
export const memoryFile = (name: string, content: unknown): SourceFile =>
  sourceFileFromBytes(`/virtual/${name}`, Buffer.from(typeof content === 'string' ? content : JSON.stringify(content)));

/** The fixture's JSON, for tests that change one field. */
export const fixtureJson = (rel: string): Record<string, unknown> => fixture(rel).json() as Record<string, unknown>;

/** Reads exactly one call and fails the test with the adapter's own message otherwise. */
export function readOne(adapter: TraceAdapter, file: SourceFile): NormalizedCall {
  const { calls, failed } = adapter.read([file]);
  if (failed.length > 0) throw new Error(failed.map((f) => f.error).join('\n'));
  if (calls.length !== 1) throw new Error(`expected one call, got ${calls.length}`);
  return calls[0]!.call;
}

export const noteTexts = (c: NormalizedCall): string[] => c.notes.map((n) => `${n.level}: ${n.message}`);

/**
 * A fixture with one value replaced (or removed, for `undefined`), as an in-memory file: broken inputs stay
 * one line each and obviously differ from the real fixture in just that place.
 */
export function fixtureWith(rel: string, changes: [path: (string | number)[], value: unknown][]): SourceFile {
  const json: unknown = structuredClone(fixture(rel).json());
  for (const [path, value] of changes) {
    let node = json as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
    const last = path[path.length - 1]!;
    if (value === undefined) delete node[last];
    else node[last] = value;
  }
  return memoryFile(rel.split('/').pop()!, json);
}
