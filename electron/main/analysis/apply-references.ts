import { readFileSync } from 'node:fs';
import type { Db } from '../db/open';
import { setTurnReference } from '../db/queries/analysis-write';
import { getCallDetail } from '../db/queries/calls-read';
import { reanalyzeCall } from './analysis-service';
import { parseReferenceFile, ReferenceFileError, type ReferenceEntry } from './reference-files';

export interface ReferencesReport {
  applied: { callId: string; turnIndex: number; origin: string }[];
  unmatched: { origin: string; reason: string }[];
  failed: { path: string; error: string }[];
}

/** The caller turn a time-addressed reference segment belongs to: the one its span overlaps most. */
function turnByTime(turns: { index: number; caller: { startMs: number | null; endMs: number | null } | null }[], e: ReferenceEntry): number | null {
  let best: { index: number; overlap: number } | null = null;
  for (const t of turns) {
    if (!t.caller || t.caller.startMs === null || t.caller.endMs === null) continue;
    const overlap = Math.min(t.caller.endMs, e.endMs!) - Math.max(t.caller.startMs, e.startMs!);
    if (overlap > 0 && (!best || overlap > best.overlap)) best = { index: t.index, overlap };
  }
  return best?.index ?? null;
}

/**
 * Reads reference transcripts from trn, stm or CSV files, sets them on the turns they name (stm segments
 * by time overlap, several segments of one turn joined in order), and re-analyses every call touched.
 */
export function applyReferenceFiles(db: Db, paths: readonly string[]): ReferencesReport {
  const report: ReferencesReport = { applied: [], unmatched: [], failed: [] };
  const byTurn = new Map<string, { callId: string; turnIndex: number; texts: string[]; origin: string }>();
  for (const path of paths) {
    let entries: ReferenceEntry[];
    try {
      entries = parseReferenceFile(path, readFileSync(path, 'utf8'));
    } catch (err) {
      report.failed.push({ path, error: err instanceof ReferenceFileError ? err.message : `${path}: ${String(err)}` });
      continue;
    }
    for (const e of entries) {
      const call = getCallDetail(db, e.callId);
      if (!call) {
        report.unmatched.push({ origin: e.origin, reason: `no call with id "${e.callId}"` });
        continue;
      }
      const turnIndex = e.turnIndex ?? turnByTime(call.turns, e);
      if (turnIndex === null || !call.turns.some((t) => t.index === turnIndex && t.caller)) {
        report.unmatched.push({ origin: e.origin, reason: e.turnIndex === null ? 'no caller turn overlaps this segment' : `call "${e.callId}" has no caller turn ${e.turnIndex}` });
        continue;
      }
      const key = `${e.callId}\u0000${turnIndex}`;
      const slot = byTurn.get(key) ?? { callId: e.callId, turnIndex, texts: [], origin: e.origin };
      slot.texts.push(e.text);
      byTurn.set(key, slot);
    }
  }
  const touched = new Set<string>();
  db.transaction(() => {
    for (const r of byTurn.values()) {
      setTurnReference(db, r.callId, r.turnIndex, r.texts.join(' '), `file:${r.origin}`);
      report.applied.push({ callId: r.callId, turnIndex: r.turnIndex, origin: r.origin });
      touched.add(r.callId);
    }
  })();
  for (const id of touched) reanalyzeCall(db, id);
  return report;
}
