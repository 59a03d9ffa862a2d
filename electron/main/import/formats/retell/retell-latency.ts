import type { StageTimings, Turn } from '../../../../../shared/model/call';
import type { ImportNote } from '../../../../../shared/model/dto';
import type { JsonAt } from '../livekit-report/common-json';
import { alignByOrder } from '../livekit-report/common-turns';

type Summary = Record<string, number>;

/** Per-turn series and what each feeds. e2e (user stops → agent starts) is also the time to first word. */
const PER_TURN: { key: string; oldKey: string | null; set: (t: StageTimings, ms: number) => void }[] = [
  {
    key: 'e2e',
    oldKey: 'e2e_latency',
    set: (t, ms) => {
      t.endToEndMs = ms;
      t.timeToFirstWordMs = ms;
    },
  },
  { key: 'llm', oldKey: 'llm_latency', set: (t, ms) => void (t.llmMs = ms) },
  { key: 'tts', oldKey: null, set: (t, ms) => void (t.ttsMs = ms) },
];

/** Aggregate-only series: kept as summaries, never spread over turns. */
const AGGREGATE: { key: string; oldKey: string | null }[] = [
  { key: 'asr', oldKey: null },
  { key: 'llm_websocket_network_rtt', oldKey: 'llm_websocket_network_rtt_latency' },
  { key: 's2s', oldKey: null },
  { key: 'knowledge_base', oldKey: null },
];

/**
 * Applies Retell latencies (milliseconds) to the turns and returns their summaries (p50…max) for metadata.
 * Since v3.19.0 they live under `latency.*`; before, top-level `e2e_latency` etc. `values` (Nov 2024) are in
 * turn order without turn ids, so they go to caller turns the agent answered, first to first.
 */
export function applyRetellLatency(call: JsonAt, turns: readonly Turn[], notes: ImportNote[]): Record<string, Summary> {
  const grouped = call.get('latency').optObject();
  const seriesAt = (key: string, oldKey: string | null): JsonAt | null =>
    grouped ? grouped.get(key).optObject() : oldKey === null ? null : call.get(oldKey).optObject();
  const summaries: Record<string, Summary> = {};
  const answered = (t: Turn): boolean => t.caller !== null && t.agent !== null;
  let perTurn = false;

  for (const { key, oldKey, set } of PER_TURN) {
    const s = seriesAt(key, oldKey);
    if (!s) continue;
    summaries[key] = summaryOf(s);
    const values = s.get('values').optItems()?.map((v) => v.number()) ?? null;
    const label = grouped ? `latency.${key}` : (oldKey ?? key);
    if (values === null) continue;
    perTurn ||= values.length > 0;
    const num = s.get('num').optNumber();
    if (num !== null && num !== values.length) notes.push({ level: 'warning', message: `${label}: num says ${num} but values holds ${values.length}` });
    alignByOrder(turns, answered, { label: `${label}.values`, values, apply: (t, ms) => set(t.timings, ms) }, notes);
  }
  for (const { key, oldKey } of AGGREGATE) {
    const s = seriesAt(key, oldKey);
    if (s) summaries[key] = summaryOf(s);
  }

  if (!grouped && Object.keys(summaries).length > 0) notes.push({ level: 'info', message: 'latency from the top-level *_latency fields (export before v3.19.0)' });
  if (!perTurn) {
    notes.push({
      level: 'info',
      message: Object.keys(summaries).length > 0 ? 'no per-turn latency: this export has latency summaries only (in metadata.latency)' : 'no latency in this export',
    });
  }
  const asrP50 = summaries.asr?.p50;
  notes.push({
    level: 'info',
    message: `no per-turn STT timing: Retell reports transcription latency only in aggregate${asrP50 !== undefined ? ` (asr p50 ${asrP50} ms)` : ''}`,
  });
  return summaries;
}

/** The numeric summary fields (p50, p90, p95, p99, max, min, num) without the per-turn list. */
function summaryOf(s: JsonAt): Summary {
  const out: Summary = {};
  for (const k of s.keys()) {
    if (k === 'values') continue;
    const v = s.get(k).optNumber();
    if (v !== null) out[k] = v;
  }
  return out;
}
