/**
 * Per-turn latency against the seed's budget (STT 100–200 ms, LLM 150–300, TTS 50–100,
 * network/overhead 20–50, total < 500) and the end-to-end band (< 500 healthy, 500–1200 warning,
 * > 1200 critical; both bounds of the warning band inclusive), plus stage percentiles over any turns.
 *
 * End-to-end is taken as reported; when the source has none but STT, LLM and TTS are all known it is
 * derived as their sum plus overhead (0 when unknown) and marked `derived`. Time to first word is the
 * reported value, else agent speech start minus caller speech end when both are known.
 */

import type { StageTimings, Turn } from '../model/call';
import { summarize, type PercentileSummary } from './percentiles';
import { STAGE_KEYS, type StageKey, type Status, type Thresholds } from './thresholds';

export type StageBudgetStatus = 'under' | 'within' | 'over';

export interface StageCheck {
  stage: StageKey;
  valueMs: number;
  minMs: number;
  maxMs: number;
  status: StageBudgetStatus;
  /** valueMs − maxMs when over, minMs − valueMs when under, else 0. */
  deviationMs: number;
}

export interface TurnLatency {
  turnIndex: number;
  endToEndMs: number | null;
  derived: boolean;
  band: Status | null;
  stages: StageCheck[];
  timeToFirstWordMs: number | null;
}

export type LatencyBudget = Thresholds['latency'];

export const SEED_LATENCY_BUDGET: Readonly<LatencyBudget> = {
  stages: {
    sttMs: { minMs: 100, maxMs: 200 },
    llmMs: { minMs: 150, maxMs: 300 },
    ttsMs: { minMs: 50, maxMs: 100 },
    overheadMs: { minMs: 20, maxMs: 50 },
  },
  endToEnd: { healthyBelowMs: 500, criticalAboveMs: 1200 },
};

export function endToEndBand(ms: number, budget: LatencyBudget = SEED_LATENCY_BUDGET): Status {
  if (ms < budget.endToEnd.healthyBelowMs) return 'healthy';
  if (ms > budget.endToEnd.criticalAboveMs) return 'critical';
  return 'warning';
}

export function checkStage(stage: StageKey, valueMs: number, budget: LatencyBudget = SEED_LATENCY_BUDGET): StageCheck {
  const { minMs, maxMs } = budget.stages[stage];
  const status: StageBudgetStatus = valueMs > maxMs ? 'over' : valueMs < minMs ? 'under' : 'within';
  const deviationMs = status === 'over' ? valueMs - maxMs : status === 'under' ? minMs - valueMs : 0;
  return { stage, valueMs, minMs, maxMs, status, deviationMs };
}

export function endToEndOf(t: StageTimings): { ms: number | null; derived: boolean } {
  if (t.endToEndMs !== null) return { ms: t.endToEndMs, derived: false };
  if (t.sttMs === null || t.llmMs === null || t.ttsMs === null) return { ms: null, derived: false };
  return { ms: t.sttMs + t.llmMs + t.ttsMs + (t.overheadMs ?? 0), derived: true };
}

export function timeToFirstWord(turn: Pick<Turn, 'timings' | 'caller' | 'agent'>): number | null {
  if (turn.timings.timeToFirstWordMs !== null) return turn.timings.timeToFirstWordMs;
  const callerEnd = turn.caller?.endMs ?? null;
  const agentStart = turn.agent?.startMs ?? null;
  return callerEnd !== null && agentStart !== null ? agentStart - callerEnd : null;
}

export function turnLatency(turn: Pick<Turn, 'index' | 'timings' | 'caller' | 'agent'>, budget: LatencyBudget = SEED_LATENCY_BUDGET): TurnLatency {
  const e2e = endToEndOf(turn.timings);
  const stages: StageCheck[] = [];
  for (const stage of STAGE_KEYS) {
    const v = turn.timings[stage];
    if (v !== null) stages.push(checkStage(stage, v, budget));
  }
  return {
    turnIndex: turn.index,
    endToEndMs: e2e.ms,
    derived: e2e.derived,
    band: e2e.ms === null ? null : endToEndBand(e2e.ms, budget),
    stages,
    timeToFirstWordMs: timeToFirstWord(turn),
  };
}

export interface LatencySamples {
  sttMs: number[];
  llmMs: number[];
  ttsMs: number[];
  overheadMs: number[];
  endToEndMs: number[];
  timeToFirstWordMs: number[];
}

export function emptySamples(): LatencySamples {
  return { sttMs: [], llmMs: [], ttsMs: [], overheadMs: [], endToEndMs: [], timeToFirstWordMs: [] };
}

/** Known values per stage, for percentiles over one call or, concatenated, over a fleet. */
export function latencySamples(turns: ReadonlyArray<Pick<Turn, 'index' | 'timings' | 'caller' | 'agent'>>): LatencySamples {
  const s = emptySamples();
  for (const t of turns) {
    for (const stage of STAGE_KEYS) {
      const v = t.timings[stage];
      if (v !== null) s[stage].push(v);
    }
    const e2e = endToEndOf(t.timings).ms;
    if (e2e !== null) s.endToEndMs.push(e2e);
    const ttfw = timeToFirstWord(t);
    if (ttfw !== null) s.timeToFirstWordMs.push(ttfw);
  }
  return s;
}

export function mergeSamples(all: readonly LatencySamples[]): LatencySamples {
  const out = emptySamples();
  for (const s of all) for (const k of Object.keys(out) as Array<keyof LatencySamples>) out[k].push(...s[k]);
  return out;
}

export type LatencyPercentiles = Record<keyof LatencySamples, PercentileSummary>;

/** P50/P90/P95/P99 (nearest rank, see percentiles.ts), mean and max per stage. */
export function latencyPercentiles(samples: LatencySamples): LatencyPercentiles {
  return {
    sttMs: summarize(samples.sttMs),
    llmMs: summarize(samples.llmMs),
    ttsMs: summarize(samples.ttsMs),
    overheadMs: summarize(samples.overheadMs),
    endToEndMs: summarize(samples.endToEndMs),
    timeToFirstWordMs: summarize(samples.timeToFirstWordMs),
  };
}
