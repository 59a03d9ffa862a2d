import { useEffect, useState } from 'react';
import { useAppStore } from './state/app-store';
import { CallList } from './features/call-list/CallList';
import { CallView } from './features/call-view/CallView';
import { ImportDialog } from './features/import/ImportDialog';
import { PackagesView } from './features/packages/PackagesView';

export function App() {
  const info = useAppStore((s) => s.info);
  const loadInfo = useAppStore((s) => s.loadInfo);
  const openCallId = useAppStore((s) => s.openCallId);
  const call = useAppStore((s) => s.call);
  const screen = useAppStore((s) => s.screen);
  const showCalls = useAppStore((s) => s.showCalls);
  const showPackages = useAppStore((s) => s.showPackages);
  const closeCall = useAppStore((s) => s.closeCall);
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
        <nav className="screens" aria-label="Screens">
          <button className={`link ${screen === 'calls' ? 'current' : ''}`} onClick={() => { showCalls(); closeCall(); }}>Calls</button>
          <button className={`link ${screen === 'packages' ? 'current' : ''}`} onClick={showPackages}>Test packages</button>
        </nav>
        <ImportDialog />
      </nav>
      <main>
        {screen === 'packages' && openCallId === null && <PackagesView />}
        {screen === 'calls' && openCallId === null && <CallList />}
        {openCallId !== null && call.status === 'loading' && <p className="muted pad">Opening {openCallId}…</p>}
        {openCallId !== null && call.status === 'error' && <p className="error pad" role="alert">{call.message}</p>}
        {openCallId !== null && call.status === 'ready' && <CallView call={call.value} />}
      </main>
    </div>
  );
}
