/**
 * Regression check for optimisations of the analysis: analyses every recording in a directory on this
 * thread and writes (or compares against) a snapshot of everything the analysis returns. Compare mode
 * reports exact mismatches of segments, peaks and envelopes, and the largest difference of each number.
 * usage: node --import tsx bench/audio/snapshot.ts write|compare <dir> <snapshot.json> [--helper always|never|auto]
 * (--helper: whether the per-channel analysis runs on a second thread; default as import runs it, auto.)
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSignal } from '../../electron/main/audio/analyze-recording';
import { summarizeSignal } from '../../electron/main/audio/recording-audio';
import { loadAudioThresholds } from '../../electron/main/audio/audio-thresholds';
import { resourcesDir } from '../../electron/main/paths';
import { signalOptions } from '../../electron/main/import/prepare-recording';

const [mode, dir, out] = process.argv.slice(2);
if (!mode || !dir || !out) {
  console.error('usage: snapshot.ts write|compare <dir> <snapshot.json>');
  process.exit(2);
}
const th = loadAudioThresholds(resourcesDir());
const hi = process.argv.indexOf('--helper');
const helper = (hi >= 0 ? process.argv[hi + 1] : 'auto') as 'always' | 'never' | 'auto';
const plain = (v: unknown): unknown => {
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>);
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
};
const results: Record<string, unknown> = {};
for (const f of readdirSync(dir).sort()) {
  const t0 = performance.now();
  const r = summarizeSignal(await analyzeSignal(join(dir, f), signalOptions(th), { helper, vad: th.vad }), th.vad);
  const { path: _p, analyzerVersion: _v, ...rest } = r;
  results[f] = plain(rest);
  console.error(`${f}: ${Math.round(performance.now() - t0)} ms`);
}
if (mode === 'write') {
  writeFileSync(out, JSON.stringify(results));
} else {
  const before = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
  let exactMismatch = 0;
  const worst = new Map<string, number>();
  const walk = (a: unknown, b: unknown, path: string): void => {
    if (typeof a === 'number' && typeof b === 'number') {
      if (a === b) return;
      const key = path.replace(/\[\d+\]/g, '[]').replace(/^[^.]+\./, '');
      const d = Math.abs(a - b);
      if (Number.isInteger(a) && Number.isInteger(b) && !/Energy|sum/.test(key)) {
        if (exactMismatch++ < 40) console.log(`DIFF ${path}: ${b} -> ${a}`);
      }
      worst.set(key, Math.max(worst.get(key) ?? 0, d));
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      if (a.length !== b.length) {
        exactMismatch++;
        console.log(`LENGTH ${path}: ${b.length} -> ${a.length}`);
      }
      for (let i = 0; i < Math.min(a.length, b.length); i++) walk(a[i], b[i], `${path}[${i}]`);
      return;
    }
    if (a && b && typeof a === 'object' && typeof b === 'object') {
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) walk((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
      return;
    }
    if (a !== b) {
      exactMismatch++;
      console.log(`VALUE ${path}: ${JSON.stringify(b)} -> ${JSON.stringify(a)}`);
    }
  };
  for (const f of Object.keys(before)) walk(results[f], before[f], f);
  for (const [k, d] of [...worst.entries()].sort()) console.log(`max |diff| ${k}: ${d}`);
  console.log(exactMismatch === 0 ? 'IDENTICAL integer results' : `${exactMismatch} integer/structural differences`);
}
