import { useEffect } from 'react';
import { useAppStore } from '../../state/app-store';
import { formatDate, formatDuration } from '../../components/format';
import { EmptyLibrary } from './EmptyLibrary';

/** The library: every stored call, newest first. */
export function CallList() {
  const calls = useAppStore((s) => s.calls);
  const loadCalls = useAppStore((s) => s.loadCalls);
  const openCall = useAppStore((s) => s.openCall);

  useEffect(() => {
    if (calls.status === 'idle') void loadCalls();
  }, [calls.status, loadCalls]);

  if (calls.status === 'loading' || calls.status === 'idle') return <p className="muted pad">Loading calls…</p>;
  if (calls.status === 'error') return <p className="error pad" role="alert">Could not load calls: {calls.message}</p>;
  if (calls.value.length === 0) return <EmptyLibrary />;

  return (
    <section className="call-list" aria-label="Calls">
      <h1>Calls <span className="muted">{calls.value.length}</span></h1>
      <table className="table" data-testid="call-table">
        <thead>
          <tr>
            <th>Call</th>
            <th>Started</th>
            <th className="num">Duration</th>
            <th className="num">Turns</th>
            <th className="num">Flags</th>
            <th>Outcome</th>
            <th>Agent</th>
            <th>Source</th>
          </tr>
        </thead>
        <tbody>
          {calls.value.map((c) => (
            <tr key={c.id} className="clickable" data-call-id={c.id} onClick={() => void openCall(c.id)}>
              <td>
                <button className="link" onClick={() => void openCall(c.id)}>{c.id}</button>
              </td>
              <td>{formatDate(c.startedAt)}</td>
              <td className="num">{formatDuration(c.durationMs)}</td>
              <td className="num">{c.turnCount}</td>
              <td className="num">{c.flagCount}</td>
              <td><span className={`pill outcome-${c.outcome}`}>{c.outcome}</span></td>
              <td>{[c.agent.name, c.agent.version].filter(Boolean).join(' ') || '—'}</td>
              <td className="muted">{c.sourceFormat}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
