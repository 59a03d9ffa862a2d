import type { CallAnalysisView } from '../../../../shared/model/analysis-view';

const LABELS: Record<string, { label: string; format: (v: number) => string }> = {
  wer: { label: 'WER', format: (v) => `${(v * 100).toFixed(1)}%` },
  voiceIntentErrorRate: { label: 'Intent error', format: (v) => `${(v * 100).toFixed(1)}%` },
  lowConfidenceRate: { label: 'Low confidence', format: (v) => `${(v * 100).toFixed(0)}%` },
  fallbackRate: { label: 'Fallbacks', format: (v) => `${(v * 100).toFixed(0)}%` },
  p95LatencyMs: { label: 'P95 latency', format: (v) => `${Math.round(v)} ms` },
  ttfwP95Ms: { label: 'TTFW P95', format: (v) => `${Math.round(v)} ms` },
};

/** The call's headline metrics, each with the status the thresholds in effect give it. */
export function CallMetricsStrip({ analysis }: { analysis: CallAnalysisView }) {
  const m = analysis.metrics.metrics as Record<string, { value: number | null; status: string | null }>;
  return (
    <div className="metrics-strip" data-testid="call-metrics" title={`thresholds ${analysis.thresholds.id}@${analysis.thresholds.version} · normalization ${analysis.normalization.id}`}>
      {Object.entries(LABELS).map(([key, { label, format }]) => {
        const v = m[key];
        if (!v || v.value === null) return null;
        return (
          <span key={key} className={`metric status-${v.status ?? 'none'}`} data-metric={key}>
            <span className="muted">{label}</span> {format(v.value)}
          </span>
        );
      })}
    </div>
  );
}
