import { fleetMetrics, type CallMetrics, type FleetMetrics } from '../../../shared/analysis';
import type { CallQuery } from '../../../shared/model/call-query';
import { readCallMetrics } from '../db/queries/analysis-read';
import { searchCallIds } from '../db/queries/call-search';
import type { Db } from '../db/open';
import { thresholdsInEffect } from './thresholds-config';

/**
 * Metrics over any selection of calls (the library's current search and filters): counts are summed over
 * the calls' stored metrics first and only then turned into rates and percentiles, never averaged.
 */
export function fleetMetricsFor(db: Db, q: CallQuery): FleetMetrics & { thresholds: { id: string; version: number } } {
  const { thresholds } = thresholdsInEffect(db);
  const stored = readCallMetrics(db, searchCallIds(db, q));
  return { ...fleetMetrics(stored.map((s) => s.metrics as CallMetrics), thresholds), thresholds: { id: thresholds.id, version: thresholds.version } };
}
