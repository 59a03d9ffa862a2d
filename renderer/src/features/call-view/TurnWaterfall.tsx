import type { Span } from '../../../../shared/model/call';
import type { TurnDetail } from '../../../../shared/model/dto';

interface Bar {
  label: string;
  startMs: number;
  endMs: number;
  className: string;
}

const KIND_CLASS: Record<string, string> = { stt: 'stage-stt', llm: 'stage-llm', tts: 'stage-tts', tool: 'stage-tool', other: 'stage-overhead' };

/**
 * The turn's response as a waterfall on the recording's clock: the trace's stage and tool spans between the
 * caller stopping and the agent starting, with what the audio itself shows underneath, so a span that
 * claims one thing while the recording shows another stands out.
 */
export function TurnWaterfall({ turn, spans }: { turn: TurnDetail; spans: Span[] }) {
  const bars: Bar[] = spans
    .filter((s) => s.turnIndex === turn.index && s.kind !== 'turn' && s.startMs !== null && s.endMs !== null)
    .map((s) => ({ label: s.name, startMs: s.startMs!, endMs: s.endMs!, className: KIND_CLASS[s.kind] ?? 'stage-overhead' }));
  const callerEnd = turn.caller?.endMs ?? null;
  const agentStart = turn.agent?.startMs ?? null;
  const m = turn.measured ?? null;
  if (callerEnd !== null && agentStart !== null) bars.unshift({ label: 'trace: caller stop → agent start', startMs: callerEnd, endMs: agentStart, className: 'gap-trace' });
  if (m?.callerSpeechEndMs != null && m.agentSpeechStartMs != null) {
    bars.push({ label: `audio: measured gap ${Math.round(m.responseGapMs ?? m.agentSpeechStartMs - m.callerSpeechEndMs)} ms`, startMs: m.callerSpeechEndMs, endMs: m.agentSpeechStartMs, className: 'gap-audio' });
  }
  if (bars.length === 0) return null;
  const from = Math.min(...bars.map((b) => Math.min(b.startMs, b.endMs))) - 100;
  const to = Math.max(...bars.map((b) => Math.max(b.startMs, b.endMs))) + 100;
  const x = (ms: number): string => `${((ms - from) / (to - from)) * 100}%`;
  return (
    <div className="waterfall" data-testid={`waterfall-${turn.index}`} aria-label={`Timeline of turn ${turn.index}`}>
      {bars.map((b, i) => (
        <div key={i} className="wf-row" title={`${b.label}: ${Math.round(b.endMs - b.startMs)} ms`}>
          <span className="wf-label small">{b.label}</span>
          <span className="wf-track">
            <span
              className={`wf-bar ${b.className} ${b.endMs < b.startMs ? 'negative' : ''}`}
              style={{ left: x(Math.min(b.startMs, b.endMs)), width: `max(2px, calc(${x(Math.max(b.startMs, b.endMs))} - ${x(Math.min(b.startMs, b.endMs))}))` }}
            />
          </span>
          <span className="wf-ms small">{Math.round(b.endMs - b.startMs)} ms</span>
        </div>
      ))}
    </div>
  );
}
