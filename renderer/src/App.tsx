import { useEffect, useState } from 'react';
import { useAppStore } from './state/app-store';
import { CallList } from './features/call-list/CallList';
import { CallView } from './features/call-view/CallView';
import { ImportDialog } from './features/import/ImportDialog';

export function App() {
  const info = useAppStore((s) => s.info);
  const loadInfo = useAppStore((s) => s.loadInfo);
  const openCallId = useAppStore((s) => s.openCallId);
  const call = useAppStore((s) => s.call);
  const [infoError, setInfoError] = useState<string | null>(null);

  useEffect(() => {
    loadInfo().catch((err: unknown) => setInfoError(err instanceof Error ? err.message : String(err)));
  }, [loadInfo]);

  return (
    <div className="app" data-testid="app" data-ready={info ? 'true' : 'false'}>
      <nav className="topbar">
        <span className="brand">Turnscope</span>
        <span className="muted small">offline call forensics{info ? ` · ${info.host} host · v${info.version}` : ''}</span>
        {infoError && <span className="error small" role="alert">cannot reach Turnscope: {infoError}</span>}
        <span className="spacer" />
        <ImportDialog />
      </nav>
      <main>
        {openCallId === null && <CallList />}
        {openCallId !== null && call.status === 'loading' && <p className="muted pad">Opening {openCallId}…</p>}
        {openCallId !== null && call.status === 'error' && <p className="error pad" role="alert">{call.message}</p>}
        {openCallId !== null && call.status === 'ready' && <CallView call={call.value} />}
      </main>
    </div>
  );
}
