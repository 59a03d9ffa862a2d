/**
 * Exchange exports of a call for the tools analysts already use, by format id. Pure: the main side
 * supplies the call (and the recording's URL for ELAN) and writes the text out.
 */
import type { CallDetail } from '../model/dto';
import { toAudacityLabels } from './audacity';
import { toEaf, type EafOptions } from './eaf';
import { toSrt, toWebVtt } from './subtitles';
import { toTextGrid } from './textgrid';
import type { ExchangeCall } from './tiers';
import { toTurnsCsv } from './turns-csv';

export const EXCHANGE_FORMATS = ['eaf', 'textgrid', 'audacity', 'srt', 'vtt', 'csv'] as const;
export type ExchangeFormat = (typeof EXCHANGE_FORMATS)[number];

export const EXCHANGE_EXTENSIONS: Record<ExchangeFormat, string> = {
  eaf: '.eaf', textgrid: '.TextGrid', audacity: '.txt', srt: '.srt', vtt: '.vtt', csv: '.csv',
};

export const isExchangeFormat = (s: string): s is ExchangeFormat => (EXCHANGE_FORMATS as readonly string[]).includes(s);

export interface ExchangeOptions {
  /** For EAF: document date (xs:dateTime) and the recording to link. */
  eaf?: Omit<EafOptions, 'date'> & { date?: string };
  now?: () => Date;
}

export function exchangeText(call: CallDetail, format: ExchangeFormat, o: ExchangeOptions = {}): string {
  const x: ExchangeCall = {
    id: call.id, durationMs: call.durationMs, turns: call.turns, flags: call.flags,
    recordingDurationMs: call.recordings[0]?.durationMs ?? null,
  };
  switch (format) {
    case 'eaf':
      return toEaf(x, { ...o.eaf, date: o.eaf?.date ?? (o.now ?? (() => new Date()))().toISOString() });
    case 'textgrid':
      return toTextGrid(x);
    case 'audacity':
      return toAudacityLabels(x);
    case 'srt':
      return toSrt(call.turns);
    case 'vtt':
      return toWebVtt(call.turns, call.id);
    case 'csv':
      return toTurnsCsv({ id: call.id, turns: call.turns, flags: call.flags, analysis: call.analysis?.turns ?? null });
  }
}
