import type { Db } from '../db/open';
import { allCallIds } from '../db/queries/analysis-read';
import { writeAnalysis } from '../db/queries/analysis-write';
import { getCallDetail } from '../db/queries/calls-read';
import { buildAnalysis } from './build-analysis';
import { thresholdsInEffect } from './thresholds-config';

/**
 * Recomputes a stored call's analysis (after a reference, label or threshold changed) and replaces its
 * stored results and analysis flags in one transaction. Returns false when there is no such call.
 */
export function reanalyzeCall(db: Db, callId: string, config = thresholdsInEffect(db)): boolean {
  const call = getCallDetail(db, callId);
  if (!call) return false;
  writeAnalysis(db, callId, buildAnalysis({ id: call.id, turns: call.turns, outcome: call.outcome }, config));
  return true;
}

export function reanalyzeAll(db: Db): number {
  const config = thresholdsInEffect(db);
  let n = 0;
  for (const id of allCallIds(db)) if (reanalyzeCall(db, id, config)) n++;
  return n;
}
