/**
 * The normalized call model: what every importer produces and every screen, analysis and export reads.
 * Times are milliseconds on the recording's own timeline (0 = first sample), so audio, words, turns and
 * spans share one axis. Values the source could not supply are null, never 0.
 */

export type Speaker = 'caller' | 'agent';

export type CallOutcome = 'resolved' | 'escalated' | 'abandoned' | 'failed' | 'unknown';

export const CALL_OUTCOMES: readonly CallOutcome[] = ['resolved', 'escalated', 'abandoned', 'failed', 'unknown'];

export type Severity = 'info' | 'warning' | 'critical';

export interface Word {
  text: string;
  startMs: number | null;
  endMs: number | null;
  /** Recognizer confidence 0..1; null when the source has none. */
  confidence: number | null;
}

export interface Utterance {
  startMs: number | null;
  endMs: number | null;
  text: string;
  words: Word[];
}

/** Per-stage pipeline timings of one turn as the trace reported them. */
export interface StageTimings {
  sttMs: number | null;
  llmMs: number | null;
  ttsMs: number | null;
  overheadMs: number | null;
  /** Caller stopped speaking → agent audio started, as reported (or derived from the stages). */
  endToEndMs: number | null;
  /** Time to first word of the agent's reply, when reported separately. */
  timeToFirstWordMs: number | null;
}

export interface Intent {
  name: string;
  confidence: number | null;
}

export interface ToolCall {
  id: string | null;
  name: string;
  arguments: unknown;
  result: unknown;
  startMs: number | null;
  endMs: number | null;
}

export interface Turn {
  index: number;
  caller: Utterance | null;
  agent: Utterance | null;
  /** What the caller really said, when a reference transcript is known. */
  referenceText: string | null;
  intent: Intent | null;
  expectedIntent: string | null;
  timings: StageTimings;
  toolCalls: ToolCall[];
}

export type SpanKind = 'stt' | 'llm' | 'tts' | 'tool' | 'turn' | 'other';

export interface Span {
  spanId: string | null;
  parentSpanId: string | null;
  name: string;
  kind: SpanKind;
  turnIndex: number | null;
  startMs: number | null;
  endMs: number | null;
  attributes: Record<string, unknown>;
}

export interface ChannelRoles {
  /** Channel index carrying the caller, or null when unknown / mono mixed. */
  caller: number | null;
  agent: number | null;
}

export interface Flag {
  id: number;
  kind: string;
  severity: Severity;
  turnIndex: number | null;
  startMs: number | null;
  endMs: number | null;
  detail: string;
  evidence: Record<string, unknown>;
  source: 'import' | 'analysis';
}

export interface AgentInfo {
  name: string | null;
  version: string | null;
}

/** A flag before it is stored. */
export type FlagDraft = Omit<Flag, 'id'>;
