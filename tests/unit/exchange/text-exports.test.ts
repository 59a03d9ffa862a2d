/**
 * SRT and WebVTT cues with well-formed, ordered timestamps and no cue-breaking text; Audacity label lines;
 * the turns CSV parsed back by an RFC 4180 reader, with formula-like cells defused.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { exchangeText } from '../../../shared/exchange';
import { TURN_CSV_COLUMNS } from '../../../shared/exchange/turns-csv';
import type { CallDetail } from '../../../shared/model/dto';
import { billingDispute, edgeCaseCall } from './exchange-fixtures';

let billing: CallDetail;
beforeAll(async () => {
  billing = await billingDispute();
});

const toMs = (h: string, m: string, s: string, ms: string): number => ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000 + Number(ms);

function checkCues(text: string, kind: 'srt' | 'vtt'): Array<{ start: number; end: number; text: string }> {
  const sep = kind === 'srt' ? ',' : '.';
  let body = text;
  if (kind === 'vtt') {
    expect(text).toMatch(/^WEBVTT( - [^\n]*)?\n\n/);
    body = text.slice(text.indexOf('\n\n') + 2);
  }
  const blocks = body.trimEnd().split(/\n\n/);
  const time = new RegExp(`^(\\d{2}):([0-5]\\d):([0-5]\\d)\\${sep}(\\d{3}) --> (\\d{2}):([0-5]\\d):([0-5]\\d)\\${sep}(\\d{3})$`);
  let prev = -1;
  return blocks.map((b, k) => {
    const [num, timing, ...lines] = b.split('\n');
    expect(num).toBe(String(k + 1));
    const m = time.exec(timing!);
    expect(m, `cue ${k + 1} timing "${timing}"`).not.toBeNull();
    const start = toMs(m![1]!, m![2]!, m![3]!, m![4]!);
    const end = toMs(m![5]!, m![6]!, m![7]!, m![8]!);
    expect(end).toBeGreaterThan(start);
    expect(start).toBeGreaterThanOrEqual(prev);
    prev = start;
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain('-->');
    return { start, end, text: lines.join('\n') };
  });
}

describe('SRT and WebVTT', () => {
  it('one cue per utterance, in time order, with well-formed timestamps', () => {
    const srt = checkCues(exchangeText(billing, 'srt'), 'srt');
    expect(srt).toHaveLength(11);
    expect(srt[1]).toEqual({ start: 8280, end: 12059, text: "Caller: on the bottle it about a charge on my bill that's i don't recognize" });
    const vtt = checkCues(exchangeText(billing, 'vtt'), 'vtt');
    expect(vtt.map((c) => [c.start, c.end])).toEqual(srt.map((c) => [c.start, c.end]));
    expect(vtt[0]!.text).toMatch(/^<v Agent>Thank you/);
  });

  it('escapes markup in WebVTT and keeps "-->" and blank lines out of cue text', () => {
    const call = edgeCaseCall();
    const vtt = checkCues(exchangeText(call, 'vtt'), 'vtt');
    expect(vtt[0]!.text).toBe('<v Agent>Hello -&gt; "world" &amp; &lt;friends&gt;');
    const srt = checkCues(exchangeText(call, 'srt'), 'srt');
    expect(srt.map((c) => c.text)).toEqual(['Agent: Hello -> "world" & <friends>', 'Caller: =HYPERLINK("x") says, hi there', 'Agent: bye']);
  });
});

describe('Audacity labels', () => {
  it('tab-separated seconds with six decimals, sorted, one line per label', () => {
    const lines = exchangeText(billing, 'audacity').trimEnd().split('\n');
    let prev = -1;
    for (const line of lines) {
      const m = /^(\d+\.\d{6})\t(\d+\.\d{6})\t([^\t\r\n]+)$/.exec(line);
      expect(m, line).not.toBeNull();
      expect(Number(m![2])).toBeGreaterThan(Number(m![1]));
      expect(Number(m![1])).toBeGreaterThanOrEqual(prev);
      prev = Number(m![1]);
    }
    expect(lines).toContain('0.700000\t7.640000\tagent: Thank you for calling Northwind Energy. This call may be recorded for quality and training purposes. How can I help you today?');
  });
});

/** RFC 4180: fields split on commas outside quotes, "" inside quotes is a quote, records end in CRLF. */
function parseCsv(text: string): string[][] {
  expect(text.endsWith('\r\n')).toBe(true);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') {
      expect(field, 'a quote may only open a field').toBe('');
      quoted = true;
    } else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      (row = []), (field = ''), i++;
    } else {
      expect(c, 'bare line break').not.toMatch(/[\r\n]/);
      field += c;
    }
  }
  return rows;
}

describe('CSV of turns with metrics', () => {
  it('parses back with one row per turn and the metrics in their columns', () => {
    const rows = parseCsv(exchangeText(billing, 'csv'));
    expect(rows[0]).toEqual([...TURN_CSV_COLUMNS]);
    expect(rows.slice(1).every((r) => r.length === TURN_CSV_COLUMNS.length)).toBe(true);
    const col = (name: string, turn: number): string => rows[turn + 1]![TURN_CSV_COLUMNS.indexOf(name as (typeof TURN_CSV_COLUMNS)[number])]!;
    expect(rows).toHaveLength(7);
    expect(col('wer', 4)).toBe('1');
    expect(col('hallucination_runs', 4)).toBe('1');
    expect(col('end_to_end_ms', 3)).toBe('1710');
    expect(col('latency_band', 3)).toBe('critical');
    expect(col('tool_calls', 3)).toBe('get_payment_history');
    expect(col('flags', 4)).toContain('critical:hallucination_run');
    expect(col('reference', 1)).toBe("Hi, I'm calling about a charge on my bill that I don't recognize.");
  });

  it('defuses cells a spreadsheet would run as a formula; numbers stay numbers', () => {
    const rows = parseCsv(exchangeText(edgeCaseCall(), 'csv'));
    const ci = TURN_CSV_COLUMNS.indexOf('caller_text');
    expect(rows[2]![ci]).toBe('\'=HYPERLINK("x") says, hi\nthere');
    expect(rows[2]![TURN_CSV_COLUMNS.indexOf('reference')]).toBe('\'=HYPERLINK("x") says hi there');
    expect(rows[2]![TURN_CSV_COLUMNS.indexOf('stt_ms')]).toBe('100');
  });
});
