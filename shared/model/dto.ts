import type { CallAnalysisView } from './analysis-view';
import type { AgentInfo, CallOutcome, Flag, Span, Turn } from './call';
import type { MeasuredTurnSpeech, RecordingInfo } from './recording';

/** One row of the call library. */
export interface CallSummary {
  id: string;
  sourceFormat: string;
  agent: AgentInfo;
  startedAt: string | null;
  durationMs: number | null;
  outcome: CallOutcome;
  turnCount: number;
  flagCount: number;
  importedAt: string;
}

/** Everything known about one call, as `turnscope show --json` prints it and the call view reads it. */
export interface CallDetail extends CallSummary {
  externalId: string | null;
  sourcePath: string | null;
  contentHash: string;
  endedReason: string | null;
  recordings: RecordingInfo[];
  turns: TurnDetail[];
  spans: Span[];
  flags: Flag[];
  importNotes: ImportNote[];
  /** Stored analysis (WER, runs, confidence, latency, metrics); null until the call is analysed. */
  analysis?: CallAnalysisView | null;
}

/** A stored turn with what the recording shows of it (null when there is no analysed two-channel recording). */
export interface TurnDetail extends Turn {
  measured?: MeasuredTurnSpeech | null;
}

/** What an importer saw about a field: present, derived from other fields, or missing. */
export interface ImportNote {
  level: 'info' | 'warning';
  message: string;
}

export interface ImportedCall {
  callId: string;
  path: string;
  format: string;
  turnCount: number;
  /** 'created', 'updated' (content changed) or 'unchanged' (same content already stored). */
  status: 'created' | 'updated' | 'unchanged';
  warnings: string[];
  /** The files paired with the trace: its recording and any ASR engine output. */
  paired: { recording: string | null; asr: string[] };
}

export interface FailedImport {
  path: string;
  error: string;
}

export interface SkippedInput {
  path: string;
  reason: string;
}

export interface ImportReport {
  imported: ImportedCall[];
  failed: FailedImport[];
  /** Inputs that were not calls and not errors, e.g. a recording no call file refers to. */
  skipped: SkippedInput[];
}
