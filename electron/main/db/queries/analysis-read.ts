import type { Db } from '../open';

export interface StoredCallAnalysis {
  callId: string;
  thresholds: { id: string; version: number; hash: string };
  normalization: { id: string; hash: string };
  metrics: unknown;
  analyzedAt: string;
}

export interface StoredTurnAnalysis {
  turnIndex: number;
  result: unknown;
}

export function readCallAnalysis(db: Db, callId: string): StoredCallAnalysis | null {
  const row = db.prepare('SELECT * FROM call_analysis WHERE call_id = ?').get(callId) as
    | { call_id: string; thresholds_id: string; thresholds_version: number; thresholds_hash: string; normalization_id: string;
        normalization_hash: string; metrics_json: string; analyzed_at: string }
    | undefined;
  if (!row) return null;
  return {
    callId: row.call_id,
    thresholds: { id: row.thresholds_id, version: row.thresholds_version, hash: row.thresholds_hash },
    normalization: { id: row.normalization_id, hash: row.normalization_hash },
    metrics: JSON.parse(row.metrics_json) as unknown,
    analyzedAt: row.analyzed_at,
  };
}

export function readTurnAnalyses(db: Db, callId: string): StoredTurnAnalysis[] {
  const rows = db.prepare('SELECT turn_index, result_json FROM turn_analysis WHERE call_id = ? ORDER BY turn_index').all(callId) as {
    turn_index: number;
    result_json: string;
  }[];
  return rows.map((r) => ({ turnIndex: r.turn_index, result: JSON.parse(r.result_json) as unknown }));
}

/** Stored metrics of many calls (all, or the given ids), for fleet metrics over a selection. */
export function readCallMetrics(db: Db, callIds?: readonly string[]): { callId: string; metrics: unknown }[] {
  const rows = (callIds
    ? db.prepare('SELECT call_id, metrics_json FROM call_analysis WHERE call_id IN (SELECT value FROM json_each(?)) ORDER BY call_id').all(JSON.stringify(callIds))
    : db.prepare('SELECT call_id, metrics_json FROM call_analysis ORDER BY call_id').all()) as { call_id: string; metrics_json: string }[];
  return rows.map((r) => ({ callId: r.call_id, metrics: JSON.parse(r.metrics_json) as unknown }));
}

export function allCallIds(db: Db): string[] {
  return (db.prepare('SELECT id FROM calls ORDER BY id').all() as { id: string }[]).map((r) => r.id);
}
