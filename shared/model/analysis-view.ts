import type { CallMetrics, TurnResult } from '../analysis';

/** A call's stored analysis as the view and `show --json` carry it: what was found, and by which rules. */
export interface CallAnalysisView {
  thresholds: { id: string; version: number; hash: string };
  normalization: { id: string; hash: string };
  metrics: CallMetrics;
  turns: TurnResult[];
  analyzedAt: string;
}
