/**
 * An Audacity label track: one "start<TAB>end<TAB>label" line per annotation, seconds with six decimals
 * (the precision Audacity writes), sorted by start. Import it with File › Import › Labels. The caller's
 * and agent's utterances, tool calls and flags are labelled with their tier so one track holds them all.
 */
import { callTiers, type ExchangeCall } from './tiers';

const sec = (ms: number): string => (ms / 1000).toFixed(6);

export function toAudacityLabels(call: ExchangeCall): string {
  const labels = callTiers(call)
    .filter((t) => t.type !== 'word' && t.id !== 'caller reference')
    .flatMap((t) => t.annotations.map((a) => ({ ...a, label: `${t.id.replace(/ \d+$/, '')}: ${a.text}` })))
    .sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  return labels.map((l) => `${sec(l.startMs)}\t${sec(l.endMs)}\t${l.label.replace(/[\t\r\n]+/g, ' ')}\n`).join('');
}
