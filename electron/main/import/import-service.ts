import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ImportReport } from '../../../shared/model/dto';
import type { ImportProgress } from '../../../shared/model/import-progress';
import { applyReferenceFiles } from '../analysis/apply-references';
import { thresholdsInEffect } from '../analysis/thresholds-config';
import type { Db } from '../db/open';
import { loadRulesFor } from '../compliance/compliance-view';
import { scanStoredCall } from '../compliance/scan-service';
import { classifyInputs } from './classify-inputs';
import { discoverInputs } from './discover';
import { expandArchive } from './expand-archives';
import { adapterById, TRACE_ADAPTERS } from './formats/registry';
import type { AdaptedCall, TraceAdapter } from './formats/trace-adapter';
import { ImportError } from './import-error';
import { errorMessage } from './import-errors';
import { loadSourceFile } from './source-file';
import { startStore, type StoreContext } from './store-adapted';
import { StorePipeline } from './store-pipeline';

export interface ImportOptions {
  /** Force one trace format (an adapter id) instead of detecting it from content. */
  format?: string;
  onProgress?: (p: ImportProgress) => void;
  /** Stops between calls; every call stored so far stays, and running the import again resumes it. */
  signal?: AbortSignal;
  /** Where zips are unpacked; default: an `archives` folder beside the store. */
  archivesDir?: string;
  /** Recordings analysed at once (store-pipeline.ts); default: 2 with 2 or more cores. */
  parallel?: number;
}

/**
 * Compliance hits are found at import, so auditors see them without asking; a user rule pack that does not
 * load leaves the calls imported and says why they were not scanned.
 */
function scanImported(db: Db, report: ImportReport): void {
  const changed = report.imported.filter((c) => c.status !== 'unchanged');
  if (changed.length === 0) return;
  const { rules, error } = loadRulesFor(db);
  for (const c of changed) {
    if (!rules) {
      c.warnings.push(`not scanned for compliance: ${error}`);
      continue;
    }
    try {
      scanStoredCall(db, c.callId, rules.ruleSet);
    } catch (err) {
      c.warnings.push(`compliance scan failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

/** Gives the event loop a turn between calls, so progress is reported, a host stays responsive and cancel lands. */
const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function defaultArchivesDir(db: Db): string {
  return db.name && db.name !== ':memory:' ? join(dirname(db.name), 'archives') : join(tmpdir(), 'turnscope-archives');
}

/**
 * Imports every call found in the given files, folders and zips. Each call is stored in its own
 * transaction (a few are prepared at a time, their recordings analysed in parallel: store-pipeline.ts), so one bad file is listed in `failed` and every other call still lands; re-importing the
 * same content changes nothing, so an interrupted import is resumed by running it again.
 */
export async function importPaths(db: Db, paths: readonly string[], options: ImportOptions = {}): Promise<ImportReport & { cancelled: boolean }> {
  const forced = options.format ? adapterById(options.format) : undefined;
  if (options.format && !forced) {
    throw new ImportError(options.format, `unknown format; known formats: ${TRACE_ADAPTERS.map((a) => a.id).join(', ')}`);
  }
  const started = Date.now();
  const report: ImportReport & { cancelled: boolean } = { imported: [], failed: [], skipped: [], cancelled: false };
  const progress = (phase: ImportProgress['phase'], done: number, total: number, current: string | null): void =>
    options.onProgress?.({ phase, done, total, current, imported: report.imported.length, failed: report.failed.length, elapsedMs: Date.now() - started });

  // Zips are unpacked first and their folders imported like any folder.
  let found = discoverInputs(paths);
  const roots = [...paths];
  for (const [i, zip] of found.archives.entries()) {
    progress('unpacking', i, found.archives.length, zip);
    try {
      roots.push(await expandArchive(zip, options.archivesDir ?? defaultArchivesDir(db)));
    } catch (err) {
      report.failed.push({ path: zip, error: errorMessage(zip, err) });
    }
  }
  if (found.archives.length > 0) found = discoverInputs(roots);
  report.failed.push(...found.missing);

  let scanned = 0;
  const classified = classifyInputs(found.traces, found.optional, forced, report, (path) => {
    progress('scanning', scanned++, found.traces.length, path);
  });
  const ctx: StoreContext = {
    db,
    recordings: found.recordings,
    asr: classified.asr,
    usedAsr: new Set(),
    pairedRecordings: new Set(),
    thresholds: thresholdsInEffect(db),
    report,
    sourceBytes: () => undefined,
  };
  const groupedCount = [...classified.grouped.values()].reduce((n, files) => n + files.length, 0);
  const total = classified.single.length + groupedCount;
  let done = 0;

  // A few calls in flight at once, so several recordings are analysed at a time; they land in order.
  const pipeline = new StorePipeline(options.parallel);
  const storeAll = async (adapter: TraceAdapter, calls: AdaptedCall[], bytes: (p: string) => Buffer | undefined): Promise<void> => {
    for (const adapted of calls) {
      const tracePath = adapted.sourcePaths[0] ?? '';
      // Calls land after their recordings are analysed, up to a few files later: each landing is reported as
      // it happens, so the counts do not lag behind. (Recordings are counted when paired, in
      // ctx.pairedRecordings, whether their call then stores or fails.)
      await pipeline.add(
        adapted.call.externalId,
        () => startStore({ ...ctx, sourceBytes: bytes }, adapter, adapted),
        () => progress('importing', done, total, tracePath),
        (err) => {
          report.failed.push({ path: tracePath, error: errorMessage(tracePath, err) });
          progress('importing', done, total, tracePath);
        },
      );
    }
  };

  for (const { path, adapter } of classified.single) {
    progress('importing', done, total, path);
    await yieldToLoop();
    if (options.signal?.aborted) break;
    try {
      const file = loadSourceFile(path);
      const { calls, failed } = adapter.read([file]);
      report.failed.push(...failed);
      await storeAll(adapter, calls, (p) => (p === path ? file.bytes : undefined));
    } catch (err) {
      report.failed.push({ path, error: errorMessage(path, err) });
    }
    done++;
  }
  for (const [adapter, files] of classified.grouped) {
    progress('importing', done, total, files[0]?.path ?? null);
    await yieldToLoop();
    if (options.signal?.aborted) break;
    const { calls, failed } = adapter.read(files);
    report.failed.push(...failed);
    const byPath = new Map(files.map((f) => [f.path, f.bytes]));
    await storeAll(adapter, calls, (p) => byPath.get(p));
    done += files.length;
  }
  await pipeline.drain();
  report.cancelled = options.signal?.aborted ?? false;
  scanImported(db, report);

  progress('finishing', done, total, null);
  if (!report.cancelled) {
    // A recording whose call failed (for instance on the recording itself) is reported with that call.
    for (const r of found.recordings) {
      if (!ctx.pairedRecordings.has(r)) report.skipped.push({ path: r, reason: 'recording with no call file referring to it' });
    }
    if (found.references.length > 0) {
      const refs = applyReferenceFiles(db, found.references);
      report.failed.push(...refs.failed);
      report.skipped.push(...refs.unmatched.map((u) => ({ path: u.origin, reason: `reference not applied: ${u.reason}` })));
    }
    for (const [path, { adapter }] of classified.asr) {
      if (!ctx.usedAsr.has(path)) {
        report.skipped.push({ path, reason: `${adapter.label} output with no call named like it (name it after the call id, trace or recording)` });
      }
    }
  }
  progress(report.cancelled ? 'cancelled' : 'done', done, total, null);
  return report;
}
