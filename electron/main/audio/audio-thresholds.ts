/**
 * Thresholds of the audio layer, read from resources/thresholds/audio.json (versioned with the app; the
 * analysis engine's own thresholds live in default.json). Validated on load so a bad edit fails loudly
 * with the key that is wrong, not as NaN comparisons later.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VadOptions } from './speech-activity';

export interface AudioThresholds {
  id: string;
  version: number;
  vad: VadOptions;
  latency: { disagreementMs: number; criticalDisagreementMs: number; callerSearchPadMs: number; agentSearchPadMs: number; unmatchedSpeechMinMs: number };
  overlap: { minMs: number; agentTalkOverWarningMs: number; agentTalkOverCriticalMs: number; bargeInWarningMs: number };
  snr: { warningBelowDb: number; criticalBelowDb: number };
  clipping: { minRunSamples: number; warningRatio: number; criticalRatio: number; clusterGapMs: number };
  level: { tooQuietBelowDbfs: number; tooHotAboveDbfs: number };
  deadAir: { warningMs: number; criticalMs: number };
  dcOffset: { warningAbs: number; criticalAbs: number };
  echo: { maxDelayMs: number; sourceMinDbfs: number; minProminence: number; minCorrelation: number; minLevelDb: number; minWindows: number; warningAboveDb: number; criticalAboveDb: number; echoMarginDb: number };
  wordsInSilence: { minCoverage: number; padMs: number };
  roles: { minConfidence: number };
}

const SHAPE: Record<string, readonly string[]> = {
  vad: ['onsetDb', 'holdDb', 'mergeGapMs', 'minSpeechMs', 'edgeAboveFloorDb', 'edgeBelowPeakDb', 'minLevelDbfs'],
  latency: ['disagreementMs', 'criticalDisagreementMs', 'callerSearchPadMs', 'agentSearchPadMs', 'unmatchedSpeechMinMs'],
  overlap: ['minMs', 'agentTalkOverWarningMs', 'agentTalkOverCriticalMs', 'bargeInWarningMs'],
  snr: ['warningBelowDb', 'criticalBelowDb'],
  clipping: ['minRunSamples', 'warningRatio', 'criticalRatio', 'clusterGapMs'],
  level: ['tooQuietBelowDbfs', 'tooHotAboveDbfs'],
  deadAir: ['warningMs', 'criticalMs'],
  dcOffset: ['warningAbs', 'criticalAbs'],
  echo: ['maxDelayMs', 'sourceMinDbfs', 'minProminence', 'minCorrelation', 'minLevelDb', 'minWindows', 'warningAboveDb', 'criticalAboveDb', 'echoMarginDb'],
  wordsInSilence: ['minCoverage', 'padMs'],
  roles: ['minConfidence'],
};

export class ThresholdsError extends Error {
  override name = 'ThresholdsError';
}

/** Checks a parsed thresholds document: every section and key present and a finite number. */
export function parseAudioThresholds(raw: unknown, source = 'audio thresholds'): AudioThresholds {
  if (typeof raw !== 'object' || raw === null) throw new ThresholdsError(`${source}: not a JSON object`);
  const doc = raw as Record<string, unknown>;
  if (typeof doc.id !== 'string' || typeof doc.version !== 'number') throw new ThresholdsError(`${source}: needs "id" (string) and "version" (number)`);
  for (const [section, keys] of Object.entries(SHAPE)) {
    const s = doc[section];
    if (typeof s !== 'object' || s === null) throw new ThresholdsError(`${source}: missing section "${section}"`);
    for (const k of keys) {
      const v = (s as Record<string, unknown>)[k];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new ThresholdsError(`${source}: ${section}.${k} must be a number`);
    }
  }
  return doc as unknown as AudioThresholds;
}

let cached: { path: string; value: AudioThresholds } | null = null;

/** The thresholds file in `resourcesDir` (read once per path). */
export function loadAudioThresholds(resourcesDir: string): AudioThresholds {
  const path = join(resourcesDir, 'thresholds', 'audio.json');
  if (cached?.path === path) return cached.value;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ThresholdsError(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ThresholdsError(`${path}: invalid JSON (${(err as Error).message})`);
  }
  const value = parseAudioThresholds(json, path);
  cached = { path, value };
  return value;
}
