import type { ImportReport } from '../../../shared/model/dto';
import type { AsrAdapter } from './asr/asr-adapter';
import { detectAsrFormat } from './asr/registry';
import { detectTraceFormat } from './formats/registry';
import type { SourceFile, TraceAdapter } from './formats/trace-adapter';
import { ImportError } from './import-error';
import { errorMessage } from './import-errors';
import { loadSourceFile } from './source-file';

export type AsrFiles = Map<string, { adapter: AsrAdapter; file: SourceFile }>;

export interface ClassifiedInputs {
  /** Traces of per-file formats: only the path and format are kept, the bytes are read again when stored. */
  single: { path: string; adapter: TraceAdapter }[];
  /** Traces of formats whose calls span files (OTel Collector batches), kept in memory to be read together. */
  grouped: Map<TraceAdapter, SourceFile[]>;
  asr: AsrFiles;
}

/**
 * Pass 1 of an import: recognizes each file by its content (a trace, ASR output, or neither). ASR files are
 * kept, since any call may pair with them; per-file traces are dropped from memory until pass 2.
 */
export function classifyInputs(
  traces: readonly string[],
  optional: ReadonlySet<string>,
  forced: TraceAdapter | undefined,
  report: ImportReport,
  onFile: (path: string) => void,
): ClassifiedInputs {
  const out: ClassifiedInputs = { single: [], grouped: new Map(), asr: new Map() };
  for (const path of traces) {
    onFile(path);
    try {
      const file = loadSourceFile(path);
      const trace = detectTraceFormat(file);
      const asr = detectAsrFormat(file);
      // ASR output supplies words for a call; it is never a call of its own, even under --format.
      if (asr && asr.score > (forced ? 0.5 : (trace?.score ?? 0))) {
        out.asr.set(path, { adapter: asr.adapter, file });
        continue;
      }
      const adapter = forced ?? trace?.adapter;
      const own = !adapter ? turnscopeSideFile(file) : null;
      if (own) {
        report.skipped.push({ path, reason: `${own}, not a call` });
        continue;
      }
      if (!adapter && optional.has(path)) {
        report.skipped.push({ path, reason: `not a format Turnscope reads (${describeContent(file)})` });
        continue;
      }
      if (!adapter) throw new ImportError(path, `not a format Turnscope reads (${describeContent(file)})`);
      if (adapter.groupsFiles) out.grouped.set(adapter, [...(out.grouped.get(adapter) ?? []), file]);
      else out.single.push({ path, adapter });
    } catch (err) {
      report.failed.push({ path, error: errorMessage(path, err) });
    }
  }
  return out;
}

/**
 * Turnscope's own non-call files (a redaction manifest, a package or evidence manifest, a rule pack) sit
 * beside calls in the folders it writes; re-importing such a folder skips them instead of failing.
 */
function turnscopeSideFile(file: SourceFile): string | null {
  if (!file.bytes.subarray(0, 4096).includes('"turnscope.')) return null;
  try {
    const format = (file.json() as { format?: unknown }).format;
    return typeof format === 'string' && format.startsWith('turnscope.') && format !== 'turnscope.call' ? `a ${format} file` : null;
  } catch {
    return null;
  }
}

/** A short description of what a file holds, for "not a format we read" errors. */
function describeContent(file: SourceFile): string {
  const head = file.bytes.subarray(0, 256);
  if (head.includes(0)) return 'binary data';
  let json: unknown;
  try {
    json = file.json();
  } catch (err) {
    const first = head.toString('utf8').trim().split('\n')[0]?.slice(0, 60) ?? '';
    return err instanceof ImportError && /UTF-8/.test(err.problem) ? err.problem : `not JSON; starts with ${JSON.stringify(first)}`;
  }
  if (Array.isArray(json)) return `saw a JSON array of ${json.length} items`;
  if (json === null || typeof json !== 'object') return `saw a JSON ${json === null ? 'null' : typeof json}`;
  const keys = Object.keys(json).slice(0, 8);
  return `saw a JSON object with keys ${keys.map((k) => JSON.stringify(k)).join(', ') || '(none)'}`;
}
