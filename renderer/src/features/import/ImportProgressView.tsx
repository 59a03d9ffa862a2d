import type { ImportProgress } from '../../../../shared/model/import-progress';

/** A running import: phase, count, rate, the file at hand. */
export function ImportProgressView({ progress, onCancel }: { progress: ImportProgress; onCancel: () => void }) {
  const pct = progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 0;
  const rate = progress.elapsedMs > 0 ? (progress.done / progress.elapsedMs) * 1000 : 0;
  return (
    <div className="import-progress" data-testid="import-progress">
      <div className="progress-track" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
        <div className="progress-fill" style={{ width: `${pct}%` }} />
      </div>
      <p className="small">
        {progress.phase} {progress.done}/{progress.total} · {rate.toFixed(1)}/s · {progress.imported} imported, {progress.failed} failed
      </p>
      {progress.current && <p className="small muted ellipsis">{progress.current}</p>}
      <button type="button" className="secondary" onClick={onCancel}>
        Cancel (what is imported stays; import again to resume)
      </button>
    </div>
  );
}
