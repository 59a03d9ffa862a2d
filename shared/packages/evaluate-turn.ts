/**
 * One package turn's expectations judged against the matched turn of the new call. Each expectation
 * becomes one or more assertions with the measured value and the bound side by side; what the new trace
 * cannot show (no intent, no stage timings) is skipped with the reason, never passed silently.
 */
import { STAGE_KEYS } from '../analysis/thresholds';
import type { Turn } from '../model/call';
import type { AssertionKind, TurnExpectations } from './expectations';
import { endToEndMs, findPhrase, measureTranscript } from './measure';
import { argumentMismatch, describeCall, parsedArguments } from './tool-args';

export type AssertionStatus = 'pass' | 'fail' | 'skip';

export interface Assertion {
  /** Stable id, e.g. "turn-4.wer", "turn-3.stage.llmMs", "compliance". */
  id: string;
  kind: AssertionKind;
  /** The package's turn (source call index); null for call-level assertions. */
  packageTurn: number | null;
  /** The new call's matched turn; null when unmatched or call-level. */
  callTurn: number | null;
  title: string;
  status: AssertionStatus;
  measured: string | null;
  bound: string;
  detail: string;
  basis: string;
}

const stageName = (k: string): string => k.replace(/Ms$/, '').toUpperCase();

/** Every assertion a turn's expectations make, before anything is measured. */
function planned(e: TurnExpectations): Array<Omit<Assertion, 'status' | 'measured' | 'detail' | 'callTurn' | 'packageTurn'>> {
  const t = e.turnIndex;
  const out: Array<Omit<Assertion, 'status' | 'measured' | 'detail' | 'callTurn' | 'packageTurn'>> = [];
  if (e.transcript) out.push({ id: `turn-${t}.wer`, kind: 'wer', title: `turn ${t} · transcript WER`, bound: `≤ ${e.transcript.maxWer}`, basis: e.transcript.basis });
  if (e.transcript && e.noHallucinationRun) {
    out.push({ id: `turn-${t}.hallucination`, kind: 'hallucination', title: `turn ${t} · no hallucination run`, bound: `no run of ${e.noHallucinationRun.minRunLength}+ errors`, basis: e.noHallucinationRun.basis });
  }
  if (e.intent) out.push({ id: `turn-${t}.intent`, kind: 'intent', title: `turn ${t} · intent`, bound: `= ${e.intent.name}`, basis: e.intent.basis });
  e.toolCalls?.calls.forEach((c, k) => {
    out.push({ id: `turn-${t}.tool.${k}`, kind: 'tool_call', title: `turn ${t} · calls ${c.name}`, bound: describeCall(c.name, c.arguments), basis: e.toolCalls!.basis });
  });
  if (e.toolCalls && !e.toolCalls.allowOtherCalls) {
    out.push({ id: `turn-${t}.tool.others`, kind: 'other_tool_calls', title: `turn ${t} · no other tool calls`, bound: 'none', basis: e.toolCalls.basis });
  }
  if (e.latency?.maxEndToEndMs != null) {
    out.push({ id: `turn-${t}.end-to-end`, kind: 'end_to_end', title: `turn ${t} · end-to-end latency`, bound: `≤ ${e.latency.maxEndToEndMs} ms`, basis: e.latency.basis });
  }
  for (const k of STAGE_KEYS) {
    const b = e.latency?.stageBudgetsMs[k];
    if (b !== undefined) out.push({ id: `turn-${t}.stage.${k}`, kind: 'stage', title: `turn ${t} · ${stageName(k)} stage`, bound: `≤ ${b} ms`, basis: e.latency!.basis });
  }
  e.phrases?.mustSay.forEach((p, k) => out.push({ id: `turn-${t}.must-say.${k}`, kind: 'must_say', title: `turn ${t} · agent says "${p}"`, bound: 'said', basis: e.phrases!.basis }));
  e.phrases?.mustNotSay.forEach((p, k) => out.push({ id: `turn-${t}.must-not-say.${k}`, kind: 'must_not_say', title: `turn ${t} · agent does not say "${p}"`, bound: 'not said', basis: e.phrases!.basis }));
  return out;
}

/** All of a turn's assertions skipped (the turn matched nothing), with one reason. */
export function unmatchedTurn(e: TurnExpectations, reason: string): Assertion[] {
  return planned(e).map((a) => ({ ...a, packageTurn: e.turnIndex, callTurn: null, status: 'skip', measured: null, detail: reason }));
}

type Verdict = Pick<Assertion, 'status' | 'measured' | 'detail'>;
const pass = (measured: string | null, detail = ''): Verdict => ({ status: 'pass', measured, detail });
const fail = (measured: string | null, detail: string): Verdict => ({ status: 'fail', measured, detail });
const skip = (detail: string): Verdict => ({ status: 'skip', measured: null, detail });

export function evaluateTurn(e: TurnExpectations, turn: Turn): Assertion[] {
  const transcript = e.transcript
    ? measureTranscript(e.transcript.reference, turn.caller, e.transcript.normalization, e.noHallucinationRun?.minRunLength ?? 5)
    : null;
  const usedCalls = new Set<number>();
  const verdicts: Record<string, Verdict> = {};

  if (e.transcript && transcript) {
    const w = transcript.wer;
    const heard = turn.caller?.text ?? '';
    verdicts[`turn-${e.turnIndex}.wer`] = w.wer === null
      ? skip('the reference has no words')
      : w.wer <= e.transcript.maxWer + 1e-9
        ? pass(w.wer.toFixed(2), `${w.errors} error(s) in ${w.refWords} words`)
        : fail(w.wer.toFixed(2), `${w.substitutions} S, ${w.deletions} D, ${w.insertions} I in ${w.refWords} words; heard "${heard}"`);
    if (e.noHallucinationRun) {
      const runs = transcript.runs;
      verdicts[`turn-${e.turnIndex}.hallucination`] = runs.length === 0
        ? pass('none')
        : fail(`${runs.length} run(s)`, runs.map((r) => `${r.length} errors: heard "${r.hypText}" for "${r.refText}"`).join('; '));
    }
  }
  if (e.intent) {
    const got = turn.intent?.name ?? null;
    verdicts[`turn-${e.turnIndex}.intent`] = got === null
      ? skip('the new trace reports no intent for this turn')
      : got === e.intent.name ? pass(got) : fail(got, `recognized ${got}, expected ${e.intent.name}`);
  }
  e.toolCalls?.calls.forEach((c, k) => {
    const id = `turn-${e.turnIndex}.tool.${k}`;
    const same = turn.toolCalls.map((a, i) => ({ a, i })).filter(({ a, i }) => a.name === c.name && !usedCalls.has(i));
    const hit = same.find(({ a }) => argumentMismatch(c.arguments, parsedArguments(a.arguments)) === null);
    if (hit) {
      usedCalls.add(hit.i);
      verdicts[id] = pass(describeCall(hit.a.name, hit.a.arguments));
    } else if (same.length > 0) {
      const first = same[0]!;
      verdicts[id] = fail(describeCall(first.a.name, first.a.arguments), argumentMismatch(c.arguments, parsedArguments(first.a.arguments)) ?? 'arguments differ');
    } else {
      const made = turn.toolCalls.map((a) => a.name);
      verdicts[id] = fail('not called', made.length ? `the turn called ${made.join(', ')}` : 'the turn made no tool call');
    }
  });
  if (e.toolCalls && !e.toolCalls.allowOtherCalls) {
    const extra = turn.toolCalls.filter((_, i) => !usedCalls.has(i));
    verdicts[`turn-${e.turnIndex}.tool.others`] = extra.length === 0
      ? pass('none')
      : fail(extra.map((a) => a.name).join(', '), `unexpected: ${extra.map((a) => describeCall(a.name, a.arguments)).join('; ')}`);
  }
  if (e.latency) {
    if (e.latency.maxEndToEndMs !== null) {
      const v = endToEndMs(turn.timings);
      verdicts[`turn-${e.turnIndex}.end-to-end`] = v === null
        ? skip('the new trace has no end-to-end latency (nor all three stages) for this turn')
        : v <= e.latency.maxEndToEndMs ? pass(`${v} ms`) : fail(`${v} ms`, `${v - e.latency.maxEndToEndMs} ms over the bound`);
    }
    for (const k of STAGE_KEYS) {
      const b = e.latency.stageBudgetsMs[k];
      if (b === undefined) continue;
      const v = turn.timings[k];
      verdicts[`turn-${e.turnIndex}.stage.${k}`] = v === null
        ? skip(`the new trace has no ${stageName(k)} timing for this turn`)
        : v <= b ? pass(`${v} ms`) : fail(`${v} ms`, `${v - b} ms over the bound`);
    }
  }
  const reply = turn.agent?.text ?? '';
  e.phrases?.mustSay.forEach((p, k) => {
    const m = findPhrase(reply, p);
    verdicts[`turn-${e.turnIndex}.must-say.${k}`] = m !== null ? pass(`"${m}"`) : fail('not said', `agent said "${reply}"`);
  });
  e.phrases?.mustNotSay.forEach((p, k) => {
    const m = findPhrase(reply, p);
    verdicts[`turn-${e.turnIndex}.must-not-say.${k}`] = m === null ? pass('not said') : fail(`"${m}"`, `agent said "${reply}"`);
  });

  return planned(e).map((a) => ({ ...a, packageTurn: e.turnIndex, callTurn: turn.index, ...(verdicts[a.id] ?? skip('not evaluated')) }));
}
