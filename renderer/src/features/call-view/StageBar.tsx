import type { StageTimings } from '../../../../shared/model/call';

const STAGES = [
  { key: 'sttMs', label: 'STT', className: 'stage-stt' },
  { key: 'llmMs', label: 'LLM', className: 'stage-llm' },
  { key: 'ttsMs', label: 'TTS', className: 'stage-tts' },
  { key: 'overheadMs', label: 'Overhead', className: 'stage-overhead' },
] as const;

/** Scale of the bar: 1.5 s fills it, so the 500 ms budget mark sits a third of the way in. */
const FULL_SCALE_MS = 1500;

/** The turn's stages as one stacked bar against the 500 ms budget. */
export function StageBar({ timings }: { timings: StageTimings }) {
  const total = timings.endToEndMs ?? STAGES.reduce((sum, s) => sum + (timings[s.key] ?? 0), 0);
  if (STAGES.every((s) => timings[s.key] === null)) return <div className="stagebar-none muted small">no stage timings</div>;
  return (
    <div className="stagebar" title={STAGES.map((s) => `${s.label} ${timings[s.key] ?? '—'} ms`).join(' · ')}>
      <div className="stagebar-track">
        {STAGES.map((s) => {
          const v = timings[s.key];
          if (v === null || v <= 0) return null;
          return <div key={s.key} className={`stage ${s.className}`} style={{ width: `${(Math.min(v, FULL_SCALE_MS) / FULL_SCALE_MS) * 100}%` }} />;
        })}
        <div className="budget-mark" style={{ left: `${(500 / FULL_SCALE_MS) * 100}%` }} />
      </div>
      {total > FULL_SCALE_MS && <span className="overflow small">+{Math.round(total - FULL_SCALE_MS)} ms</span>}
    </div>
  );
}

export { STAGES };
