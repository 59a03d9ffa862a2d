import type { HallucinationRun, UtteranceWer } from '../../../../shared/analysis';

/**
 * What the recognizer heard against what was said, word by word (sclite's alignment): substitutions,
 * deletions and insertions coloured, hallucination runs underlined.
 */
export function AlignmentView({ wer, runs }: { wer: UtteranceWer; runs: HallucinationRun[] }) {
  const inRun = (k: number): boolean => runs.some((r) => k >= r.start && k <= r.end);
  return (
    <div className="alignment" data-testid="alignment" aria-label="Alignment of reference and recognized words">
      {wer.alignment.map((s, k) => (
        <span key={k} className={`al-step op-${s.op} ${inRun(k) ? 'in-run' : ''}`} title={opTitle(s.op)}>
          <span className="al-ref">{s.ref ?? '·'}</span>
          <span className="al-hyp">{s.hyp ?? '·'}</span>
        </span>
      ))}
    </div>
  );
}

function opTitle(op: string): string {
  return { C: 'correct', S: 'substitution', D: 'deletion (said, not heard)', I: 'insertion (heard, not said)' }[op] ?? op;
}
