import * as Dialog from '@radix-ui/react-dialog';
import { useEffect, useState } from 'react';
import type { ApiOutput, PackagePreviewView } from '../../../../shared/contract/api';
import { api } from '../../api/client';

type Exported = ApiOutput<'exportPackage'>;

/**
 * Turn a failed call into a regression test package: pick the turns (those with findings are pre-selected),
 * choose redaction, review and edit the pre-filled expectations, export. The package lands beside the store.
 */
export function ExportPackageDialog({ callId, hasComplianceHits, label = 'Export test package…' }: { callId: string; hasComplianceHits: boolean; label?: string }) {
  const [open, setOpen] = useState(false);
  const [turns, setTurns] = useState<number[] | null>(null);
  const [redact, setRedact] = useState(hasComplianceHits);
  const [title, setTitle] = useState('');
  const [preview, setPreview] = useState<PackagePreviewView | null>(null);
  const [expectationsText, setExpectationsText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<Exported | null>(null);

  // A new selection or redaction choice starts from fresh defaults.
  useEffect(() => {
    if (!open) return;
    let cancelled = false;
    setError(null);
    api
      .previewPackage({ callId, turns: turns ?? undefined, redact })
      .then((p) => {
        if (cancelled) return;
        setPreview(p);
        if (turns === null) setTurns(p.turns);
        setExpectationsText(JSON.stringify(p.expectations, null, 2));
      })
      .catch((err: unknown) => !cancelled && setError(err instanceof Error ? err.message : String(err)));
    return () => {
      cancelled = true;
    };
  }, [open, callId, turns, redact]);

  const toggleTurn = (t: number): void => setTurns((cur) => ((cur ?? []).includes(t) ? (cur ?? []).filter((x) => x !== t) : [...(cur ?? []), t].sort((a, b) => a - b)));

  const doExport = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      let expectations: unknown;
      try {
        expectations = JSON.parse(expectationsText);
      } catch (err) {
        throw new Error(`expectations are not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
      }
      setDone(await api.exportPackage({ callId, turns: turns ?? undefined, redact, title: title || undefined, expectations }));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog.Root open={open} onOpenChange={(o) => { setOpen(o); if (!o) { setDone(null); setTurns(null); setPreview(null); } }}>
      <Dialog.Trigger asChild>
        <button className="secondary small" aria-label={`Export test package from ${callId}`}>{label}</button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog wide" aria-describedby="export-help">
          <Dialog.Title>Export regression test package</Dialog.Title>
          <p id="export-help" className="muted small">
            A self-contained zip: caller audio of each turn, the trace excerpt, tool results as mocks, and expectations a new
            agent version must meet. Check it later with <code>turnscope verify &lt;package.zip&gt; --trace &lt;new trace&gt;</code>.
          </p>
          {preview && preview.reasons.length > 0 && (
            <div className="small">
              <strong>Why:</strong>
              <ul className="reasons">
                {preview.reasons.map((r, i) => (
                  <li key={i}><span className={`pill sev-${r.severity}`}>{r.severity}</span> {r.turnIndex !== null ? `T${r.turnIndex} · ` : ''}{r.detail}</li>
                ))}
              </ul>
            </div>
          )}
          {preview && (
            <fieldset className="turn-picker">
              <legend className="small">Turns</legend>
              {preview.availableTurns.map((t) => (
                <label key={t} className="small">
                  <input type="checkbox" checked={(turns ?? []).includes(t)} onChange={() => toggleTurn(t)} /> T{t}
                </label>
              ))}
            </fieldset>
          )}
          <div className="row small">
            <label><input type="checkbox" checked={redact} onChange={(e) => setRedact(e.target.checked)} /> redact (card data, PHI…) in text, trace and audio</label>
            <input className="title-input" value={title} onChange={(e) => setTitle(e.target.value)} placeholder="title (optional)" aria-label="Package title" />
          </div>
          <label htmlFor="expectations" className="small">
            Expectations ({preview?.assertionCount ?? '…'} assertions, pre-filled from the call; edit bounds, phrases, tool arguments)
          </label>
          <textarea id="expectations" className="expectations" rows={12} value={expectationsText} onChange={(e) => setExpectationsText(e.target.value)} spellCheck={false} />
          {error && <p className="error small" role="alert">{error}</p>}
          {done ? (
            <div className="export-done small" data-testid="export-done">
              <p>Package written: <code>{done.path}</code> ({done.assertionCount} assertions)</p>
              {done.warnings.map((w) => <p key={w} className="warn">{w}</p>)}
              <p className="muted">Verify a new agent version: <code>npx turnscope verify "{done.path}" --trace &lt;new trace&gt;</code></p>
            </div>
          ) : (
            <div className="row">
              <button className="primary" onClick={() => void doExport()} disabled={busy || !preview || (turns ?? []).length === 0}>
                {busy ? 'Exporting…' : 'Export package'}
              </button>
            </div>
          )}
          <Dialog.Close asChild>
            <button className="dialog-close link" aria-label="Close">Close</button>
          </Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
