import { endToEndBand, type TurnResult } from '../../../../shared/analysis';
import type { Span } from '../../../../shared/model/call';
import type { TurnDetail } from '../../../../shared/model/dto';
import { turnAt, turnSpan } from '../../../../shared/model/turn-span';
import { formatClock, formatMs } from '../../components/format';
import { usePlaybackStore } from '../../state/playback-store';
import { useEffect, useState } from 'react';
import { useAppStore } from '../../state/app-store';
import { AlignmentView } from './AlignmentView';
import { ReferenceEditor } from './ReferenceEditor';
import { StageBar } from './StageBar';
import { TurnAnalysisLine } from './TurnAnalysisLine';
import { TurnWaterfall } from './TurnWaterfall';

/** Every turn: what the caller said, what the agent answered, and where the time went. Click to hear it. */
export function TurnList({ turns, analysis, spans }: { turns: TurnDetail[]; analysis: TurnResult[]; spans: Span[] }) {
  const currentMs = usePlaybackStore((s) => s.currentMs);
  const seek = usePlaybackStore((s) => s.seek);
  const setReference = useAppStore((s) => s.setReference);
  const active = turnAt(turns, currentMs);
  const [editing, setEditing] = useState<number | null>(null);

  // "e" edits the reference of the turn under the playhead: review without leaving the keyboard.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const target = e.target as HTMLElement | null;
      if (target && ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) return;
      if (e.key === 'e' && active?.caller && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        setEditing(active.index);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active]);
  return (
    <ol className="turns" aria-label="Turns">
      {turns.map((t) => {
        const span = turnSpan(t);
        const result = analysis.find((r) => r.turnIndex === t.index) ?? null;
        const e2e = t.timings.endToEndMs;
        // The stored analysis judged the turn by the thresholds in effect; the seed's bands otherwise.
        const band = result?.latency.band ?? (e2e === null ? null : endToEndBand(e2e));
        return (
          <li
            key={t.index}
            className={`turn ${active?.index === t.index ? 'active' : ''}`}
            data-testid={`turn-${t.index}`}
            data-start-ms={span?.startMs ?? ''}
            data-end-ms={span?.endMs ?? ''}
            aria-current={active?.index === t.index ? 'true' : undefined}
          >
            <button className="turn-seek" onClick={() => span && seek(span.startMs)} disabled={!span} aria-label={`Play turn ${t.index}`}>
              <span className="turn-index">T{t.index}</span>
              <span className="turn-time muted">{formatClock(span?.startMs ?? null)}</span>
            </button>
            <div className="turn-texts">
              {t.caller && (
                <p className="utterance caller">
                  <span className="who">Caller</span>
                  {t.caller.text || <em className="muted">(nothing recognized)</em>}
                  {t.intent && <span className="intent muted small"> · intent {t.intent.name}{t.intent.confidence !== null ? ` ${t.intent.confidence.toFixed(2)}` : ''}</span>}
                </p>
              )}
              {t.caller && result && <TurnAnalysisLine result={result} />}
              {t.caller && editing !== t.index && (
                <button className="link small edit-ref" onClick={() => setEditing(t.index)} aria-label={`Edit reference of turn ${t.index}`}>
                  {t.referenceText === null ? 'add reference' : 'edit reference'}
                </button>
              )}
              {editing === t.index && (
                <ReferenceEditor
                  initial={t.referenceText ?? t.caller?.text ?? ''}
                  onSave={(text) => setReference(t.index, text)}
                  onClose={() => setEditing(null)}
                />
              )}
              {result?.wer && result.wer.sentenceError && <AlignmentView wer={result.wer} runs={result.hallucinationRuns} />}
              {t.agent && (
                <p className="utterance agent">
                  <span className="who">Agent</span>
                  {t.agent.text}
                </p>
              )}
              {t.toolCalls.length > 0 && <p className="tools small muted">tools: {t.toolCalls.map((c) => c.name).join(', ')}</p>}
              {active?.index === t.index && <TurnWaterfall turn={t} spans={spans} />}
            </div>
            <div className="turn-timing">
              <dl className="stages small">
                <dt>STT</dt><dd>{formatMs(t.timings.sttMs)}</dd>
                <dt>LLM</dt><dd>{formatMs(t.timings.llmMs)}</dd>
                <dt>TTS</dt><dd>{formatMs(t.timings.ttsMs)}</dd>
                <dt>Overhead</dt><dd>{formatMs(t.timings.overheadMs)}</dd>
              </dl>
              <StageBar timings={t.timings} />
              <div className={`e2e band-${band ?? 'none'}`} data-testid={`e2e-${t.index}`} data-band={band ?? 'none'}>
                end to end <strong>{formatMs(e2e)}</strong>
              </div>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
