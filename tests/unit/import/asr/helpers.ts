import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceFile } from '../../../../electron/main/import/formats/trace-adapter';
import { ImportError } from '../../../../electron/main/import/import-error';
import { sourceFileFromBytes } from '../../../../electron/main/import/source-file';

export const FIXTURES = join(__dirname, '../../../fixtures/asr');

export const FIXTURE_NAMES = [
  'deepgram-mono.json',
  'deepgram-mono-diarized.json',
  'deepgram-multichannel-utterances.json',
  'whisper-api-verbose.json',
  'whisper-local.json',
  'faster-whisper-segments.json',
  'aws-transcribe-channels.json',
  'aws-transcribe-speakers.json',
  'aws-call-analytics.json',
  'assemblyai-multichannel.json',
  'assemblyai-speakers.json',
] as const;

export function fixture(name: string): SourceFile {
  const path = join(FIXTURES, name);
  return sourceFileFromBytes(path, readFileSync(path));
}

export function fixtureJson(name: string): unknown {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as unknown;
}

type Step = string | number;

/** A copy of a fixture with the value at `path` replaced (`undefined` deletes it), to make one field wrong. */
export function fixtureWith(name: string, ...changes: [path: Step[], value: unknown][]): SourceFile {
  const json = fixtureJson(name);
  for (const [path, value] of changes) setAt(json, path, value);
  return fileOf(name, json);
}

export function setAt(json: unknown, path: Step[], value: unknown): void {
  let node = json;
  for (const step of path.slice(0, -1)) node = (node as Record<Step, unknown>)[step];
  const last = path[path.length - 1]!;
  const parent = node as Record<Step, unknown>;
  if (value === undefined) delete parent[last];
  else parent[last] = value;
}

export function fileOf(name: string, content: unknown): SourceFile {
  const text = typeof content === 'string' ? content : JSON.stringify(content, null, 2);
  return sourceFileFromBytes(`/calls/${name}`, Buffer.from(text, 'utf8'));
}

/** Runs `fn`, expecting an ImportError; returns it so the test can check file, place and problem. */
export function importError(fn: () => unknown): ImportError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ImportError) return err;
    throw new Error(`expected an ImportError, got ${String(err)}`);
  }
  throw new Error('expected an ImportError, nothing was thrown');
}
