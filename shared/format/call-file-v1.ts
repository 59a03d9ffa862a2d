/**
 * Turnscope call format v1: the native trace format, one JSON file per call.
 * The JSON Schema in resources/schemas/turnscope-call-v1.schema.json is the published definition;
 * these types mirror it for code that reads validated files.
 * All times are milliseconds from the start of the recording.
 */
import type { CallOutcome } from '../model/call';

export const CALL_FILE_FORMAT = 'turnscope.call';
export const CALL_FILE_VERSION = 1;

export interface CallFileWordV1 {
  text: string;
  startMs?: number;
  endMs?: number;
  confidence?: number;
}

export interface CallFileUtteranceV1 {
  text: string;
  startMs?: number;
  endMs?: number;
  words?: CallFileWordV1[];
}

export interface CallFileTimingsV1 {
  sttMs?: number;
  llmMs?: number;
  ttsMs?: number;
  overheadMs?: number;
  endToEndMs?: number;
  timeToFirstWordMs?: number;
}

export interface CallFileToolCallV1 {
  id?: string;
  name: string;
  arguments?: unknown;
  result?: unknown;
  startMs?: number;
  endMs?: number;
}

export interface CallFileTurnV1 {
  index: number;
  caller?: CallFileUtteranceV1;
  agent?: CallFileUtteranceV1;
  reference?: string;
  intent?: { name: string; confidence?: number; expected?: string };
  timings?: CallFileTimingsV1;
  toolCalls?: CallFileToolCallV1[];
}

export interface CallFileSpanV1 {
  spanId?: string;
  parentSpanId?: string;
  name: string;
  kind?: 'stt' | 'llm' | 'tts' | 'tool' | 'turn' | 'other';
  turnIndex?: number;
  startMs?: number;
  endMs?: number;
  attributes?: Record<string, unknown>;
}

export interface CallFileRecordingV1 {
  /** Path of the audio file, relative to the call file (or absolute). */
  path: string;
  /** Which channel carries whom; omit for mono or when unknown. */
  channels?: { caller?: number; agent?: number };
  sha256?: string;
}

export interface CallFileV1 {
  format: typeof CALL_FILE_FORMAT;
  version: typeof CALL_FILE_VERSION;
  call: {
    id: string;
    startedAt?: string;
    durationMs?: number;
    agent?: { name?: string; version?: string };
    outcome?: CallOutcome;
    endedReason?: string;
    metadata?: Record<string, unknown>;
  };
  recording?: CallFileRecordingV1;
  turns: CallFileTurnV1[];
  spans?: CallFileSpanV1[];
}
