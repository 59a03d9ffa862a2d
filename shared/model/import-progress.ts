/** Where a running import is, for the CLI's progress bar and the app's import dialog. */
export interface ImportProgress {
  phase: 'unpacking' | 'scanning' | 'importing' | 'finishing' | 'done' | 'cancelled';
  /** Units done and total in this phase (files while scanning, calls while importing). */
  done: number;
  total: number;
  /** The file being worked on. */
  current: string | null;
  imported: number;
  failed: number;
  /** Milliseconds since the import started. */
  elapsedMs: number;
}
