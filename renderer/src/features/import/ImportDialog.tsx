import * as Dialog from '@radix-ui/react-dialog';
import { useState } from 'react';
import type { ImportReport } from '../../../../shared/model/dto';
import { api } from '../../api/client';
import { useAppStore } from '../../state/app-store';
import { ImportReportView } from './ImportReportView';

/**
 * Import calls from this machine: the system file dialog in the desktop app, or a typed path in the browser
 * host (which runs on the same machine and reads the same files).
 */
export function ImportDialog() {
  const importPaths = useAppStore((s) => s.importPaths);
  const host = useAppStore((s) => s.info?.host);
  const [open, setOpen] = useState(false);
  const [pathText, setPathText] = useState('');
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (paths: string[]): Promise<void> => {
    if (paths.length === 0) return;
    setBusy(true);
    setError(null);
    try {
      setReport(await importPaths(paths));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const browse = async (): Promise<void> => {
    try {
      await run((await api.chooseImportPaths({})).paths);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <Dialog.Root open={open} onOpenChange={(o) => { setOpen(o); if (!o) { setReport(null); setError(null); } }}>
      <Dialog.Trigger asChild>
        <button className="secondary">Import…</button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog" aria-describedby="import-help">
          <Dialog.Title>Import calls</Dialog.Title>
          <p id="import-help" className="muted small">
            Call files (Turnscope call format) with their recordings, or folders holding them. Each call is
            imported on its own: one bad file does not stop the others, and re-importing never duplicates a call.
          </p>
          <form
            className="import-form"
            onSubmit={(e) => {
              e.preventDefault();
              void run(pathText.split('\n').map((p) => p.trim()).filter(Boolean));
            }}
          >
            <label htmlFor="import-paths">Paths on this machine (one per line)</label>
            <textarea id="import-paths" rows={3} value={pathText} onChange={(e) => setPathText(e.target.value)} placeholder="/home/me/calls/2026-02" />
            <div className="row">
              {host === 'electron' && (
                <button type="button" className="secondary" onClick={() => void browse()} disabled={busy}>
                  Browse…
                </button>
              )}
              <button type="submit" className="primary" disabled={busy || pathText.trim() === ''}>
                {busy ? 'Importing…' : 'Import'}
              </button>
            </div>
          </form>
          {error && <p className="error" role="alert">{error}</p>}
          {report && <ImportReportView report={report} />}
          <Dialog.Close asChild>
            <button className="dialog-close link" aria-label="Close">Close</button>
          </Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
