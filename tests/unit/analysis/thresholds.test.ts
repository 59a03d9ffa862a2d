import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeThresholds, metricStatus, ThresholdsError, validateThresholds } from '../../../shared/analysis/thresholds';
import { loadDefaultThresholds } from './helpers/turns';

const raw = (): Record<string, any> => JSON.parse(readFileSync(join(__dirname, '../../../resources/thresholds/default.json'), 'utf8'));

describe('default thresholds', () => {
  it('validate and carry the seed numbers', () => {
    const t = loadDefaultThresholds();
    expect([t.id, t.version, t.overrides]).toEqual(['turnscope-default', 1, []]);
    expect(t.metrics.wer).toEqual({ direction: 'lower', healthyBelow: 0.05, criticalAbove: 0.08 });
    expect(t.metrics.firstTurnIntentAccuracy).toEqual({ direction: 'higher', healthyAbove: 0.97, criticalBelow: 0.93 });
    expect(t.latency.stages.sttMs).toEqual({ minMs: 100, maxMs: 200 });
    expect(t.latency.endToEnd).toEqual({ healthyBelowMs: 500, criticalAboveMs: 1200 });
    expect(t.confidence.lowThreshold).toBe(0.6);
    expect(t.hallucination.minRunLength).toBe(5);
  });
});

describe('metricStatus', () => {
  const t = loadDefaultThresholds();
  it('lower-is-better: WER < 5% healthy, 5–8% warning, > 8% critical', () => {
    expect([0.0499, 0.05, 0.08, 0.0801].map((v) => metricStatus(v, t.metrics.wer))).toEqual(['healthy', 'warning', 'warning', 'critical']);
  });
  it('higher-is-better: FTIA > 97% healthy, 93–97% warning, < 93% critical', () => {
    expect([0.971, 0.97, 0.93, 0.929].map((v) => metricStatus(v, t.metrics.firstTurnIntentAccuracy))).toEqual(['healthy', 'warning', 'warning', 'critical']);
  });
  it('P95 latency: the 800–1200 ms gap of the seed is warning', () => {
    expect([499, 800, 1000, 1200, 1201].map((v) => metricStatus(v, t.metrics.p95LatencyMs))).toEqual(['healthy', 'warning', 'warning', 'warning', 'critical']);
  });
  it('null in, null out', () => {
    expect(metricStatus(null, t.metrics.wer)).toBeNull();
  });
});

describe('validation', () => {
  it('lists malformed values with their paths', () => {
    const doc = raw();
    doc.metrics.wer.healthyBelow = '5%';
    doc.latency.stages.llmMs.minMs = 400;
    doc.confidence.bands.reprompt = 0.8;
    doc.patterns.escalationToolPattern = '(';
    delete doc.hallucination.minRunLength;
    try {
      validateThresholds(doc);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ThresholdsError);
      const problems = (e as ThresholdsError).problems;
      expect(problems).toEqual(expect.arrayContaining([
        'metrics.wer.healthyBelow: expected a number, got "5%"',
        'latency.stages.llmMs: minMs (400) must not exceed maxMs (300)',
        'confidence.bands: must be strictly decreasing: proceed > implicitConfirmation > explicitConfirmation > reprompt',
        'hallucination.minRunLength: missing',
      ]));
      expect(problems.some((p) => p.startsWith('patterns.escalationToolPattern: not a valid regular expression'))).toBe(true);
      expect((e as Error).message).toContain('invalid thresholds');
    }
  });
  it('refuses inverted metric thresholds and bad directions', () => {
    const doc = raw();
    doc.metrics.wer.healthyBelow = 0.1;
    expect(() => validateThresholds(doc)).toThrow(/metrics.wer: healthyBelow \(0.1\) must not exceed criticalAbove \(0.08\)/);
    const doc2 = raw();
    doc2.metrics.fallbackRate.direction = 'down';
    expect(() => validateThresholds(doc2)).toThrow(/metrics.fallbackRate.direction/);
  });
  it('refuses non-objects', () => {
    expect(() => validateThresholds(null)).toThrow(/thresholds: expected an object/);
  });
});

describe('mergeThresholds', () => {
  const base = loadDefaultThresholds();
  it('applies a partial override and records the changed paths', () => {
    const m = mergeThresholds(base, { metrics: { wer: { criticalAbove: 0.12 } }, patterns: { fallbackPhrases: ['one moment'] } });
    expect(m.metrics.wer).toEqual({ direction: 'lower', healthyBelow: 0.05, criticalAbove: 0.12 });
    expect(m.patterns.fallbackPhrases).toEqual(['one moment']);
    expect(m.overrides).toEqual(['metrics.wer.criticalAbove', 'patterns.fallbackPhrases']);
    expect(base.metrics.wer).toMatchObject({ criticalAbove: 0.08 }); // base untouched
    expect([m.id, m.version]).toEqual(['turnscope-default', 1]);
  });
  it('refuses unknown keys and invalid results', () => {
    expect(() => mergeThresholds(base, { metrics: { werr: { criticalAbove: 1 } } })).toThrow(/metrics.werr: unknown key/);
    expect(() => mergeThresholds(base, { latency: { endToEnd: { healthyBelowMs: -1 } } })).toThrow(/latency.endToEnd.healthyBelowMs: -1 is outside/);
    expect(() => mergeThresholds(base, [])).toThrow(/override: expected an object/);
  });
});
