import type { TurnResult } from '../../../../shared/analysis';

const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;
const BAND_LABEL: Record<string, string> = {
  proceed: 'proceed',
  implicit_confirmation: 'implicit confirm',
  explicit_confirmation: 'explicit confirm',
  reprompt: 're-prompt',
  escalate: 'escalate',
};

/** The turn's recognition verdicts in one line: WER with its counts, confidence and its band. */
export function TurnAnalysisLine({ result }: { result: TurnResult }) {
  const w = result.wer;
  const c = result.confidence;
  return (
    <p className="turn-analysis small" data-testid={`turn-analysis-${result.turnIndex}`}>
      {w ? (
        <span className={w.wer !== null && w.wer > 0.08 ? 'bad' : w.wer !== null && w.wer > 0.05 ? 'meh' : 'good'}>
          WER {w.wer === null ? '—' : pct(w.wer)} <span className="muted">({w.substitutions} S, {w.deletions} D, {w.insertions} I of {w.refWords})</span>
        </span>
      ) : (
        <span className="muted">no reference: no WER</span>
      )}
      {c && (
        <span className={c.confidence < 0.6 ? 'bad' : c.confidence < 0.9 ? 'meh' : 'good'}>
          {' '}· confidence {c.mean.toFixed(2)} (min {c.min.toFixed(2)}) · {BAND_LABEL[c.band] ?? c.band}
        </span>
      )}
      {result.hallucinationRuns.length > 0 && <span className="bad"> · {result.hallucinationRuns.length} hallucination run</span>}
    </p>
  );
}
