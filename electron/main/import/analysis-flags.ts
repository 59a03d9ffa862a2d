import type { FlagDraft } from '../../../shared/model/call';
import type { NormalizedCall } from '../../../shared/model/normalized';
import { latencyBand } from '../../../shared/model/latency-band';

/** Findings computed from the call at import. */
export function analysisFlags(call: NormalizedCall): FlagDraft[] {
  const flags: FlagDraft[] = [];
  for (const t of call.turns) {
    const e2e = t.timings.endToEndMs;
    if (e2e === null) continue;
    const band = latencyBand(e2e);
    if (band === 'healthy') continue;
    const start = t.caller?.endMs ?? null;
    flags.push({
      kind: band === 'critical' ? 'latency_critical' : 'latency_warning',
      severity: band,
      turnIndex: t.index,
      startMs: start,
      endMs: start !== null ? start + e2e : null,
      detail: `end-to-end ${Math.round(e2e)} ms (${band === 'critical' ? 'over 1200 ms' : '500–1200 ms'})`,
      evidence: { endToEndMs: e2e, timings: t.timings },
      source: 'analysis',
    });
  }
  return flags;
}
