import type { AgentInfo, CallOutcome, Span, Turn } from './call';
import type { ImportNote } from './dto';

/**
 * What every format adapter produces: one call ready to store, before audio is attached.
 * `recordingRef` names the audio file the source points at (resolved by the importer), if any.
 */
export interface NormalizedCall {
  externalId: string;
  sourceFormat: string;
  agent: AgentInfo;
  startedAt: string | null;
  durationMs: number | null;
  outcome: CallOutcome;
  endedReason: string | null;
  metadata: Record<string, unknown>;
  turns: Turn[];
  spans: Span[];
  recordingRef: { path: string; callerChannel: number | null; agentChannel: number | null; sha256: string | null } | null;
  notes: ImportNote[];
}
