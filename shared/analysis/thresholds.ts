/**
 * Threshold configuration: one versioned JSON (resources/thresholds/default.json) holding the seed's
 * numbers, plus optional user overrides. Pure: callers read and JSON.parse the files; this module
 * validates and merges. Malformed values are refused with the offending path in the message, because
 * a silently ignored typo in an override would make every status on screen wrong.
 *
 * Status semantics (matching the seed's ranges, e.g. WER "less than 5%" healthy, "5-8%" warning,
 * "greater than 8%" critical):
 *   direction "lower":  value < healthyBelow → healthy; value > criticalAbove → critical; else warning
 *   direction "higher": value > healthyAbove → healthy; value < criticalBelow → critical; else warning
 * The seed's P95 row says warning 500–800 ms but critical only above 1200 ms; the gap is treated as
 * warning (not healthy and not critical), which also matches its end-to-end band 500–1200 ms.
 */

export type Status = 'healthy' | 'warning' | 'critical';

export type MetricThreshold =
  | { direction: 'lower'; healthyBelow: number; criticalAbove: number }
  | { direction: 'higher'; healthyAbove: number; criticalBelow: number };

export const METRIC_KEYS = [
  'voiceIntentErrorRate', 'wer', 'firstTurnIntentAccuracy', 'lowConfidenceRate', 'fallbackRate',
  'firstCallResolution', 'escalationRate', 'p95LatencyMs', 'p90LatencyMs', 'ttfwP95Ms',
] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

export const STAGE_KEYS = ['sttMs', 'llmMs', 'ttsMs', 'overheadMs'] as const;
export type StageKey = (typeof STAGE_KEYS)[number];

export interface Thresholds {
  id: string;
  version: number;
  source?: string;
  /** Dotted paths changed by a user override (empty for the shipped defaults). */
  overrides: string[];
  metrics: Record<MetricKey, MetricThreshold>;
  latency: {
    stages: Record<StageKey, { minMs: number; maxMs: number }>;
    endToEnd: { healthyBelowMs: number; criticalAboveMs: number };
  };
  confidence: {
    lowThreshold: number;
    bands: { proceed: number; implicitConfirmation: number; explicitConfirmation: number; reprompt: number };
    decline: { minTurns: number; maxSlopePerTurn: number; minDrop: number };
  };
  hallucination: {
    minRunLength: number;
    lowConfidenceRunLength: number;
    lowConfidenceRunThreshold: number;
    repetitionMaxN: number;
    repetitionMinRepeats: number;
    silenceMinCoverage: number;
  };
  patterns: {
    callerRepetitionSimilarity: number;
    callerRepetitionMinChars: number;
    fallbackSimilarity: number;
    fallbackPhrases: string[];
    escalationToolPattern: string;
  };
}

export class ThresholdsError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid thresholds:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ThresholdsError';
  }
}

export function metricStatus(value: number | null, t: MetricThreshold): Status | null {
  if (value === null || Number.isNaN(value)) return null;
  if (t.direction === 'lower') return value < t.healthyBelow ? 'healthy' : value > t.criticalAbove ? 'critical' : 'warning';
  return value > t.healthyAbove ? 'healthy' : value < t.criticalBelow ? 'critical' : 'warning';
}

// ---- validation ------------------------------------------------------------------------------

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

class Checker {
  problems: string[] = [];
  obj(path: string, v: unknown, keys: readonly string[], optional: readonly string[] = []): Obj {
    if (!isObj(v)) {
      this.problems.push(`${path}: expected an object`);
      return {};
    }
    for (const k of Object.keys(v)) if (!keys.includes(k) && !optional.includes(k)) this.problems.push(`${path}.${k}: unknown key`);
    for (const k of keys) if (!(k in v)) this.problems.push(`${path}.${k}: missing`);
    return v;
  }
  num(path: string, v: unknown, min: number, max: number, integer = false): number {
    if (typeof v !== 'number' || !Number.isFinite(v)) this.problems.push(`${path}: expected a number, got ${JSON.stringify(v)}`);
    else if (v < min || v > max) this.problems.push(`${path}: ${v} is outside ${min}..${max}`);
    else if (integer && !Number.isInteger(v)) this.problems.push(`${path}: expected an integer, got ${v}`);
    return v as number;
  }
  str(path: string, v: unknown): string {
    if (typeof v !== 'string' || v === '') this.problems.push(`${path}: expected a non-empty string`);
    return v as string;
  }
  order(path: string, ok: boolean, what: string): void {
    if (!ok) this.problems.push(`${path}: ${what}`);
  }
}

const RATE_METRICS: readonly MetricKey[] = ['voiceIntentErrorRate', 'wer', 'firstTurnIntentAccuracy', 'lowConfidenceRate', 'fallbackRate', 'firstCallResolution', 'escalationRate'];

function checkMetric(c: Checker, path: string, v: unknown, key: MetricKey): void {
  const max = RATE_METRICS.includes(key) ? (key === 'wer' ? 100 : 1) : 3_600_000;
  if (!isObj(v)) return void c.obj(path, v, []);
  if (v.direction === 'lower') {
    c.obj(path, v, ['direction', 'healthyBelow', 'criticalAbove']);
    const h = c.num(`${path}.healthyBelow`, v.healthyBelow, 0, max);
    const k = c.num(`${path}.criticalAbove`, v.criticalAbove, 0, max);
    c.order(path, !(h > k), `healthyBelow (${h}) must not exceed criticalAbove (${k})`);
  } else if (v.direction === 'higher') {
    c.obj(path, v, ['direction', 'healthyAbove', 'criticalBelow']);
    const h = c.num(`${path}.healthyAbove`, v.healthyAbove, 0, max);
    const k = c.num(`${path}.criticalBelow`, v.criticalBelow, 0, max);
    c.order(path, !(h < k), `healthyAbove (${h}) must not be below criticalBelow (${k})`);
  } else {
    c.problems.push(`${path}.direction: expected "lower" or "higher", got ${JSON.stringify(v.direction)}`);
  }
}

/** Validates a parsed thresholds document and returns it typed; throws ThresholdsError listing every problem. */
export function validateThresholds(json: unknown): Thresholds {
  const c = new Checker();
  const root = c.obj('thresholds', json, ['id', 'version', 'metrics', 'latency', 'confidence', 'hallucination', 'patterns'], ['source', 'overrides']);
  c.str('thresholds.id', root.id);
  c.num('thresholds.version', root.version, 1, Number.MAX_SAFE_INTEGER, true);
  const metrics = c.obj('metrics', root.metrics, METRIC_KEYS);
  for (const k of METRIC_KEYS) if (k in metrics) checkMetric(c, `metrics.${k}`, metrics[k], k);

  const latency = c.obj('latency', root.latency, ['stages', 'endToEnd']);
  const stages = c.obj('latency.stages', latency.stages, STAGE_KEYS);
  for (const k of STAGE_KEYS) {
    const s = c.obj(`latency.stages.${k}`, stages[k], ['minMs', 'maxMs']);
    const min = c.num(`latency.stages.${k}.minMs`, s.minMs, 0, 3_600_000);
    const max = c.num(`latency.stages.${k}.maxMs`, s.maxMs, 0, 3_600_000);
    c.order(`latency.stages.${k}`, !(min > max), `minMs (${min}) must not exceed maxMs (${max})`);
  }
  const e2e = c.obj('latency.endToEnd', latency.endToEnd, ['healthyBelowMs', 'criticalAboveMs']);
  const eh = c.num('latency.endToEnd.healthyBelowMs', e2e.healthyBelowMs, 0, 3_600_000);
  const ec = c.num('latency.endToEnd.criticalAboveMs', e2e.criticalAboveMs, 0, 3_600_000);
  c.order('latency.endToEnd', !(eh > ec), `healthyBelowMs (${eh}) must not exceed criticalAboveMs (${ec})`);

  const conf = c.obj('confidence', root.confidence, ['lowThreshold', 'bands', 'decline']);
  c.num('confidence.lowThreshold', conf.lowThreshold, 0, 1);
  const bands = c.obj('confidence.bands', conf.bands, ['proceed', 'implicitConfirmation', 'explicitConfirmation', 'reprompt']);
  const b = ['proceed', 'implicitConfirmation', 'explicitConfirmation', 'reprompt'].map((k) => c.num(`confidence.bands.${k}`, bands[k], 0, 1));
  c.order('confidence.bands', b.every((v, i) => i === 0 || !(v >= b[i - 1]!)), 'must be strictly decreasing: proceed > implicitConfirmation > explicitConfirmation > reprompt');
  const decline = c.obj('confidence.decline', conf.decline, ['minTurns', 'maxSlopePerTurn', 'minDrop']);
  c.num('confidence.decline.minTurns', decline.minTurns, 2, 1000, true);
  c.num('confidence.decline.maxSlopePerTurn', decline.maxSlopePerTurn, -1, 0);
  c.num('confidence.decline.minDrop', decline.minDrop, 0, 1);

  const h = c.obj('hallucination', root.hallucination, ['minRunLength', 'lowConfidenceRunLength', 'lowConfidenceRunThreshold', 'repetitionMaxN', 'repetitionMinRepeats', 'silenceMinCoverage']);
  c.num('hallucination.minRunLength', h.minRunLength, 1, 1000, true);
  c.num('hallucination.lowConfidenceRunLength', h.lowConfidenceRunLength, 1, 1000, true);
  c.num('hallucination.lowConfidenceRunThreshold', h.lowConfidenceRunThreshold, 0, 1);
  c.num('hallucination.repetitionMaxN', h.repetitionMaxN, 1, 20, true);
  c.num('hallucination.repetitionMinRepeats', h.repetitionMinRepeats, 2, 1000, true);
  c.num('hallucination.silenceMinCoverage', h.silenceMinCoverage, 0, 1);

  const p = c.obj('patterns', root.patterns, ['callerRepetitionSimilarity', 'callerRepetitionMinChars', 'fallbackSimilarity', 'fallbackPhrases', 'escalationToolPattern']);
  c.num('patterns.callerRepetitionSimilarity', p.callerRepetitionSimilarity, 0, 1);
  c.num('patterns.callerRepetitionMinChars', p.callerRepetitionMinChars, 0, 10_000, true);
  c.num('patterns.fallbackSimilarity', p.fallbackSimilarity, 0, 1);
  if (!Array.isArray(p.fallbackPhrases) || !p.fallbackPhrases.every((s) => typeof s === 'string' && s.trim() !== '')) {
    c.problems.push('patterns.fallbackPhrases: expected an array of non-empty strings');
  }
  const pattern = c.str('patterns.escalationToolPattern', p.escalationToolPattern);
  if (typeof pattern === 'string') {
    try {
      new RegExp(pattern, 'i');
    } catch (e) {
      c.problems.push(`patterns.escalationToolPattern: not a valid regular expression (${(e as Error).message})`);
    }
  }
  if (root.overrides !== undefined && !(Array.isArray(root.overrides) && root.overrides.every((s) => typeof s === 'string'))) {
    c.problems.push('thresholds.overrides: expected an array of strings');
  }
  if (c.problems.length) throw new ThresholdsError(c.problems);
  return { ...(root as unknown as Thresholds), overrides: (root.overrides as string[] | undefined) ?? [] };
}

/**
 * Deep-merges a user override (any subset of the document; arrays replace wholesale) into validated
 * base thresholds and validates the result. Unknown keys are refused. The merged document keeps the
 * base id/version unless the override sets them, and lists the overridden paths in `overrides`.
 */
export function mergeThresholds(base: Thresholds, override: unknown): Thresholds {
  if (!isObj(override)) throw new ThresholdsError(['override: expected an object']);
  const changed: string[] = [];
  const problems: string[] = [];
  const merge = (target: Obj, patch: Obj, path: string): Obj => {
    const out: Obj = { ...target };
    for (const [k, v] of Object.entries(patch)) {
      const p = path ? `${path}.${k}` : k;
      if (!(k in target)) {
        problems.push(`${p}: unknown key`);
        continue;
      }
      const current = target[k];
      if (isObj(v) && isObj(current)) {
        out[k] = merge(current, v, p);
      } else {
        out[k] = v;
        changed.push(p);
      }
    }
    return out;
  };
  const merged = merge(base as unknown as Obj, override, '');
  if (problems.length) throw new ThresholdsError(problems);
  merged.overrides = [...new Set([...base.overrides, ...changed.filter((p) => p !== 'overrides')])];
  return validateThresholds(merged);
}
