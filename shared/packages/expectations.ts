/**
 * The expectations of a regression package: what a future agent version must do on the turns a failed
 * call was exported from. Every bound carries a `basis` sentence saying where it came from (the analyst,
 * a threshold, or what the source call did), so a verdict can be audited without reading code.
 *
 * Pure types; the pre-fill is in prefill.ts, overrides in overrides.ts, evaluation in evaluate.ts.
 */
import type { StageKey } from '../analysis/thresholds';

export interface TranscriptExpectation {
  /** What the caller really said (the analyst's correction when there is one). */
  reference: string;
  /** Upper bound on the word error rate of the new call's recognized caller text against `reference`. */
  maxWer: number;
  /** Normalization rule set the WER is computed under (e.g. "turnscope-default@1"). */
  normalization: string;
  basis: string;
}

export interface HallucinationExpectation {
  /** A run of this many consecutive recognition errors (against the reference) fails the turn. */
  minRunLength: number;
  basis: string;
}

export interface IntentExpectation {
  name: string;
  basis: string;
}

export interface ExpectedToolCall {
  name: string;
  /** Arguments that must be present with these values; arguments not listed are not checked. */
  arguments: Record<string, unknown>;
  /** Arguments of the source call left out on purpose (free text an LLM phrases differently each time). */
  ignoredArguments: string[];
}

export interface ToolCallsExpectation {
  /** Each must be made in the turn (by name, in any order), with matching arguments. */
  calls: ExpectedToolCall[];
  /** When false, a tool call not in `calls` fails the turn. */
  allowOtherCalls: boolean;
  basis: string;
}

export interface LatencyExpectation {
  /** Caller stopped → agent audio started; null = not asserted. */
  maxEndToEndMs: number | null;
  /** Per pipeline stage; a stage not listed is not asserted. */
  stageBudgetsMs: Partial<Record<StageKey, number>>;
  basis: string;
}

export interface PhraseExpectation {
  /** Phrases the agent's reply must contain (fuzzy, after normalization). */
  mustSay: string[];
  /** Phrases the agent's reply must not contain. */
  mustNotSay: string[];
  basis: string;
}

export interface TurnExpectations {
  /** The turn of the source call these expectations are about. */
  turnIndex: number;
  transcript: TranscriptExpectation | null;
  noHallucinationRun: HallucinationExpectation | null;
  intent: IntentExpectation | null;
  toolCalls: ToolCallsExpectation | null;
  latency: LatencyExpectation | null;
  phrases: PhraseExpectation | null;
}

export interface ComplianceExpectation {
  /** Compliance categories (e.g. "pci.readback") no finding of which may occur in the matched turns. */
  mustNotOccur: string[];
  basis: string;
}

export interface PackageExpectations {
  turns: TurnExpectations[];
  compliance: ComplianceExpectation | null;
}

/** Kinds of assertion an expectation turns into; also the JUnit failure `type`. */
export type AssertionKind =
  | 'turn_match'
  | 'wer'
  | 'hallucination'
  | 'intent'
  | 'tool_call'
  | 'other_tool_calls'
  | 'end_to_end'
  | 'stage'
  | 'must_say'
  | 'must_not_say'
  | 'compliance';

/** How many assertions a set of expectations makes (turn matches included), for summaries before a run. */
export function countAssertions(e: PackageExpectations): number {
  let n = e.compliance && e.compliance.mustNotOccur.length > 0 ? 1 : 0;
  for (const t of e.turns) {
    n += 1;
    if (t.transcript) n += 1;
    if (t.noHallucinationRun && t.transcript) n += 1;
    if (t.intent) n += 1;
    if (t.toolCalls) n += t.toolCalls.calls.length + (t.toolCalls.allowOtherCalls ? 0 : 1);
    if (t.latency) n += (t.latency.maxEndToEndMs !== null ? 1 : 0) + Object.keys(t.latency.stageBudgetsMs).length;
    if (t.phrases) n += t.phrases.mustSay.length + t.phrases.mustNotSay.length;
  }
  return n;
}
