/**
 * Default expectations for a package, pre-filled from the source call. The policy, in one line:
 * **target what failed, hold what was right.** Where the source call failed (a hallucination run in a
 * turn, an end-to-end latency in the critical band), the bound is the threshold the failure was judged
 * by, so the package fails until the failure is fixed. Everywhere else the bound is the threshold or
 * what the source call achieved, whichever is looser, so the package guards against getting worse
 * without failing on what was already accepted. The analyst's corrections and labels (reference
 * transcripts, expected intents, reviewers' compliance decisions) win over anything measured.
 *
 * Pure: the UI calls `defaultExpectations` with a stored call and the thresholds in effect.
 */
import type { Thresholds } from '../analysis/thresholds';
import { STAGE_KEYS } from '../analysis/thresholds';
import { matchFallback } from '../analysis/patterns';
import type { Turn } from '../model/call';
import type {
  ComplianceExpectation, ExpectedToolCall, LatencyExpectation, PackageExpectations, PhraseExpectation, ToolCallsExpectation, TurnExpectations,
} from './expectations';
import { endToEndMs, measureTranscript } from './measure';

export const DEFAULT_NORMALIZATION = 'turnscope-default@1';

export interface ComplianceFindingSummary {
  category: string;
  turnIndex: number | null;
  /** A reviewer's decision: confirmed findings become must-not-occur; open and dismissed ones do not. */
  status: 'open' | 'confirmed' | 'dismissed';
}

export interface PrefillInput {
  turns: readonly Turn[];
  /** Turns of the source call to make expectations for. */
  turnIndexes: readonly number[];
  thresholds: Thresholds;
  normalization?: string;
  /** The compliance categories the rule set can find, and what the scan of the source call found. */
  compliance?: { categories: readonly string[]; findings: readonly ComplianceFindingSummary[] } | null;
}

/** Rounds a rate up to two decimals, so the rounded bound is never below the value it came from. */
const ceil2 = (x: number): number => Math.ceil(x * 100 - 1e-9) / 100;

/**
 * A string an LLM phrases anew each time ("caller disputes a 40 dollar late fee…") cannot be compared
 * exactly; identifiers, codes and numbers can. Four words or more, or over 60 characters, is free text.
 */
export function isFreeText(value: unknown): boolean {
  return typeof value === 'string' && (value.length > 60 || value.trim().split(/\s+/).length >= 4);
}

/** Arguments without their free-text leaves (at any depth), and the dotted paths that were left out. */
export function comparableArguments(args: unknown, path = ''): { value: unknown; ignored: string[] } {
  if (isFreeText(args)) return { value: undefined, ignored: [path || '(all)'] };
  if (Array.isArray(args)) {
    const parts = args.map((a, i) => comparableArguments(a, `${path}[${i}]`));
    // An array with a free-text element cannot be compared element by element: leave it out whole.
    if (parts.some((p) => p.value === undefined)) return { value: undefined, ignored: [path || '(all)'] };
    return { value: parts.map((p) => p.value), ignored: [] };
  }
  if (args !== null && typeof args === 'object') {
    const out: Record<string, unknown> = {};
    const ignored: string[] = [];
    for (const [k, v] of Object.entries(args as Record<string, unknown>)) {
      const r = comparableArguments(v, path ? `${path}.${k}` : k);
      if (r.value !== undefined) out[k] = r.value;
      ignored.push(...r.ignored);
    }
    return { value: out, ignored };
  }
  return { value: args, ignored: [] };
}

function toolCallsFor(turn: Turn): ToolCallsExpectation | null {
  if (turn.toolCalls.length === 0) return null;
  const calls: ExpectedToolCall[] = turn.toolCalls.map((c) => {
    const { value, ignored } = comparableArguments(c.arguments ?? {});
    const args = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
    return { name: c.name, arguments: args, ignoredArguments: ignored };
  });
  const ignored = calls.flatMap((c) => c.ignoredArguments.map((a) => `${c.name}.${a}`));
  return {
    calls,
    allowOtherCalls: true,
    basis: `tool calls the source call made in this turn${ignored.length ? `; free-text arguments not compared: ${ignored.join(', ')}` : ''}`,
  };
}

function latencyFor(turn: Turn, th: Thresholds): LatencyExpectation | null {
  const e2e = endToEndMs(turn.timings);
  const critical = th.latency.endToEnd.criticalAboveMs;
  const failed = e2e !== null && e2e > critical;
  const stageBudgetsMs: LatencyExpectation['stageBudgetsMs'] = {};
  const held: string[] = [];
  for (const stage of STAGE_KEYS) {
    const v = turn.timings[stage];
    if (v === null) continue;
    const budget = th.latency.stages[stage].maxMs;
    if (failed || v <= budget) stageBudgetsMs[stage] = budget;
    else {
      stageBudgetsMs[stage] = Math.ceil(v);
      held.push(`${stage.replace(/Ms$/, '').toUpperCase()} ${Math.ceil(v)} ms`);
    }
  }
  if (e2e === null && Object.keys(stageBudgetsMs).length === 0) return null;
  const basis = failed
    ? `end to end was ${e2e} ms, critical (> ${critical} ms): end to end must be ≤ ${critical} ms and every stage within its budget (thresholds ${th.id}@${th.version})`
    : `end to end must stay out of the critical band (≤ ${critical} ms); stages within budget (thresholds ${th.id}@${th.version})` +
      (held.length ? `, or no slower than the source call where it was already over budget and not the failure (${held.join(', ')})` : '');
  return { maxEndToEndMs: e2e !== null ? critical : null, stageBudgetsMs, basis };
}

function phrasesFor(turn: Turn, th: Thresholds): PhraseExpectation | null {
  const agent = turn.agent?.text ?? '';
  const fallback = agent ? matchFallback(agent, th.patterns.fallbackPhrases, th.patterns.fallbackSimilarity) : null;
  if (!fallback) return null;
  return { mustSay: [], mustNotSay: [fallback.phrase], basis: `the agent fell back ("${fallback.matched}") in the source call` };
}

function turnExpectations(turn: Turn, th: Thresholds, normalization: string): TurnExpectations {
  const minRun = th.hallucination.minRunLength;
  const out: TurnExpectations = { turnIndex: turn.index, transcript: null, noHallucinationRun: null, intent: null, toolCalls: null, latency: null, phrases: null };
  const werThreshold = th.metrics.wer.direction === 'lower' ? th.metrics.wer.criticalAbove : 1;
  if (turn.referenceText !== null && turn.referenceText.trim() !== '' && turn.caller) {
    const m = measureTranscript(turn.referenceText, turn.caller, normalization, minRun);
    const observed = m.wer.wer ?? 0;
    const failed = m.runs.length > 0;
    const maxWer = failed ? werThreshold : Math.max(werThreshold, ceil2(observed));
    out.transcript = {
      reference: turn.referenceText,
      maxWer,
      normalization,
      basis: failed
        ? `the source call had a hallucination run here (WER ${observed.toFixed(2)}): WER must be ≤ ${werThreshold}, the critical WER of thresholds ${th.id}@${th.version}`
        : maxWer > werThreshold
          ? `WER was ${observed.toFixed(2)} in the source call, not the failure: no worse than that`
          : `WER must be ≤ ${werThreshold}, the critical WER of thresholds ${th.id}@${th.version}`,
    };
    out.noHallucinationRun = { minRunLength: minRun, basis: `no run of ${minRun}+ consecutive recognition errors (the hallucination event)` };
  }
  if (turn.expectedIntent) out.intent = { name: turn.expectedIntent, basis: 'the expected intent an analyst labelled' };
  else if (turn.intent) out.intent = { name: turn.intent.name, basis: 'the intent recognized in the source call (no label)' };
  out.toolCalls = toolCallsFor(turn);
  out.latency = latencyFor(turn, th);
  out.phrases = phrasesFor(turn, th);
  return out;
}

function complianceFor(input: PrefillInput): ComplianceExpectation | null {
  const c = input.compliance;
  if (!c) return null;
  const inScope = new Set(input.turnIndexes);
  const findings = c.findings.filter((f) => f.turnIndex === null || inScope.has(f.turnIndex));
  // A category with an open or dismissed finding would fail the package on what the source call already
  // did and nobody called a violation; a confirmed one is exactly what must be fixed.
  const left = new Set(findings.filter((f) => f.status !== 'confirmed').map((f) => f.category));
  const confirmed = [...new Set(findings.filter((f) => f.status === 'confirmed').map((f) => f.category))].filter((k) => !left.has(k));
  const mustNotOccur = c.categories.filter((k) => !left.has(k));
  const parts = ['categories the scan did not find in these turns'];
  if (confirmed.length) parts.push(`findings a reviewer confirmed (${confirmed.join(', ')})`);
  if (left.size) parts.push(`not asserted: ${[...left].sort().join(', ')} (found, not confirmed)`);
  return { mustNotOccur, basis: parts.join('; ') };
}

/** The default expectations for `turnIndexes` of a call (unknown indexes are skipped). */
export function defaultExpectations(input: PrefillInput): PackageExpectations {
  const normalization = input.normalization ?? DEFAULT_NORMALIZATION;
  const byIndex = new Map(input.turns.map((t) => [t.index, t]));
  const turns = [...new Set(input.turnIndexes)]
    .sort((a, b) => a - b)
    .flatMap((i) => {
      const t = byIndex.get(i);
      return t ? [turnExpectations(t, input.thresholds, normalization)] : [];
    });
  return { turns, compliance: complianceFor(input) };
}

/** Turns a package includes when none are chosen: every turn in which the caller spoke. */
export function defaultTurnSelection(turns: readonly Turn[]): number[] {
  return turns.filter((t) => t.caller !== null && t.caller.text.trim() !== '').map((t) => t.index).sort((a, b) => a - b);
}

/** "1–5, 7" for [1, 2, 3, 4, 5, 7]: turn lists as people write them. */
export function turnRanges(turns: readonly number[]): string {
  const sorted = [...new Set(turns)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j - i >= 2 ? `${sorted[i]}–${sorted[j]}` : sorted.slice(i, j + 1).join(', '));
    i = j + 1;
  }
  return parts.join(', ');
}
