import type { FlagDraft } from '../../../../shared/model/call';
import type { Db } from '../open';

export interface TurnAnalysisRow {
  turnIndex: number;
  wer: number | null;
  refWords: number | null;
  hits: number | null;
  substitutions: number | null;
  deletions: number | null;
  insertions: number | null;
  normalizationId: string | null;
  normalizationHash: string | null;
  confidenceMean: number | null;
  confidenceMin: number | null;
  hallucinationRuns: number;
  endToEndBand: string | null;
  result: unknown;
}

export interface CallAnalysisRow {
  thresholdsId: string;
  thresholdsVersion: number;
  thresholdsHash: string;
  normalizationId: string;
  normalizationHash: string;
  wer: number | null;
  lowConfidenceRate: number | null;
  fallbackRate: number | null;
  p90LatencyMs: number | null;
  p95LatencyMs: number | null;
  hallucinationRuns: number;
  metrics: unknown;
}

export interface AnalysisToStore {
  turns: TurnAnalysisRow[];
  call: CallAnalysisRow;
  flags: FlagDraft[];
  /** Flag kinds this analysis owns: stored flags of these kinds are replaced, others (import, audio, compliance) kept. */
  flagKinds: readonly string[];
  analyzedAt: string;
}

/** Writes (or rewrites) a call's analysis. Runs inside the caller's transaction when there is one. */
export function writeAnalysis(db: Db, callId: string, a: AnalysisToStore): void {
  const run = db.transaction(() => {
    db.prepare('DELETE FROM turn_analysis WHERE call_id = ?').run(callId);
    db.prepare('DELETE FROM call_analysis WHERE call_id = ?').run(callId);
    const kinds = JSON.stringify(a.flagKinds);
    db.prepare(`DELETE FROM flags WHERE call_id = ? AND source = 'analysis' AND kind IN (SELECT value FROM json_each(?))`).run(callId, kinds);
    const insertTurn = db.prepare(
      `INSERT INTO turn_analysis (call_id, turn_index, wer, ref_words, hits, substitutions, deletions, insertions,
         normalization_id, normalization_hash, confidence_mean, confidence_min, hallucination_runs, end_to_end_band, result_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const t of a.turns) {
      insertTurn.run(callId, t.turnIndex, t.wer, t.refWords, t.hits, t.substitutions, t.deletions, t.insertions,
        t.normalizationId, t.normalizationHash, t.confidenceMean, t.confidenceMin, t.hallucinationRuns, t.endToEndBand,
        JSON.stringify(t.result));
    }
    const c = a.call;
    db.prepare(
      `INSERT INTO call_analysis (call_id, thresholds_id, thresholds_version, thresholds_hash, normalization_id,
         normalization_hash, wer, low_confidence_rate, fallback_rate, p90_latency_ms, p95_latency_ms, hallucination_runs,
         metrics_json, analyzed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(callId, c.thresholdsId, c.thresholdsVersion, c.thresholdsHash, c.normalizationId, c.normalizationHash, c.wer,
      c.lowConfidenceRate, c.fallbackRate, c.p90LatencyMs, c.p95LatencyMs, c.hallucinationRuns, JSON.stringify(c.metrics),
      a.analyzedAt);
    const insertFlag = db.prepare(
      `INSERT INTO flags (call_id, turn_index, kind, severity, start_ms, end_ms, detail, evidence_json, source, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'analysis', ?)`,
    );
    for (const f of a.flags) {
      insertFlag.run(callId, f.turnIndex, f.kind, f.severity, f.startMs, f.endMs, f.detail, JSON.stringify(f.evidence), a.analyzedAt);
    }
  });
  run();
}

/** Sets the reference transcript of one turn, recording where it came from. Returns false if there is no such turn. */
export function setTurnReference(db: Db, callId: string, turnIndex: number, text: string | null, source: string | null): boolean {
  const r = db
    .prepare('UPDATE turns SET reference_text = ?, reference_source = ? WHERE call_id = ? AND turn_index = ?')
    .run(text, source, callId, turnIndex);
  return r.changes === 1;
}
