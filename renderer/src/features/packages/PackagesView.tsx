import { useEffect, useState } from 'react';
import type { PackageSummary } from '../../../../shared/packages/package-summary';
import { api } from '../../api/client';
import { formatDate } from '../../components/format';
import { useAppStore } from '../../state/app-store';

/** Regression packages made from this store, the calls they came from, and how they last verified. */
export function PackagesView() {
  const openCall = useAppStore((s) => s.openCall);
  const showCalls = useAppStore((s) => s.showCalls);
  const [packages, setPackages] = useState<PackageSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.listPackages({}).then(setPackages, (err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  }, []);

  if (error) return <p className="error pad" role="alert">{error}</p>;
  if (!packages) return <p className="muted pad">Loading packages…</p>;
  return (
    <section aria-label="Packages">
      <h1>Test packages <span className="muted">{packages.length}</span></h1>
      {packages.length === 0 ? (
        <p className="muted">No packages yet: open a call and use “Export test package…”.</p>
      ) : (
        <table className="table" data-testid="package-table">
          <thead>
            <tr><th>Package</th><th>From call</th><th>Turns</th><th className="num">Assertions</th><th>Redacted</th><th>Created</th><th>Last verification</th><th>File</th></tr>
          </thead>
          <tbody>
            {packages.map((p) => (
              <tr key={p.id} data-package-id={p.id}>
                <td>{p.title}</td>
                <td>
                  {p.sourceCallStored ? (
                    <button className="link" onClick={() => { showCalls(); void openCall(p.sourceCallId); }}>{p.sourceCallId}</button>
                  ) : (
                    <span className="muted">{p.sourceCallId} (removed)</span>
                  )}
                </td>
                <td>{p.turns.map((t) => `T${t}`).join(' ')}</td>
                <td className="num">{p.assertionCount}</td>
                <td>{p.redacted ? 'yes' : 'no'}</td>
                <td>{formatDate(p.createdAt)}</td>
                <td>
                  {p.lastVerification
                    ? <span className={p.lastVerification.failed > 0 ? 'bad' : 'good'}>{p.lastVerification.passed} passed, {p.lastVerification.failed} failed</span>
                    : <span className="muted">never</span>}
                </td>
                <td className="muted small"><code>{p.path}</code></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
