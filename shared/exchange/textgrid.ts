/**
 * Praat TextGrid, long text format: one IntervalTier per tier, covering the whole timeline from xmin to
 * xmax with consecutive intervals (the gaps between annotations become empty intervals, as Praat
 * requires). Seconds are written with millisecond precision; a double quote in text is doubled.
 */
import { callTiers, timelineEndMs, type ExchangeCall } from './tiers';

const sec = (ms: number): string => String(Math.round(ms) / 1000);
const str = (s: string): string => `"${s.replace(/"/g, '""')}"`;

export function toTextGrid(call: ExchangeCall): string {
  const tiers = callTiers(call);
  // Praat needs xmax > xmin even for a call with nothing timed.
  const end = Math.max(1, timelineEndMs(call, tiers));
  const out = ['File type = "ooTextFile"', 'Object class = "TextGrid"', '', 'xmin = 0 ', `xmax = ${sec(end)} `, 'tiers? <exists> ', `size = ${tiers.length} `, 'item []: '];
  tiers.forEach((t, i) => {
    const intervals: Array<{ from: number; to: number; text: string }> = [];
    let at = 0;
    for (const a of t.annotations) {
      if (a.startMs > at) intervals.push({ from: at, to: a.startMs, text: '' });
      intervals.push({ from: a.startMs, to: a.endMs, text: a.text });
      at = a.endMs;
    }
    if (at < end) intervals.push({ from: at, to: end, text: '' });
    out.push(
      `    item [${i + 1}]:`,
      '        class = "IntervalTier" ',
      `        name = ${str(t.id)} `,
      '        xmin = 0 ',
      `        xmax = ${sec(intervals[intervals.length - 1]!.to)} `,
      `        intervals: size = ${intervals.length} `,
    );
    intervals.forEach((iv, k) => {
      out.push(`        intervals [${k + 1}]:`, `            xmin = ${sec(iv.from)} `, `            xmax = ${sec(iv.to)} `, `            text = ${str(iv.text)} `);
    });
  });
  return out.join('\n') + '\n';
}
