import type { ImportReport } from '../../../../shared/model/dto';

/** What an import did, call by call: nothing is hidden, failures say which file and why. */
export function ImportReportView({ report }: { report: ImportReport }) {
  return (
    <div className="import-report" data-testid="import-report">
      <p>
        <strong>{report.imported.length}</strong> imported · <strong className={report.failed.length ? 'error' : ''}>{report.failed.length}</strong> failed ·{' '}
        <strong>{report.skipped.length}</strong> skipped
      </p>
      <ul className="small">
        {report.imported.map((c) => (
          <li key={c.path}>
            <span className="pill">{c.status}</span> {c.callId} <span className="muted">({c.format}, {c.turnCount} turns)</span>
            {c.warnings.map((w) => <div key={w} className="warn">{w}</div>)}
          </li>
        ))}
        {report.failed.map((f) => (
          <li key={f.path} className="error">{f.error}</li>
        ))}
        {report.skipped.map((s) => (
          <li key={s.path} className="muted">{s.path}: {s.reason}</li>
        ))}
      </ul>
    </div>
  );
}
