import { readdirSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';

export const AUDIO_EXTENSIONS = new Set(['.wav', '.wave', '.mp3', '.ogg', '.oga', '.opus', '.flac']);
const TRACE_EXTENSIONS = new Set(['.json', '.jsonl', '.ndjson']);
/** Text dumps (e.g. the OTel Python console exporter) that are tried when found in a folder but, unrecognized, skipped rather than failed. */
/** Reference transcripts for WER (NIST trn / stm, or CSV), applied after the calls are stored. */
const REFERENCE_EXTENSIONS = new Set(['.trn', '.stm', '.csv']);
const MAYBE_TRACE_EXTENSIONS = new Set(['.log', '.txt']);

export interface DiscoveredInputs {
  traces: string[];
  recordings: string[];
  references: string[];
  /** Zip archives: unpacked, then imported like folders. */
  archives: string[];
  /** Traces found in folders by a loose extension (.log, .txt): skipped, not failed, when no format matches. */
  optional: Set<string>;
  /** Paths that were given but do not exist, with the reason. */
  missing: { path: string; error: string }[];
}

/** Expands the files and folders a user named into candidate trace files and recordings, sorted for stable order. */
export function discoverInputs(paths: readonly string[]): DiscoveredInputs {
  const out: DiscoveredInputs = { traces: [], recordings: [], references: [], archives: [], optional: new Set(), missing: [] };
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
    else if (REFERENCE_EXTENSIONS.has(ext)) out.references.push(p);
    else if (ext === '.zip') out.archives.push(p);
    // A file named explicitly is tried whatever its extension; in folders only trace-like files are.
    else if (TRACE_EXTENSIONS.has(ext) || explicit) out.traces.push(p);
    else if (MAYBE_TRACE_EXTENSIONS.has(ext)) {
      out.traces.push(p);
      out.optional.add(p);
    }
  };
  for (const p of paths) visit(resolve(p), true);
  return out;
}
