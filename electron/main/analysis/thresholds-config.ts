import defaults from '../../../resources/thresholds/default.json';
import { canonicalJson, fnv1a64, mergeThresholds, validateThresholds, type Thresholds } from '../../../shared/analysis';
import type { Db } from '../db/open';
import { deleteSetting, readSetting, writeSetting } from '../db/queries/settings';

const OVERRIDE_KEY = 'thresholds.override';

export interface ThresholdsInEffect {
  thresholds: Thresholds;
  /** Hash of the merged thresholds, stored with every analysis so results say what they were judged by. */
  hash: string;
  override: unknown;
}

/** The seed's defaults (resources/thresholds/default.json) merged with the user's stored override. */
export function thresholdsInEffect(db: Db): ThresholdsInEffect {
  const base = validateThresholds(defaults);
  const override = readSetting(db, OVERRIDE_KEY);
  const thresholds = override === undefined ? base : mergeThresholds(base, override);
  return { thresholds, hash: fnv1a64(canonicalJson(thresholds)), override: override ?? null };
}

/** Validates and stores a user override (partial thresholds JSON); throws ThresholdsError naming every bad path. */
export function setThresholdsOverride(db: Db, override: unknown): ThresholdsInEffect {
  mergeThresholds(validateThresholds(defaults), override);
  writeSetting(db, OVERRIDE_KEY, override);
  return thresholdsInEffect(db);
}

export function clearThresholdsOverride(db: Db): ThresholdsInEffect {
  deleteSetting(db, OVERRIDE_KEY);
  return thresholdsInEffect(db);
}
