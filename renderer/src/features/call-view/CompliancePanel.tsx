import { useState } from 'react';
import { CATEGORY_NAMES, hitCounts } from '../../../../shared/compliance/review';
import type { ComplianceHit } from '../../../../shared/compliance/types';
import { formatClock } from '../../components/format';
import { useAppStore } from '../../state/app-store';
import { usePlaybackStore } from '../../state/playback-store';

/**
 * Compliance findings of the call, each anchored to its moment, with the reviewer's decision: confirm,
 * or dismiss with a reason. Decisions are kept across re-scans. Matched text is shown masked.
 */
export function CompliancePanel() {
  const compliance = useAppStore((s) => s.compliance);
  const scan = useAppStore((s) => s.scanOpenCall);
  const [scanning, setScanning] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const rescan = async (): Promise<void> => {
    setScanning(true);
    setError(null);
    try {
      await scan();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setScanning(false);
    }
  };

  const counts = compliance ? hitCounts(compliance.hits) : null;
  return (
    <section className="compliance" aria-label="Compliance" data-testid="compliance">
      <h2>
        Compliance {counts && <span className="muted">{counts.total} · {counts.open} open</span>}
        <button className="link small scan-again" onClick={() => void rescan()} disabled={scanning}>{scanning ? 'scanning…' : compliance ? 'scan again' : 'scan'}</button>
      </h2>
      {error && <p className="error small" role="alert">{error}</p>}
      {!compliance && <p className="muted small">Not scanned yet.</p>}
      {compliance && compliance.hits.length === 0 && <p className="muted small">No findings.</p>}
      {compliance && (
        <ul className="hits">
          {compliance.hits.map((h) => <HitRow key={h.fingerprint} hit={h} />)}
        </ul>
      )}
      {compliance && (
        <p className="muted small" title={`rule set ${compliance.ruleSetHash}`}>
          rules: {compliance.rulePacks.map((p) => `${p.id}@${p.version}`).join(', ')}
        </p>
      )}
    </section>
  );
}

function HitRow({ hit }: { hit: ComplianceHit }) {
  const seek = usePlaybackStore((s) => s.seek);
  const review = useAppStore((s) => s.reviewHit);
  const [dismissing, setDismissing] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const decide = (status: ComplianceHit['status'], why?: string): Promise<void> =>
    review(hit.fingerprint, status, why).then(
      () => setError(null),
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    );
  return (
    <li className={`hit sev-${hit.severity} status-${hit.status}`} data-testid={`hit-${hit.fingerprint}`} data-category={hit.category}>
      <div className="hit-head">
        <button className="link" disabled={hit.startMs === null} onClick={() => hit.startMs !== null && seek(hit.startMs)}>{formatClock(hit.startMs)}</button>
        <span className="pill">{hit.severity}</span>
        <span className="flag-kind">{CATEGORY_NAMES[hit.category] ?? hit.category}</span>
        {hit.turnIndex !== null && <span className="muted small">T{hit.turnIndex} · {hit.speaker}</span>}
        <span className={`pill status ${hit.status}`}>{hit.status}</span>
      </div>
      <div className="hit-text small">“{hit.text}”</div>
      <div className="flag-detail">{hit.detail}</div>
      {hit.status === 'dismissed' && hit.reason && <div className="small muted">dismissed: {hit.reason}</div>}
      <div className="hit-actions small">
        {hit.status !== 'confirmed' && <button className="link" onClick={() => void decide('confirmed')}>confirm</button>}
        {hit.status !== 'dismissed' && !dismissing && <button className="link" onClick={() => setDismissing(true)}>dismiss…</button>}
        {hit.status !== 'open' && <button className="link" onClick={() => void decide('open')}>reopen</button>}
      </div>
      {error && <div className="error small" role="alert">{error}</div>}
      {dismissing && (
        <form
          className="dismiss-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (reason.trim()) void decide('dismissed', reason.trim()).then(() => setDismissing(false));
          }}
        >
          <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder="why it is not a violation" aria-label="Reason for dismissing" autoFocus />
          <button className="secondary small" type="submit" disabled={!reason.trim()}>Dismiss</button>
          <button className="link small" type="button" onClick={() => setDismissing(false)}>cancel</button>
        </form>
      )}
    </li>
  );
}
