import { createHash } from 'node:crypto';
import type { FlagDraft } from '../../../shared/model/call';
import type { ImportReport } from '../../../shared/model/dto';
import { AudioFormatError } from '../audio/audio-error';
import type { Db } from '../db/open';
import { storeCall } from '../db/queries/calls-write';
import { applyReferenceFiles } from '../analysis/apply-references';
import { buildAnalysis } from '../analysis/build-analysis';
import { thresholdsInEffect } from '../analysis/thresholds-config';
import { writeAnalysis } from '../db/queries/analysis-write';
import { discoverInputs } from './discover';
import { adapterById, detectTraceFormat, TRACE_ADAPTERS } from './formats/registry';
import type { AdaptedCall, SourceFile, TraceAdapter } from './formats/trace-adapter';
import type { NormalizedCall } from '../../../shared/model/normalized';
import { ImportError } from './import-error';
import { integrityFlags, noteFlags } from './integrity';
import { pairAsrFiles, pairRecording } from './pairing';
import { attachAsrWords } from './asr/attach-asr';
import type { AsrAdapter } from './asr/asr-adapter';
import { detectAsrFormat } from './asr/registry';
import type { AsrTranscript } from '../../../shared/model/asr';
import { prepareRecording } from './prepare-recording';
import { loadSourceFile } from './source-file';

type AsrFiles = Map<string, { adapter: AsrAdapter; file: SourceFile }>;

export interface ImportOptions {
  /** Force one trace format (an adapter id) instead of detecting it from content. */
  format?: string;
}

/**
 * Imports every call found in the given files and folders. Each call is stored in its own transaction, so
 * one bad file is listed in `failed` and every other call still lands.
 */
export function importPaths(db: Db, paths: readonly string[], options: ImportOptions = {}): ImportReport {
  const forced = options.format ? adapterById(options.format) : undefined;
  if (options.format && !forced) {
    throw new ImportError(options.format, `unknown format; known formats: ${TRACE_ADAPTERS.map((a) => a.id).join(', ')}`);
  }
  const found = discoverInputs(paths);
  const report: ImportReport = { imported: [], failed: [...found.missing], skipped: [] };
  const groups = new Map<TraceAdapter, SourceFile[]>();
  const asrFiles: AsrFiles = new Map();
  for (const path of found.traces) {
    try {
      const file = loadSourceFile(path);
      const trace = detectTraceFormat(file);
      const asr = detectAsrFormat(file);
      // ASR output supplies words for a call; it is never a call of its own, even under --format.
      if (asr && asr.score > (forced ? 0.5 : (trace?.score ?? 0))) {
        asrFiles.set(path, { adapter: asr.adapter, file });
        continue;
      }
      const adapter = forced ?? trace?.adapter;
      if (!adapter && found.optional.has(path)) {
        report.skipped.push({ path, reason: `not a format Turnscope reads (${describeContent(file)})` });
        continue;
      }
      if (!adapter) throw new ImportError(path, `not a format Turnscope reads (${describeContent(file)})`);
      groups.set(adapter, [...(groups.get(adapter) ?? []), file]);
    } catch (err) {
      report.failed.push({ path, error: errorMessage(path, err) });
    }
  }
  const usedAsr = new Set<string>();
  const usedRecordings = new Set<string>();
  for (const [adapter, files] of groups) {
    const { calls, failed } = adapter.read(files);
    report.failed.push(...failed);
    for (const adapted of calls) {
      const tracePath = adapted.sourcePaths[0] ?? '';
      try {
        const audioPath = storeAdapted(db, adapter, adapted, files, found.recordings, asrFiles, usedAsr, report);
        if (audioPath) usedRecordings.add(audioPath);
      } catch (err) {
        report.failed.push({ path: tracePath, error: errorMessage(tracePath, err) });
      }
    }
  }
  for (const r of found.recordings) {
    if (!usedRecordings.has(r)) report.skipped.push({ path: r, reason: 'recording with no call file referring to it' });
  }
  if (found.references.length > 0) {
    const refs = applyReferenceFiles(db, found.references);
    report.failed.push(...refs.failed);
    report.skipped.push(...refs.unmatched.map((u) => ({ path: u.origin, reason: `reference not applied: ${u.reason}` })));
  }
  for (const [path, { adapter }] of asrFiles) {
    if (!usedAsr.has(path)) {
      report.skipped.push({ path, reason: `${adapter.label} output with no call named like it (name it after the call id, trace or recording)` });
    }
  }
  return report;
}

/**
 * Reads the ASR files paired with a call and attaches their words to its caller turns. An ASR file that
 * cannot be read fails on its own; the call still imports, with what its trace has.
 */
function attachAsr(call: NormalizedCall, asrPaths: string[], asrFiles: AsrFiles, report: ImportReport): string[] {
  const attachedFrom: string[] = [];
  for (const path of asrPaths) {
    const entry = asrFiles.get(path)!;
    let transcript: AsrTranscript;
    try {
      transcript = entry.adapter.read(entry.file);
    } catch (err) {
      report.failed.push({ path, error: errorMessage(path, err) });
      call.notes.push({ level: 'warning', message: `ASR output ${path} could not be read; words from the trace only` });
      continue;
    }
    const attached = attachAsrWords(call.turns, transcript, { callerChannel: call.recordingRef?.callerChannel ?? null });
    call.turns = attached.turns;
    call.notes.push(...attached.notes);
    attachedFrom.push(path);
  }
  return attachedFrom;
}

function storeAdapted(
  db: Db,
  adapter: TraceAdapter,
  { call, sourcePaths: traceSources }: AdaptedCall,
  files: SourceFile[],
  recordings: readonly string[],
  asrFiles: AsrFiles,
  usedAsr: Set<string>,
  report: ImportReport,
): string | null {
  let sourcePaths = traceSources;
  const tracePath = sourcePaths[0] ?? '';
  const audioPath = pairRecording(call, tracePath, recordings);
  const pairedAsr = pairAsrFiles(call, tracePath, audioPath, [...asrFiles.keys()]);
  pairedAsr.forEach((p) => usedAsr.add(p));
  const asrPaths = attachAsr(call, pairedAsr, asrFiles, report);
  sourcePaths = [...sourcePaths, ...asrPaths];
  const recording = audioPath ? prepareRecording(tracePath, call, audioPath) : null;
  if (!audioPath) call.notes.push({ level: 'info', message: 'no recording: waveform and audio checks unavailable' });
  const hash = createHash('sha256');
  for (const p of sourcePaths) hash.update(files.find((f) => f.path === p)?.bytes ?? asrFiles.get(p)?.file.bytes ?? p);
  const contentHash = hash.update(recording?.sha256 ?? '').digest('hex');
  const flags: FlagDraft[] = [...integrityFlags(call, recording?.durationMs ?? null), ...noteFlags(call.notes)];
  const analysis = buildAnalysis({ id: call.externalId, turns: call.turns, outcome: call.outcome }, thresholdsInEffect(db));
  // The call and its analysis land together or not at all.
  const status = db.transaction(() => {
    const stored = storeCall(db, {
      id: call.externalId,
      call,
      sourcePath: tracePath,
      contentHash,
      recording,
      flags,
      importedAt: new Date().toISOString(),
    });
    if (stored !== 'unchanged') writeAnalysis(db, call.externalId, analysis);
    return stored;
  })();
  report.imported.push({
    callId: call.externalId,
    path: tracePath,
    format: adapter.id,
    turnCount: call.turns.length,
    status,
    warnings: call.notes.filter((n) => n.level === 'warning').map((n) => n.message),
    paired: { recording: audioPath, asr: asrPaths },
  });
  return audioPath;
}

function errorMessage(path: string, err: unknown): string {
  if (err instanceof ImportError || err instanceof AudioFormatError) return err.message;
  return `${path}: ${err instanceof Error ? err.message : String(err)}`;
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
