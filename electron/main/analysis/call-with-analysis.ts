import type { CallMetrics, TurnResult } from '../../../shared/analysis';
import type { CallDetail } from '../../../shared/model/dto';
import type { Db } from '../db/open';
import { readCallAnalysis, readTurnAnalyses } from '../db/queries/analysis-read';
import { getCallDetail } from '../db/queries/calls-read';

/** A stored call with its stored analysis attached, as the call view and `show --json` present it. */
export function getCallWithAnalysis(db: Db, callId: string): CallDetail | null {
  const call = getCallDetail(db, callId);
  if (!call) return null;
  const stored = readCallAnalysis(db, callId);
  call.analysis = stored
    ? {
        thresholds: stored.thresholds,
        normalization: stored.normalization,
        metrics: stored.metrics as CallMetrics,
        turns: readTurnAnalyses(db, callId).map((t) => t.result as TurnResult),
        analyzedAt: stored.analyzedAt,
      }
    : null;
  return call;
}
