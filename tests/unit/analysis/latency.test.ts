import { describe, expect, it } from 'vitest';
import { checkStage, endToEndBand, endToEndOf, latencyPercentiles, latencySamples, timeToFirstWord, turnLatency } from '../../../shared/analysis/latency';
import { percentile, summarize } from '../../../shared/analysis/percentiles';
import { noTimings, turn, utterance } from './helpers/turns';

describe('nearest-rank percentiles', () => {
  it('n = 10 values 100..1000 (shuffled)', () => {
    const v = [700, 100, 1000, 300, 900, 200, 500, 800, 400, 600];
    // rank = ceil(p/100 × 10): P50 → 5, P90 → 9, P95 → 10 (9.5 rounds up), P99 → 10
    expect([50, 90, 95, 99].map((p) => percentile(v, p))).toEqual([500, 900, 1000, 1000]);
  });
  it('n = 20 values 1..20', () => {
    const v = Array.from({ length: 20 }, (_, i) => 20 - i);
    // ranks: P50 → 10, P90 → 18, P95 → 19, P99 → ceil(19.8) = 20
    expect(summarize(v)).toEqual({ count: 20, p50: 10, p90: 18, p95: 19, p99: 20, mean: 10.5, max: 20 });
  });
  it('edge cases', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([42], 99)).toBe(42);
    expect(percentile([3, 1, 2], 0)).toBe(1);
    expect(percentile([3, 1, 2], 100)).toBe(3);
    expect(() => percentile([1], 101)).toThrow();
    // 3 values: P50 rank ceil(1.5) = 2 → middle value, never an interpolated one
    expect(percentile([10, 20, 40], 50)).toBe(20);
  });
});

describe('budgets and bands', () => {
  it('stage over / under / within budget', () => {
    expect(checkStage('sttMs', 250)).toEqual({ stage: 'sttMs', valueMs: 250, minMs: 100, maxMs: 200, status: 'over', deviationMs: 50 });
    expect(checkStage('llmMs', 120)).toMatchObject({ status: 'under', deviationMs: 30 });
    expect(checkStage('ttsMs', 100)).toMatchObject({ status: 'within', deviationMs: 0 });
    expect(checkStage('overheadMs', 20)).toMatchObject({ status: 'within' });
  });
  it('end-to-end band: < 500 healthy, 500–1200 warning, > 1200 critical', () => {
    expect([499, 500, 1200, 1201].map((v) => endToEndBand(v))).toEqual(['healthy', 'warning', 'warning', 'critical']);
  });
  it('derives end-to-end from stages only when STT, LLM and TTS are known', () => {
    expect(endToEndOf({ ...noTimings, sttMs: 150, llmMs: 200, ttsMs: 80 })).toEqual({ ms: 430, derived: true });
    expect(endToEndOf({ ...noTimings, sttMs: 150, llmMs: 200, ttsMs: 80, overheadMs: 40 })).toEqual({ ms: 470, derived: true });
    expect(endToEndOf({ ...noTimings, sttMs: 150, llmMs: 200 })).toEqual({ ms: null, derived: false });
    expect(endToEndOf({ ...noTimings, sttMs: 150, endToEndMs: 900 })).toEqual({ ms: 900, derived: false });
  });
  it('time to first word: reported, else agent start − caller end', () => {
    expect(timeToFirstWord(turn(0, { timings: { timeToFirstWordMs: 300 } }))).toBe(300);
    expect(timeToFirstWord(turn(0, { caller: utterance('hi', { startMs: 0, endMs: 1000 }), agent: utterance('hello', { startMs: 1650, endMs: 2000 }) }))).toBe(650);
    expect(timeToFirstWord(turn(0))).toBeNull();
  });
  it('turn latency puts it together', () => {
    const t = turnLatency(turn(4, { timings: { sttMs: 250, llmMs: 400, ttsMs: 90, endToEndMs: 800 } }));
    expect(t).toMatchObject({ turnIndex: 4, endToEndMs: 800, derived: false, band: 'warning' });
    expect(t.stages.map((s) => [s.stage, s.status])).toEqual([['sttMs', 'over'], ['llmMs', 'over'], ['ttsMs', 'within']]);
  });
});

describe('latency percentiles over turns', () => {
  it('collects known values per stage', () => {
    const turns = [100, 200, 300, 400].map((e2e, i) => turn(i, { timings: { endToEndMs: e2e, sttMs: i === 0 ? null : 100 + i } }));
    const p = latencyPercentiles(latencySamples(turns));
    expect(p.endToEndMs).toMatchObject({ count: 4, p50: 200, p90: 400, p95: 400 });
    expect(p.sttMs).toMatchObject({ count: 3, p50: 102, max: 103 });
    expect(p.timeToFirstWordMs.count).toBe(0);
  });
});
