import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NormalizedCall } from '../../../../shared/model/normalized';
import type { SourceFile, TraceAdapter } from '../../../../electron/main/import/formats/trace-adapter';
import { sourceFileFromBytes } from '../../../../electron/main/import/source-file';

export const ROOT = resolve(__dirname, '../../../..');
export const OTEL_FIXTURES = join(ROOT, 'tests/fixtures/traces/otel');

export const fixture = (rel: string): SourceFile => {
  const path = join(OTEL_FIXTURES, rel);
  return sourceFileFromBytes(path, readFileSync(path));
};

export const textFile = (path: string, text: string): SourceFile => sourceFileFromBytes(path, Buffer.from(text, 'utf8'));

export const jsonFile = (path: string, value: unknown): SourceFile => textFile(path, JSON.stringify(value));

/** Reads files with an adapter and returns the calls by external id, failing the test on unexpected errors. */
export function readCalls(adapter: TraceAdapter, files: SourceFile[]): { calls: Map<string, NormalizedCall>; failed: { path: string; error: string }[] } {
  const { calls, failed } = adapter.read(files);
  return { calls: new Map(calls.map((c) => [c.call.externalId, c.call])), failed };
}

export function only(adapter: TraceAdapter, files: SourceFile[]): NormalizedCall {
  const { calls, failed } = adapter.read(files);
  if (failed.length > 0) throw new Error(`unexpected failures: ${JSON.stringify(failed)}`);
  if (calls.length !== 1) throw new Error(`expected one call, got ${calls.length}`);
  return calls[0]!.call;
}

export const messages = (call: NormalizedCall, level?: 'info' | 'warning'): string[] =>
  call.notes.filter((n) => !level || n.level === level).map((n) => n.message);

/** A compact, readable view of turns for assertions. */
export const turnView = (call: NormalizedCall): { caller: string | null; agent: string | null; e2e: number | null; tools: string[] }[] =>
  call.turns.map((t) => ({ caller: t.caller?.text ?? null, agent: t.agent?.text ?? null, e2e: t.timings.endToEndMs, tools: t.toolCalls.map((c) => c.name) }));
