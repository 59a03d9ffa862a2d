/**
 * A package's expectations judged against a new call: turns matched (turn-matching.ts), each matched
 * turn's expectations evaluated (evaluate-turn.ts), and the compliance expectation checked against the
 * new call's scan findings in the matched turns (and findings about the call as a whole).
 */
import type { Turn } from '../model/call';
import type { PackageExpectations } from './expectations';
import { evaluateTurn, unmatchedTurn, type Assertion } from './evaluate-turn';
import { matchTurns, type PackageTurnText, type TurnMatch } from './turn-matching';

export type { Assertion, AssertionStatus } from './evaluate-turn';

/** A compliance finding of the new call, as the verifier's scan reports it (text masked). */
export interface ComplianceFinding {
  category: string;
  ruleId: string;
  severity: string;
  turnIndex: number | null;
  text: string;
}

export interface EvaluationInput {
  expectations: PackageExpectations;
  /** The package's turns with their texts, for matching. */
  packageTurns: readonly PackageTurnText[];
  call: { turns: readonly Turn[] };
  /** The new call's scan findings; null when it was not scanned (the compliance assertion is skipped). */
  findings: readonly ComplianceFinding[] | null;
}

export interface EvaluationSummary {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
}

export interface Evaluation {
  matches: TurnMatch[];
  assertions: Assertion[];
  summary: EvaluationSummary;
  /** True when no assertion failed (skipped ones do not fail a package unless the caller is strict). */
  passed: boolean;
}

export function summarize(assertions: readonly Assertion[]): EvaluationSummary {
  return {
    total: assertions.length,
    passed: assertions.filter((a) => a.status === 'pass').length,
    failed: assertions.filter((a) => a.status === 'fail').length,
    skipped: assertions.filter((a) => a.status === 'skip').length,
  };
}

function matchAssertion(m: TurnMatch): Assertion {
  return {
    id: `turn-${m.packageTurn}.match`,
    kind: 'turn_match',
    packageTurn: m.packageTurn,
    callTurn: m.callTurn,
    title: `turn ${m.packageTurn} · found in the new call`,
    status: m.callTurn === null ? 'fail' : 'pass',
    measured: m.callTurn === null ? 'no match' : `turn ${m.callTurn} (${m.method})`,
    bound: 'a matching turn',
    detail: m.detail,
    basis: 'each package turn must be answered by a turn of the new call',
  };
}

function complianceAssertion(e: PackageExpectations, findings: readonly ComplianceFinding[] | null, matchedTurns: ReadonlySet<number>): Assertion | null {
  const c = e.compliance;
  if (!c || c.mustNotOccur.length === 0) return null;
  const base = {
    id: 'compliance', kind: 'compliance' as const, packageTurn: null, callTurn: null,
    title: 'compliance · none of the forbidden categories occurs', bound: `none of ${c.mustNotOccur.length} categories`, basis: c.basis,
  };
  if (findings === null) return { ...base, status: 'skip', measured: null, detail: 'the new call was not scanned' };
  const forbidden = new Set(c.mustNotOccur);
  const hits = findings.filter((f) => forbidden.has(f.category) && (f.turnIndex === null || matchedTurns.has(f.turnIndex)));
  if (hits.length === 0) return { ...base, status: 'pass', measured: 'none', detail: '' };
  const counts = new Map<string, number>();
  for (const h of hits) counts.set(h.category, (counts.get(h.category) ?? 0) + 1);
  return {
    ...base,
    status: 'fail',
    measured: [...counts].map(([k, n]) => `${k} ×${n}`).join(', '),
    detail: hits.map((h) => `${h.category} (${h.ruleId}, turn ${h.turnIndex ?? '—'}): "${h.text}"`).join('; '),
  };
}

export function evaluatePackage(input: EvaluationInput): Evaluation {
  const byIndex = new Map(input.call.turns.map((t) => [t.index, t]));
  const wanted = new Set(input.expectations.turns.map((t) => t.turnIndex));
  const matches = matchTurns(
    input.packageTurns.filter((p) => wanted.has(p.index)),
    input.call.turns.map((t) => ({ index: t.index, callerText: t.caller?.text ?? null })),
  );
  const matchOf = new Map(matches.map((m) => [m.packageTurn, m]));
  const assertions: Assertion[] = [];
  for (const e of [...input.expectations.turns].sort((a, b) => a.turnIndex - b.turnIndex)) {
    const m = matchOf.get(e.turnIndex) ?? { packageTurn: e.turnIndex, callTurn: null, method: 'none' as const, similarity: null, detail: 'the package has no text for this turn' };
    assertions.push(matchAssertion(m));
    const turn = m.callTurn !== null ? byIndex.get(m.callTurn) : undefined;
    assertions.push(...(turn ? evaluateTurn(e, turn) : unmatchedTurn(e, 'skipped: the turn has no match in the new call')));
  }
  const matched = new Set(matches.flatMap((m) => (m.callTurn !== null ? [m.callTurn] : [])));
  const c = complianceAssertion(input.expectations, input.findings, matched);
  if (c) assertions.push(c);
  const summary = summarize(assertions);
  return { matches, assertions, summary, passed: summary.failed === 0 };
}
