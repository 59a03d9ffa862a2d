import type { CallPage, CallQuery, CallRow } from '../../../../shared/model/call-query';
import type { Db } from '../open';
import { toSummary, type SummaryRow } from './calls-read';

/**
 * Turns free text into an FTS5 query that cannot be misread as FTS syntax: each word becomes a quoted
 * prefix term ("balanc"*), all of which must match.
 */
export function ftsQuery(text: string): string | null {
  const words = text.toLowerCase().match(/[\p{L}\p{N}']+/gu);
  if (!words || words.length === 0) return null;
  return words.map((w) => `"${w.replace(/"/g, '""')}"*`).join(' ');
}

interface Row extends SummaryRow {
  critical_flags: number;
  wer: number | null;
  p95_latency_ms: number | null;
}

function whereClause(q: CallQuery): { filter: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const fts = q.text ? ftsQuery(q.text) : null;
  if (q.text && q.text.trim()) {
    const clauses = ['c.id LIKE ? ESCAPE \'\\\''];
    params.push(`${q.text.trim().replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
    if (fts) {
      clauses.push('c.id IN (SELECT t.call_id FROM turns_fts JOIN turns t ON t.id = turns_fts.rowid WHERE turns_fts MATCH ?)');
      params.push(fts);
    }
    where.push(`(${clauses.join(' OR ')})`);
  }
  if (q.outcome) {
    where.push('c.outcome = ?');
    params.push(q.outcome);
  }
  if (q.flagKind) {
    where.push('EXISTS (SELECT 1 FROM flags f WHERE f.call_id = c.id AND f.kind = ?)');
    params.push(q.flagKind);
  }
  return { filter: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

/** Every call id a query selects (no paging): the selection fleet metrics are computed over. */
export function searchCallIds(db: Db, q: CallQuery): string[] {
  const { filter, params } = whereClause(q);
  return (db.prepare(`SELECT c.id FROM calls c ${filter} ORDER BY c.id`).all(...params) as { id: string }[]).map((r) => r.id);
}

/** The library: calls matching text and facets, newest first, one page at a time, with the total. */
export function searchCalls(db: Db, q: CallQuery): CallPage {
  const { filter, params } = whereClause(q);
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM calls c ${filter}`).get(...params) as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT c.id, c.source_format, c.agent_name, c.agent_version, c.started_at, c.duration_ms, c.outcome, c.imported_at,
         (SELECT COUNT(*) FROM turns t WHERE t.call_id = c.id) AS turn_count,
         (SELECT COUNT(*) FROM flags f WHERE f.call_id = c.id) AS flag_count,
         (SELECT COUNT(*) FROM flags f WHERE f.call_id = c.id AND f.severity = 'critical') AS critical_flags,
         a.wer, a.p95_latency_ms
       FROM calls c LEFT JOIN call_analysis a ON a.call_id = c.id
       ${filter}
       ORDER BY COALESCE(c.started_at, c.imported_at) DESC, c.id
       LIMIT ? OFFSET ?`,
    )
    .all(...params, q.limit ?? 100, q.offset ?? 0) as Row[];
  const outcomes = db.prepare('SELECT outcome AS k, COUNT(*) AS n FROM calls GROUP BY outcome').all() as { k: string; n: number }[];
  const kinds = db.prepare('SELECT kind AS k, COUNT(DISTINCT call_id) AS n FROM flags GROUP BY kind ORDER BY kind').all() as { k: string; n: number }[];
  return {
    calls: rows.map((r): CallRow => ({
      ...toSummary(r),
      wer: r.wer,
      p95LatencyMs: r.p95_latency_ms,
      criticalFlags: r.critical_flags,
    })),
    total,
    facets: {
      outcomes: Object.fromEntries(outcomes.map((o) => [o.k, o.n])),
      flagKinds: Object.fromEntries(kinds.map((o) => [o.k, o.n])),
    },
  };
}
