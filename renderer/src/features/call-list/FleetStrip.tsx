import type { ApiOutput } from '../../../../shared/contract/api';

type Fleet = ApiOutput<'getFleetMetrics'>;

const SHOWN: { key: keyof Fleet['metrics']; label: string; format: (v: number) => string }[] = [
  { key: 'wer', label: 'WER', format: (v) => `${(v * 100).toFixed(1)}%` },
  { key: 'voiceIntentErrorRate', label: 'Intent error', format: (v) => `${(v * 100).toFixed(1)}%` },
  { key: 'firstCallResolution', label: 'First call resolution', format: (v) => `${(v * 100).toFixed(0)}%` },
  { key: 'escalationRate', label: 'Escalations', format: (v) => `${(v * 100).toFixed(0)}%` },
  { key: 'fallbackRate', label: 'Fallbacks', format: (v) => `${(v * 100).toFixed(1)}%` },
  { key: 'lowConfidenceRate', label: 'Low confidence', format: (v) => `${(v * 100).toFixed(1)}%` },
  { key: 'p95LatencyMs', label: 'P95 latency', format: (v) => `${Math.round(v)} ms` },
];

/** The selection at a glance: the guide's metrics over every call the search selects, with their status. */
export function FleetStrip({ fleet }: { fleet: Fleet }) {
  const e2e = fleet.latency.endToEndMs;
  return (
    <div className="metrics-strip fleet" data-testid="fleet-metrics" title={`thresholds ${fleet.thresholds.id}@${fleet.thresholds.version}; percentiles: nearest rank`}>
      <span className="metric"><span className="muted">Selection</span> {fleet.calls} call{fleet.calls === 1 ? '' : 's'}</span>
      {SHOWN.map(({ key, label, format }) => {
        const v = fleet.metrics[key];
        if (!v || v.value === null) return null;
        return (
          <span key={key} className={`metric status-${v.status ?? 'none'}`} data-metric={key}>
            <span className="muted">{label}</span> {format(v.value)}
          </span>
        );
      })}
      {e2e.count > 0 && (
        <span className="metric"><span className="muted">End to end P50/P90/P99</span> {e2e.p50} / {e2e.p90} / {e2e.p99} ms</span>
      )}
    </div>
  );
}
