import type { CallOutcome } from './call';
import type { CallSummary } from './dto';

/** What the library asks for: free text over what was said, facets, and a page. */
export interface CallQuery {
  /** Words the caller or agent said (full-text), or the start of a call id. */
  text?: string;
  outcome?: CallOutcome;
  /** Only calls with at least one flag of this kind. */
  flagKind?: string;
  limit?: number;
  offset?: number;
}

/** One library row with the analysis headline numbers, so the list can be scanned for bad calls. */
export interface CallRow extends CallSummary {
  wer: number | null;
  p95LatencyMs: number | null;
  criticalFlags: number;
}

export interface CallPage {
  calls: CallRow[];
  /** Calls matching the query in all (the page holds `limit` of them). */
  total: number;
  /** Counts over the whole store, for the filter menus. */
  facets: { outcomes: Record<string, number>; flagKinds: Record<string, number> };
}
