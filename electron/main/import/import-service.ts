import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { FlagDraft } from '../../../shared/model/call';
import type { ImportReport, ImportedCall } from '../../../shared/model/dto';
import type { NormalizedCall } from '../../../shared/model/normalized';
import { AudioFormatError } from '../audio/audio-error';
import { readRecording } from '../audio/read-recording';
import type { Db } from '../db/open';
import { storeCall, type RecordingToStore } from '../db/queries/calls-write';
import { discoverInputs } from './discover';
import { analysisFlags } from './analysis-flags';
import { readTurnscopeCallV1, looksLikeTurnscopeCall } from './formats/turnscope-call-v1';
import { ImportError } from './import-error';
import { integrityFlags } from './integrity';
import { parseJsonFile } from './json-text';

/**
 * Imports every call found in the given files and folders. Each call is stored in its own transaction, so
 * one bad file is listed in `failed` and every other call still lands.
 */
export function importPaths(db: Db, paths: readonly string[]): ImportReport {
  const found = discoverInputs(paths);
  const report: ImportReport = { imported: [], failed: [...found.missing], skipped: [] };
  const usedRecordings = new Set<string>();
  for (const tracePath of found.traces) {
    try {
      const result = importOne(db, tracePath, found.recordings);
      if (result.recordingPath) usedRecordings.add(result.recordingPath);
      report.imported.push(result.imported);
    } catch (err) {
      report.failed.push({ path: tracePath, error: describeError(tracePath, err) });
    }
  }
  for (const r of found.recordings) {
    if (!usedRecordings.has(r)) report.skipped.push({ path: r, reason: 'recording with no call file referring to it' });
  }
  return report;
}

function describeError(path: string, err: unknown): string {
  if (err instanceof ImportError || err instanceof AudioFormatError) return err.message;
  return `${path}: ${err instanceof Error ? err.message : String(err)}`;
}

function detectAndRead(path: string, json: unknown): NormalizedCall {
  if (looksLikeTurnscopeCall(json)) return readTurnscopeCallV1(path, json);
  throw new ImportError(path, `not a format Turnscope reads (${describeShape(json)})`);
}

/** A short description of what a file holds, for "not a format we read" errors. */
function describeShape(json: unknown): string {
  if (Array.isArray(json)) return `saw a JSON array of ${json.length} items`;
  if (json === null || typeof json !== 'object') return `saw a JSON ${json === null ? 'null' : typeof json}`;
  const keys = Object.keys(json).slice(0, 8);
  return `saw a JSON object with keys ${keys.map((k) => JSON.stringify(k)).join(', ') || '(none)'}`;
}

/** Finds the recording of a call: the path the file names, else a recording in the same folder with the same name. */
function resolveRecording(tracePath: string, call: NormalizedCall, recordings: readonly string[]): string | null {
  if (call.recordingRef) {
    const p = call.recordingRef.path;
    return isAbsolute(p) ? p : resolve(dirname(tracePath), p);
  }
  const stem = basename(tracePath).replace(/(\.call)?\.json$/i, '');
  const dir = dirname(tracePath);
  const candidates = [stem, call.externalId].flatMap((s) => [join(dir, `${s}.wav`), join(dir, `${s}.wave`)]);
  return recordings.find((r) => candidates.includes(r)) ?? null;
}

function prepareRecording(tracePath: string, call: NormalizedCall, audioPath: string): RecordingToStore {
  const audio = readRecording(audioPath);
  const ref = call.recordingRef;
  if (ref?.sha256 && ref.sha256 !== audio.sha256) {
    throw new ImportError(tracePath, `recording ${audioPath} does not match the sha256 the call file names`, '$.recording.sha256');
  }
  for (const [role, ch] of [['caller', ref?.callerChannel], ['agent', ref?.agentChannel]] as const) {
    if (ch !== null && ch !== undefined && ch >= audio.format.channels) {
      throw new ImportError(tracePath, `${role} channel ${ch} does not exist: the recording has ${audio.format.channels} channel(s)`, `$.recording.channels.${role}`);
    }
  }
  return {
    id: randomUUID(),
    path: audioPath,
    sha256: audio.sha256,
    codec: audio.format.codec,
    sampleRate: audio.format.sampleRate,
    channels: audio.format.channels,
    bitsPerSample: audio.format.bitsPerSample,
    durationMs: audio.format.durationMs,
    byteSize: audio.byteSize,
    callerChannel: ref?.callerChannel ?? null,
    agentChannel: ref?.agentChannel ?? null,
    peaks: audio.peaks,
  };
}

function importOne(db: Db, tracePath: string, recordings: readonly string[]): { imported: ImportedCall; recordingPath: string | null } {
  const bytes = readFileSync(tracePath);
  const call = detectAndRead(tracePath, parseJsonFile(tracePath, bytes));
  const audioPath = resolveRecording(tracePath, call, recordings);
  const recording = audioPath ? prepareRecording(tracePath, call, audioPath) : null;
  if (!audioPath) call.notes.push({ level: 'warning', message: 'no recording: waveform and audio checks unavailable' });
  const contentHash = createHash('sha256').update(bytes).update(recording?.sha256 ?? '').digest('hex');
  const flags: FlagDraft[] = [...integrityFlags(call, recording?.durationMs ?? null), ...analysisFlags(call)];
  const status = storeCall(db, {
    id: call.externalId,
    call,
    sourcePath: tracePath,
    contentHash,
    recording,
    flags,
    importedAt: new Date().toISOString(),
  });
  return {
    imported: {
      callId: call.externalId,
      path: tracePath,
      format: call.sourceFormat,
      turnCount: call.turns.length,
      status,
      warnings: call.notes.filter((n) => n.level === 'warning').map((n) => n.message),
    },
    recordingPath: audioPath,
  };
}
