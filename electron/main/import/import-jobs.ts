import { randomUUID } from 'node:crypto';
import type { ImportReport } from '../../../shared/model/dto';
import type { ImportProgress } from '../../../shared/model/import-progress';
import type { Db } from '../db/open';
import { importPaths } from './import-service';

export interface ImportJobState {
  jobId: string;
  progress: ImportProgress;
  /** Set when the import has finished (or was cancelled: it then lists what was stored before stopping). */
  report: (ImportReport & { cancelled: boolean }) | null;
  error: string | null;
}

const KEEP_FINISHED_MS = 10 * 60_000;

/**
 * Imports that run in the background of a host, so the app can show progress and offer Cancel: the import
 * yields between calls, and the page polls the job's state through the API.
 */
export class ImportJobs {
  private readonly jobs = new Map<string, { state: ImportJobState; controller: AbortController; finishedAt: number | null }>();

  constructor(private readonly db: Db) {}

  start(paths: string[], format?: string): string {
    this.forgetOld();
    const jobId = randomUUID();
    const controller = new AbortController();
    const state: ImportJobState = {
      jobId,
      progress: { phase: 'scanning', done: 0, total: 0, current: null, imported: 0, failed: 0, elapsedMs: 0 },
      report: null,
      error: null,
    };
    const job = { state, controller, finishedAt: null as number | null };
    this.jobs.set(jobId, job);
    importPaths(this.db, paths, { format, signal: controller.signal, onProgress: (p) => (state.progress = p) })
      .then((report) => (state.report = report))
      .catch((err: unknown) => (state.error = err instanceof Error ? err.message : String(err)))
      .finally(() => (job.finishedAt = Date.now()));
    return jobId;
  }

  get(jobId: string): ImportJobState | null {
    return this.jobs.get(jobId)?.state ?? null;
  }

  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job || job.finishedAt !== null) return false;
    job.controller.abort();
    return true;
  }

  private forgetOld(): void {
    const now = Date.now();
    for (const [id, job] of this.jobs) if (job.finishedAt !== null && now - job.finishedAt > KEEP_FINISHED_MS) this.jobs.delete(id);
  }
}
