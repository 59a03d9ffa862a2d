/**
 * A golden set: a folder of packages verified together against a folder of new traces. Each package
 * finds its trace in the traces folder by name, in this order: named like the package file
 * (`late-fee.zip` ↔ `late-fee.call.json`, or a folder `late-fee/` holding trace and recording), named
 * after the package id, or after the package's source call id. One package's problem (invalid, tampered,
 * no trace) is reported for that package and the others still run.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { RuleSet } from '../../../shared/compliance/types';
import type { Db } from '../db/open';
import { openPackage } from './open-package';
import { PackageError } from './open-sealed-zip';
import { TraceInputError, verifyOpened, type VerifyReport } from './verify-runner';

export type SetStatus = 'passed' | 'failed' | 'invalid' | 'tampered' | 'no-trace' | 'error';

export interface SetEntry {
  package: string;
  packageId: string | null;
  title: string | null;
  trace: string | null;
  status: SetStatus;
  problem: string | null;
  report: VerifyReport | null;
}

export interface SetResult {
  entries: SetEntry[];
  counts: Record<SetStatus, number>;
  /** 0 all passed; 1 a package failed or could not be verified; 2 a package is invalid or tampered. */
  exitCode: 0 | 1 | 2;
}

const stem = (name: string): string => name.replace(/(\.call)?\.(json|jsonl|ndjson|txt|log)$/i, '').replace(/\.zip$/i, '');

/** Top-level entries of the traces folder by stem (audio files are not traces, but a folder may hold one). */
function traceIndex(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    const isDir = statSync(full).isDirectory();
    if (!isDir && /\.(wav|mp3|ogg|opus|flac|m4a)$/i.test(name)) continue;
    if (!out.has(stem(name))) out.set(stem(name), full);
  }
  return out;
}

export interface SetOptions {
  ruleSet: RuleSet;
  strict?: boolean;
  store?: Db | null;
  onProgress?: (done: number, total: number, current: string) => void;
}

export async function verifySet(packagesDir: string, tracesDir: string, o: SetOptions): Promise<SetResult> {
  const zips = readdirSync(packagesDir).filter((n) => /\.zip$/i.test(n)).sort().map((n) => resolve(packagesDir, n));
  const traces = traceIndex(tracesDir);
  const entries: SetEntry[] = [];
  for (const [i, zip] of zips.entries()) {
    o.onProgress?.(i, zips.length, zip);
    const entry: SetEntry = { package: zip, packageId: null, title: null, trace: null, status: 'error', problem: null, report: null };
    entries.push(entry);
    let pkg;
    try {
      pkg = await openPackage(zip);
    } catch (err) {
      entry.status = err instanceof PackageError ? err.kind : 'error';
      entry.problem = err instanceof PackageError ? err.problem : String(err);
      continue;
    }
    try {
      const m = pkg.manifest;
      entry.packageId = m.packageId;
      entry.title = m.title;
      const trace = traces.get(stem(basename(zip))) ?? traces.get(m.packageId) ?? traces.get(m.source.callId) ?? null;
      entry.trace = trace;
      if (!trace) {
        entry.status = 'no-trace';
        entry.problem = `no trace named ${stem(basename(zip))}, ${m.packageId} or ${m.source.callId} in ${tracesDir}`;
        continue;
      }
      const report = await verifyOpened(pkg, zip, { trace, ruleSet: o.ruleSet, strict: o.strict, store: o.store });
      entry.report = report;
      entry.status = report.passed ? 'passed' : 'failed';
    } catch (err) {
      entry.status = 'error';
      entry.problem = err instanceof TraceInputError || err instanceof Error ? err.message : String(err);
    } finally {
      pkg.close();
    }
  }
  const counts: Record<SetStatus, number> = { passed: 0, failed: 0, invalid: 0, tampered: 0, 'no-trace': 0, error: 0 };
  for (const e of entries) counts[e.status]++;
  const exitCode = counts.invalid + counts.tampered > 0 ? 2 : counts.failed + counts['no-trace'] + counts.error > 0 ? 1 : 0;
  return { entries, counts, exitCode };
}
