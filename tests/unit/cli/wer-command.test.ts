import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../electron/cli/index';
import { tempDir } from '../../helpers/call-fixture';

let out: string[];

beforeEach(() => {
  out = [];
  process.exitCode = undefined;
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ') + '\n'));
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => vi.restoreAllMocks());

describe('turnscope wer', () => {
  it('prints the documented JSON for one pair, with alignment and runs (hand-checked)', async () => {
    const code = await main(['wer', '--ref', 'please cancel my subscription today', '--hyp', 'please counsel my description to day ok', '--normalize', 'none', '--json']);
    expect(code).toBe(0);
    const r = JSON.parse(out.join('')) as { normalization: { id: string; hash: string }; utterances: Record<string, unknown>[]; total: Record<string, unknown> };
    expect(r.normalization.id).toBe('none@1');
    expect(r.utterances).toHaveLength(1);
    // 3 S + 2 I either way; among the equal-cost alignments sclite's tie-break (checked with `sclite -o pralign`)
    // inserts DESCRIPTION TO after "my" and substitutes SUBSCRIPTION→DAY, TODAY→OK.
    expect(r.utterances[0]).toMatchObject({ id: 'utt-1', hits: 2, substitutions: 3, deletions: 0, insertions: 2, refWords: 5, wer: 1 });
    expect((r.utterances[0]!.alignment as { op: string }[]).map((s) => s.op).join('')).toBe('CSCIISS');
    expect((r.utterances[0]!.alignment as { ref: string | null; hyp: string | null }[])[5]).toEqual({ op: 'S', ref: 'subscription', hyp: 'day' });
    // The longest error stretch is 4 steps: under the 5 that make a hallucination run.
    expect(r.utterances[0]!.runs).toEqual([]);
    expect(r.total).toEqual({ hits: 2, substitutions: 3, deletions: 0, insertions: 2, refWords: 5, wer: 1 });
  });

  it('batch over trn files matches sclite totals on the same files', async () => {
    const dir = tempDir();
    const ref = join(dir, 'ref.trn');
    const hyp = join(dir, 'hyp.trn');
    writeFileSync(ref, 'the cat sat on the mat (u1)\nfour one one one two (u2)\na b c d e f g (u3)\n');
    writeFileSync(hyp, 'the cat sat on mat (u1)\nfor one won one to (u2)\nx y z w v u t g (u3)\n');
    expect(await main(['wer', '--ref-trn', ref, '--hyp-trn', hyp, '--normalize', 'none', '--json'])).toBe(0);
    const r = JSON.parse(out.join('')) as { total: { hits: number; substitutions: number; deletions: number; insertions: number; refWords: number }; utterances: { runs: unknown[] }[] };
    const sclite = spawnSync(process.env.SCLITE ?? '/usr/lib/sctk/bin/sclite', ['-r', ref, 'trn', '-h', hyp, 'trn', '-i', 'rm', '-o', 'sum', 'stdout'], { encoding: 'utf8' });
    expect(sclite.status, 'sclite must be installed (Debian package sctk)').toBe(0);
    const sum = /Sum\/Avg\|\s*(\d+)\s+(\d+)\s*\|/.exec(sclite.stdout.replace(/ +\|/g, '|'));
    expect(sum?.[2]).toBe(String(r.total.refWords));
    // sclite -o sum on these files: Corr 44.4% Sub 50.0% Del 5.6% Ins 5.6% of 18 words.
    expect(r.total).toMatchObject({ hits: 8, substitutions: 9, deletions: 1, insertions: 1, refWords: 18 });
    // u3 (sclite pralign: I S S S S S S C): seven errors in a row, a hallucination run.
    expect(r.utterances[2]!.runs).toEqual([{ start: 0, end: 6, length: 7 }]);
  });

  it('normalization turns spoken digits into one canonical form', async () => {
    expect(await main(['wer', '--ref', 'my card ends in 4111', '--hyp', 'my card ends in four one one one', '--json'])).toBe(0);
    const r = JSON.parse(out.join('')) as { normalization: { id: string }; total: { wer: number } };
    expect(r.normalization.id).toBe('turnscope-default@1');
    expect(r.total.wer).toBe(0);
  });

  it('usage errors exit 2', async () => {
    expect(await main(['wer', '--ref', 'a'])).toBe(2);
    expect(await main(['wer', '--ref', 'a', '--hyp', 'b', '--normalize', 'nonsense'])).toBe(2);
  });
});
