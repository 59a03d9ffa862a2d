import * as Dialog from '@radix-ui/react-dialog';
import { useState } from 'react';
import type { ImportReport } from '../../../../shared/model/dto';
import { api } from '../../api/client';
import { useAppStore } from '../../state/app-store';
import { ImportProgressView } from './ImportProgressView';
import { ImportReportView } from './ImportReportView';

/**
 * Import calls from this machine: the system file dialog in the desktop app, or a typed path in the browser
 * host (which runs on the same machine and reads the same files).
 */
export function ImportDialog() {
  const startImport = useAppStore((s) => s.startImport);
  const cancelImport = useAppStore((s) => s.cancelImport);
  const clearImportJob = useAppStore((s) => s.clearImportJob);
  const job = useAppStore((s) => s.importJob);
  const host = useAppStore((s) => s.info?.host);
  const [open, setOpen] = useState(false);
  const [pathText, setPathText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const busy = job !== null && job.report === null && job.error === null;
  const report: ImportReport | null = job?.report ?? null;

  const run = async (paths: string[]): Promise<void> => {
    if (paths.length === 0) return;
    setError(null);
    try {
      await startImport(paths);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
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
    <Dialog.Root open={open} onOpenChange={(o) => { setOpen(o); if (!o && !busy) { clearImportJob(); setError(null); } }}>
      <Dialog.Trigger asChild>
        <button className="secondary">Import…</button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog" aria-describedby="import-help">
          <Dialog.Title>Import calls</Dialog.Title>
          <p id="import-help" className="muted small">
            Traces in any format Turnscope reads (its own call format, Vapi, Retell, LiveKit, Pipecat or LiveKit
            OpenTelemetry, Jaeger), with their recordings and ASR output: files, folders or zips. Each call is
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
          {busy && job && <ImportProgressView progress={job.progress} onCancel={() => void cancelImport()} />}
          {error && <p className="error" role="alert">{error}</p>}
          {job?.error && <p className="error" role="alert">{job.error}</p>}
          {job?.report?.cancelled && <p className="warn">Cancelled: {job.report.imported.length} calls were imported; import again to resume.</p>}
          {report && <ImportReportView report={report} />}
          <Dialog.Close asChild>
            <button className="dialog-close link" aria-label="Close">Close</button>
          </Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
