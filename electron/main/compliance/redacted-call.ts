import type { CallMetrics, TurnResult } from '../../../shared/analysis';
import { redactedView } from '../../../shared/compliance/redaction/view';
import type { CallDetail } from '../../../shared/model/dto';
import { ANALYSIS_FLAG_KINDS, buildAnalysis } from '../analysis/build-analysis';
import { thresholdsInEffect } from '../analysis/thresholds-config';
import type { Db } from '../db/open';
import { listHits } from '../db/queries/compliance-read';

const ANALYSIS_KINDS = new Set<string>(ANALYSIS_FLAG_KINDS);

/**
 * The call as an auditor can show it: every compliance finding (but those a reviewer dismissed) removed from
 * texts, words, references and trace payloads, and the analysis recomputed on what is left, so alignments,
 * hallucination-run details and flag texts cannot carry a removed value back onto the screen.
 */
export function redactedCall(db: Db, call: CallDetail): CallDetail {
  const out = redactedView(call, listHits(db, { callId: call.id, includeDuplicates: true }));
  const config = thresholdsInEffect(db);
  const a = buildAnalysis({ id: out.id, turns: out.turns, outcome: out.outcome }, config);
  out.analysis = {
    thresholds: { id: config.thresholds.id, version: config.thresholds.version, hash: config.hash },
    normalization: { id: a.call.normalizationId, hash: a.call.normalizationHash },
    metrics: a.call.metrics as CallMetrics,
    turns: a.turns.map((t) => t.result as TurnResult),
    analyzedAt: a.analyzedAt,
  };
  // Recomputed flags get ids that cannot collide with stored ones (they exist only in this view).
  out.flags = [
    ...out.flags.filter((f) => !ANALYSIS_KINDS.has(f.kind)),
    ...a.flags.map((f, i) => ({ ...f, id: -(i + 1) })),
  ];
  return out;
}
