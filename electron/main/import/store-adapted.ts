import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import type { AsrTranscript } from '../../../shared/model/asr';
import type { FlagDraft } from '../../../shared/model/call';
import type { ImportedCall, ImportReport } from '../../../shared/model/dto';
import type { NormalizedCall } from '../../../shared/model/normalized';
import { buildAnalysis } from '../analysis/build-analysis';
import { recordingSecondsHint } from '../audio/span-entry';
import type { ThresholdsInEffect } from '../analysis/thresholds-config';
import type { Db } from '../db/open';
import { writeAnalysis } from '../db/queries/analysis-write';
import { laterReferences, storedContentHash, storedSourceFormat } from '../db/queries/calls-read';
import { setTurnReference } from '../db/queries/analysis-write';
import { storeCall, type RecordingToStore } from '../db/queries/calls-write';
import { attachAsrWords } from './asr/attach-asr';
import type { AsrFiles } from './classify-inputs';
import type { AdaptedCall, TraceAdapter } from './formats/trace-adapter';
import { errorMessage } from './import-errors';
import { integrityFlags, noteFlags } from './integrity';
import { pairAsrFiles, pairRecording } from './pairing';
import { prepareRecording } from './prepare-recording';

export interface StoreContext {
  db: Db;
  recordings: readonly string[];
  asr: AsrFiles;
  usedAsr: Set<string>;
  /** Recordings some call was paired with, whether or not that call then stored. */
  pairedRecordings: Set<string>;
  thresholds: ThresholdsInEffect;
  report: ImportReport;
  /** Bytes of the source files, by path (the adapter's input). */
  sourceBytes: (path: string) => Buffer | undefined;
}

/**
 * What identifies a call's content without decoding its audio: the trace and ASR bytes, and the recording's
 * path, size and modification time. Re-importing unchanged inputs is then a hash and a stat per call, which
 * is what makes an interrupted 10,000-call import cheap to resume.
 */
function contentHash(ctx: StoreContext, sourcePaths: readonly string[], audioPath: string | null): string {
  const hash = createHash('sha256');
  for (const p of sourcePaths) hash.update(ctx.sourceBytes(p) ?? ctx.asr.get(p)?.file.bytes ?? p).update('\0');
  if (audioPath) {
    try {
      const st = statSync(audioPath);
      hash.update(`${audioPath}\0${st.size}\0${st.mtimeMs}`);
    } catch {
      hash.update(`${audioPath}\0missing`);
    }
  }
  return hash.digest('hex');
}

/** A call on its way into the store: its recording being analysed on a worker while other calls proceed. */
export interface StartedStore {
  /** The id the call is stored under (calls of one id are stored one after the other). */
  readonly id: string;
  /**
   * How long the recording is, as its container says (0 without a recording; null when the container does
   * not say): what its analysis will weigh on the machine.
   */
  readonly recordingSeconds: number | null;
  /** Starts the recording's analysis on a worker (finish does, if this has not). */
  launch(): void;
  /** Finishes the call (waits for its audio, analyses it, stores it in one transaction); the recording it used. */
  finish(): Promise<string | null>;
}

/**
 * Pairs one adapted call with its recording and ASR output and starts measuring the audio (on a worker);
 * `finish` then analyses the call and stores it all in one transaction. Everything that reads the store
 * to decide (the id, whether the content is already stored) happens here, in order; the store is written
 * only in `finish`.
 */
export function startStore(ctx: StoreContext, adapter: TraceAdapter, { call, sourcePaths }: AdaptedCall): StartedStore {
  const tracePath = sourcePaths[0] ?? '';
  const id = storedIdFor(ctx.db, call);
  const audioPath = pairRecording(call, tracePath, ctx.recordings);
  if (audioPath) ctx.pairedRecordings.add(audioPath);
  const pairedAsr = pairAsrFiles(call, tracePath, audioPath, [...ctx.asr.keys()]);
  pairedAsr.forEach((p) => ctx.usedAsr.add(p));
  const hash = contentHash(ctx, [...sourcePaths, ...pairedAsr], audioPath);
  const entry = (status: ImportedCall['status'], asrPaths: string[]): ImportedCall => ({
    callId: id,
    path: tracePath,
    format: adapter.id,
    turnCount: call.turns.length,
    status,
    warnings: call.notes.filter((n) => n.level === 'warning').map((n) => n.message),
    paired: { recording: audioPath, asr: asrPaths },
  });
  if (storedContentHash(ctx.db, id) === hash) {
    return {
      id,
      recordingSeconds: 0,
      launch: () => undefined,
      finish: async () => {
        ctx.report.imported.push(entry('unchanged', pairedAsr));
        return audioPath;
      },
    };
  }
  const asrPaths = attachAsr(call, pairedAsr, ctx);
  let recording: Promise<RecordingToStore | null> | null = null;
  const launch = (): Promise<RecordingToStore | null> => {
    if (!recording) {
      recording = audioPath ? prepareRecording(tracePath, call, audioPath) : Promise.resolve(null);
      // Awaited in finish; until then a failure must not count as unhandled.
      recording.catch(() => undefined);
    }
    return recording;
  };
  return {
    id,
    recordingSeconds: audioPath ? recordingSecondsHint(audioPath) : 0,
    launch: () => void launch(),
    finish: async () => {
      const stored = await launch();
      if (!audioPath) call.notes.push({ level: 'info', message: 'no recording: waveform and audio checks unavailable' });
      const kept = keepLaterReferences(ctx.db, id, call);
      const flags: FlagDraft[] = [...integrityFlags(call, stored?.durationMs ?? null), ...noteFlags(call.notes)];
      const analysis = buildAnalysis({ id, turns: call.turns, outcome: call.outcome }, ctx.thresholds);
      const { db } = ctx;
      // The call and its analysis land together or not at all.
      const status = db.transaction(() => {
        const result = storeCall(db, { id, call, sourcePath: tracePath, contentHash: hash, recording: stored, flags, importedAt: new Date().toISOString() });
        for (const r of kept) setTurnReference(db, id, r.turnIndex, r.text, r.source);
        if (result !== 'unchanged') writeAnalysis(db, id, analysis);
        return result;
      })();
      ctx.report.imported.push(entry(status, asrPaths));
      return audioPath;
    },
  };
}

/**
 * The id a call is stored under: its own id, unless a call of that id was imported from another format
 * (a LiveKit session from its report and from its OpenTelemetry trace, say). Then this one is kept beside
 * it as `id@format` rather than replacing it: two accounts of one call are both evidence. Re-importing
 * either finds its own.
 */
function storedIdFor(db: Db, call: NormalizedCall): string {
  const format = storedSourceFormat(db, call.externalId);
  if (format === null || format === call.sourceFormat) return call.externalId;
  const id = `${call.externalId}@${call.sourceFormat}`;
  call.notes.push({ level: 'info', message: `call ${call.externalId} is also stored from ${format}; this ${call.sourceFormat} import is kept beside it as ${id}` });
  return id;
}

/**
 * A re-import replaces the stored call, but not what an analyst added to it since: reference transcripts
 * entered in the app or applied from a reference file carry over to the same turns, unless the new
 * import brings its own. Returns those carried over (their source is restored once the turns are stored).
 */
function keepLaterReferences(db: Db, id: string, call: NormalizedCall): { turnIndex: number; text: string; source: string }[] {
  const kept = laterReferences(db, id).filter((r) => {
    const turn = call.turns.find((t) => t.index === r.turnIndex);
    if (!turn || turn.referenceText !== null) return false;
    turn.referenceText = r.text;
    return true;
  });
  if (kept.length > 0) call.notes.push({ level: 'info', message: `kept ${kept.length} reference transcript(s) added since the last import (turns ${kept.map((r) => r.turnIndex).join(', ')})` });
  return kept;
}

/**
 * Reads the ASR files paired with a call and attaches their words to its caller turns. An ASR file that
 * cannot be read fails on its own; the call still imports, with what its trace has.
 */
function attachAsr(call: NormalizedCall, asrPaths: string[], ctx: StoreContext): string[] {
  const attachedFrom: string[] = [];
  for (const path of asrPaths) {
    const entry = ctx.asr.get(path)!;
    let transcript: AsrTranscript;
    try {
      transcript = entry.adapter.read(entry.file);
    } catch (err) {
      ctx.report.failed.push({ path, error: errorMessage(path, err) });
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
