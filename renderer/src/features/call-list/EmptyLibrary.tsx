import { useAppStore } from '../../state/app-store';

/** First run: nothing imported yet. The bundled sample calls are one click away. */
export function EmptyLibrary() {
  const importSamples = useAppStore((s) => s.importSamples);
  const info = useAppStore((s) => s.info);
  return (
    <section className="empty" data-testid="empty-library">
      <h1>No calls yet</h1>
      <p>
        Turnscope reads call recordings with the trace your voice stack exported and shows every turn on one
        timeline. Nothing leaves this machine.
      </p>
      <button className="primary" onClick={() => void importSamples()} disabled={!info || info.sampleCount === 0}>
        Load the {info?.sampleCount ?? ''} sample calls
      </button>
      <p className="muted small">
        Or import your own from a terminal: <code>npx turnscope import &lt;folder&gt;</code>
      </p>
    </section>
  );
}
