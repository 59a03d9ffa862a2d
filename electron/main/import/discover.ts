import { readdirSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';

export const AUDIO_EXTENSIONS = new Set(['.wav', '.wave']);
const TRACE_EXTENSIONS = new Set(['.json', '.jsonl', '.ndjson']);

export interface DiscoveredInputs {
  traces: string[];
  recordings: string[];
  /** Paths that were given but do not exist, with the reason. */
  missing: { path: string; error: string }[];
}

/** Expands the files and folders a user named into candidate trace files and recordings, sorted for stable order. */
export function discoverInputs(paths: readonly string[]): DiscoveredInputs {
  const out: DiscoveredInputs = { traces: [], recordings: [], missing: [] };
  const visit = (p: string, explicit: boolean): void => {
    let st;
    try {
      st = statSync(p);
    } catch {
      out.missing.push({ path: p, error: 'no such file or folder' });
      return;
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) {
        if (name.startsWith('.')) continue;
        visit(join(p, name), false);
      }
      return;
    }
    const ext = extname(p).toLowerCase();
    if (AUDIO_EXTENSIONS.has(ext)) out.recordings.push(p);
    // A file named explicitly is tried whatever its extension; in folders only trace-like files are.
    else if (TRACE_EXTENSIONS.has(ext) || explicit) out.traces.push(p);
  };
  for (const p of paths) visit(resolve(p), true);
  return out;
}
