/**
 * Praat TextGrid read back by a small reader of the long text format, with Praat's rules checked:
 * every tier spans the grid's xmin..xmax, intervals are consecutive (each starts where the previous
 * ended) and non-empty, sizes match the counts, and quoted text round-trips.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { exchangeText } from '../../../shared/exchange';
import { toTextGrid } from '../../../shared/exchange/textgrid';
import type { CallDetail } from '../../../shared/model/dto';
import { billingDispute, edgeCaseCall } from './exchange-fixtures';

interface Grid {
  xmin: number;
  xmax: number;
  tiers: Array<{ cls: string; name: string; xmin: number; xmax: number; intervals: Array<{ xmin: number; xmax: number; text: string }> }>;
}

/** Reads `key = value` lines of the long format in order, checking each key is the expected one. */
function readTextGrid(src: string): Grid {
  const lines = src.split('\n');
  let i = 0;
  const next = (key: RegExp): string => {
    while (i < lines.length && lines[i]!.trim() === '') i++;
    const line = lines[i++] ?? '';
    const m = new RegExp(`^\\s*${key.source}\\s*=\\s*(.*?)\\s*$`).exec(line);
    if (!m) throw new Error(`line ${i}: expected ${key.source}, got "${line}"`);
    return m[1]!;
  };
  const marker = (text: string): void => {
    while (i < lines.length && lines[i]!.trim() === '') i++;
    if (lines[i++]!.trim() !== text) throw new Error(`line ${i}: expected ${text}`);
  };
  const num = (key: RegExp): number => {
    const v = Number(next(key));
    if (!Number.isFinite(v)) throw new Error(`line ${i}: not a number`);
    return v;
  };
  const str = (key: RegExp): string => {
    const raw = next(key);
    if (!/^"(?:[^"]|"")*"$/.test(raw)) throw new Error(`line ${i}: bad string ${raw}`);
    return raw.slice(1, -1).replace(/""/g, '"');
  };
  if (str(/File type/) !== 'ooTextFile' || str(/Object class/) !== 'TextGrid') throw new Error('not a TextGrid');
  const grid: Grid = { xmin: num(/xmin/), xmax: num(/xmax/), tiers: [] };
  marker('tiers? <exists>');
  const size = num(/size/);
  marker('item []:');
  for (let k = 1; k <= size; k++) {
    marker(`item [${k}]:`);
    const cls = str(/class/);
    const name = str(/name/);
    const tier = { cls, name, xmin: num(/xmin/), xmax: num(/xmax/), intervals: [] as Grid['tiers'][number]['intervals'] };
    const n = num(/intervals: size/);
    for (let j = 1; j <= n; j++) {
      marker(`intervals [${j}]:`);
      tier.intervals.push({ xmin: num(/xmin/), xmax: num(/xmax/), text: str(/text/) });
    }
    grid.tiers.push(tier);
  }
  return grid;
}

function checkGrid(g: Grid): void {
  expect(g.xmax).toBeGreaterThan(g.xmin);
  for (const t of g.tiers) {
    expect(t.cls).toBe('IntervalTier');
    expect([t.xmin, t.xmax]).toEqual([g.xmin, g.xmax]);
    expect(t.intervals[0]!.xmin).toBe(t.xmin);
    expect(t.intervals[t.intervals.length - 1]!.xmax).toBe(t.xmax);
    t.intervals.forEach((iv, k) => {
      expect(iv.xmax, `${t.name} interval ${k + 1}`).toBeGreaterThan(iv.xmin);
      if (k > 0) expect(iv.xmin, `${t.name} interval ${k + 1}`).toBe(t.intervals[k - 1]!.xmax);
    });
  }
}

let billing: CallDetail;
beforeAll(async () => {
  billing = await billingDispute();
});

describe('Praat TextGrid', () => {
  it('the billing sample reads back with consistent xmin/xmax on every tier', () => {
    const g = readTextGrid(exchangeText(billing, 'textgrid'));
    checkGrid(g);
    expect(g.xmax).toBe(61.165);
    const caller = g.tiers.find((t) => t.name === 'caller')!;
    expect(caller.intervals.filter((iv) => iv.text !== '').map((iv) => [iv.xmin, iv.xmax])).toEqual([
      [8.28, 12.059], [17.16, 20.352], [28.599, 32.193], [40.788, 44.461], [50.353, 55.183],
    ]);
  });

  it('doubles quotes, keeps tiers consecutive through overlaps, and stays valid for a call with nothing timed', () => {
    const call = edgeCaseCall();
    const g = readTextGrid(toTextGrid({ id: call.id, durationMs: call.durationMs, turns: call.turns, flags: call.flags }));
    checkGrid(g);
    expect(g.tiers.find((t) => t.name === 'agent')!.intervals[1]!.text).toBe('Hello --> "world" & <friends>');
    const empty = readTextGrid(toTextGrid({ id: 'x', durationMs: null, turns: [], flags: [] }));
    checkGrid(empty);
    expect(empty.tiers.every((t) => t.intervals.length === 1 && t.intervals[0]!.text === '')).toBe(true);
  });
});
