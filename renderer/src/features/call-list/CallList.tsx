import { useEffect } from 'react';
import { useAppStore } from '../../state/app-store';
import { formatDate, formatDuration } from '../../components/format';
import { EmptyLibrary } from './EmptyLibrary';
import { ExportPackageDialog } from '../packages/ExportPackageDialog';
import { FleetStrip } from './FleetStrip';
import { LibraryFilters } from './LibraryFilters';

const pct = (v: number | null): string => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/** The library: every stored call, newest first, searchable, a page at a time. */
export function CallList() {
  const calls = useAppStore((s) => s.calls);
  const query = useAppStore((s) => s.query);
  const loadCalls = useAppStore((s) => s.loadCalls);
  const setQuery = useAppStore((s) => s.setQuery);
  const openCall = useAppStore((s) => s.openCall);
  const fleet = useAppStore((s) => s.fleet);

  useEffect(() => {
    if (calls.status === 'idle') void loadCalls();
  }, [calls.status, loadCalls]);

  if (calls.status === 'loading' || calls.status === 'idle') return <p className="muted pad">Loading calls…</p>;
  if (calls.status === 'error') return <p className="error pad" role="alert">Could not load calls: {calls.message}</p>;
  const page = calls.value;
  const searching = Boolean(query.text || query.outcome || query.flagKind);
  if (page.total === 0 && !searching) return <EmptyLibrary />;
  const limit = query.limit ?? 100;
  const offset = query.offset ?? 0;

  return (
    <section className="call-list" aria-label="Calls">
      <div className="library-head">
        <h1>Calls <span className="muted" data-testid="call-total">{page.total}</span></h1>
        <LibraryFilters facets={page.facets} />
      </div>
      {fleet && fleet.calls > 0 && <FleetStrip fleet={fleet} />}
      {page.calls.length === 0 ? (
        <p className="muted">No call matches.</p>
      ) : (
        <table className="table" data-testid="call-table">
          <thead>
            <tr>
              <th>Call</th>
              <th>Started</th>
              <th className="num">Duration</th>
              <th className="num">Turns</th>
              <th className="num">WER</th>
              <th className="num">P95 latency</th>
              <th className="num">Flags</th>
              <th>Outcome</th>
              <th>Agent</th>
              <th>Source</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {page.calls.map((c) => (
              <tr key={c.id} className="clickable" data-call-id={c.id} onClick={() => void openCall(c.id)}>
                <td>
                  <button className="link" onClick={() => void openCall(c.id)}>{c.id}</button>
                </td>
                <td>{formatDate(c.startedAt)}</td>
                <td className="num">{formatDuration(c.durationMs)}</td>
                <td className="num">{c.turnCount}</td>
                <td className={`num ${c.wer !== null && c.wer > 0.08 ? 'bad' : ''}`}>{pct(c.wer)}</td>
                <td className={`num ${c.p95LatencyMs !== null && c.p95LatencyMs > 1200 ? 'bad' : ''}`}>
                  {c.p95LatencyMs === null ? '—' : `${Math.round(c.p95LatencyMs)} ms`}
                </td>
                <td className="num">
                  {c.flagCount}
                  {c.criticalFlags > 0 && <span className="bad"> ({c.criticalFlags} critical)</span>}
                </td>
                <td><span className={`pill outcome-${c.outcome}`}>{c.outcome}</span></td>
                <td>{[c.agent.name, c.agent.version].filter(Boolean).join(' ') || '—'}</td>
                <td className="muted">{c.sourceFormat}</td>
                {/* The row opens the call on click; the export dialog must not. */}
                <td onClick={(e) => e.stopPropagation()}>
                  <ExportPackageDialog callId={c.id} hasComplianceHits={false} label="export…" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page.total > limit && (
        <nav className="pager" aria-label="Pages">
          <button className="secondary" disabled={offset === 0} onClick={() => setQuery({ offset: Math.max(0, offset - limit) })}>Previous</button>
          <span className="muted small">{offset + 1}–{Math.min(offset + limit, page.total)} of {page.total}</span>
          <button className="secondary" disabled={offset + limit >= page.total} onClick={() => setQuery({ offset: offset + limit })}>Next</button>
        </nav>
      )}
    </section>
  );
}
