/**
 * Our aligner vs. the real NIST sclite, utterance by utterance: C/S/D/I counts AND the operation
 * sequence must be identical. Three sets:
 * 1. the committed pocketsphinx parity set (tests/fixtures/sclite, made by
 *    scripts/fixtures/sclite/make-parity-set.mjs): real recognizer errors;
 * 2. hand-picked tie cases where several minimum-cost alignments exist;
 * 3. random pairs over a 3-word vocabulary: almost every pair has ties, which stresses the
 *    tie-breaking far more than natural text does.
 * sclite runs at test time; if it is missing the test fails with installation advice.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeWer } from '../../../shared/analysis/wer/wer';
import { pairTrn, parseTrn } from '../../../shared/analysis/wer/trn';
import { findSclite, runSclite, runScliteOnPairs, type ScliteUtterance } from './helpers/sclite';

const fixtures = join(__dirname, '../../fixtures/sclite');

interface Mismatch {
  id: string;
  ours: string;
  sclite: string;
}

function compare(pairs: ReadonlyArray<{ id: string; ref: string; hyp: string }>, sclite: Map<string, ScliteUtterance>): Mismatch[] {
  const mismatches: Mismatch[] = [];
  for (const p of pairs) {
    const s = sclite.get(p.id);
    const ours = computeWer(p.ref, p.hyp, { ruleSet: 'none' });
    const oursOps = ours.alignment.map((st) => st.op).join('');
    const oursCounts = `C${ours.hits} S${ours.substitutions} D${ours.deletions} I${ours.insertions} ${oursOps}`;
    if (!s) {
      mismatches.push({ id: p.id, ours: oursCounts, sclite: '(missing in sclite output)' });
      continue;
    }
    const scCounts = `C${s.hits} S${s.substitutions} D${s.deletions} I${s.insertions} ${s.ops}`;
    if (oursCounts !== scCounts) mismatches.push({ id: p.id, ours: oursCounts, sclite: scCounts });
  }
  return mismatches;
}

function report(mismatches: Mismatch[]): string {
  return mismatches
    .slice(0, 20)
    .map((m) => `${m.id}: ours ${m.ours} | sclite ${m.sclite}`)
    .join('\n');
}

describe('sclite parity', () => {
  it('finds sclite (install the "sctk" package if this fails)', () => {
    expect(findSclite().length).toBeGreaterThan(0);
  });

  it('matches sclite on every utterance of the pocketsphinx parity set', () => {
    const refPath = join(fixtures, 'ref.trn');
    const hypPath = join(fixtures, 'hyp.trn');
    const { pairs, missingRef } = pairTrn(parseTrn(readFileSync(refPath, 'utf8')), parseTrn(readFileSync(hypPath, 'utf8')));
    expect(missingRef).toEqual([]);
    expect(pairs.length).toBeGreaterThanOrEqual(520);
    const sclite = runSclite(refPath, hypPath);
    expect(sclite.size).toBe(pairs.length);
    const mismatches = compare(pairs, sclite);
    expect(mismatches, `${mismatches.length} of ${pairs.length} utterances differ:\n${report(mismatches)}`).toEqual([]);
    // The set must actually exercise errors, or parity would be trivial.
    const totals = pairs.map((p) => computeWer(p.ref, p.hyp, { ruleSet: 'none' }));
    expect(totals.filter((t) => t.substitutions > 0).length).toBeGreaterThan(100);
    expect(totals.filter((t) => t.deletions > 0).length).toBeGreaterThan(50);
    expect(totals.filter((t) => t.insertions > 0).length).toBeGreaterThan(50);
  });

  it('matches sclite on hand-picked tie and tokenization cases', () => {
    const cases: Array<[string, string]> = [
      ['a b c', 'b c d'],
      ['a b', 'c'],
      ['a', 'b c'],
      ['a a b', 'a b b'],
      ['a b a b', 'b a b a'],
      ['x y z', ''],
      ['', 'x y'],
      ['', ''],
      ['the the the', 'the'],
      ['the', 'the the the'],
      ['a b c d', 'd c b a'],
      ['one two three', 'one three two'],
      ['a b', 'b a'],
      ['a b c', 'a x b y c z'],
      ['a b c d e', 'e d c b a'],
      ['the cat sat', 'cat the sat'],
      ['my account number is four one one one', 'my count number four one one one one'],
      ['i want to cancel my subscription', 'i want to counsel my description'],
      ['Hello World', 'hello world'],
      ['foo* b;tag c', 'foo b c'],
      ['a @ b', 'a b'],
      ['\u00d1and\u00fa', '\u00f1and\u00fa'],
      ['a\tb  c', 'a b c'],
      ['yes yes no', 'no yes yes'],
    ];
    const pairs = cases.map(([ref, hyp], k) => ({ id: `tie_${String(k).padStart(3, '0')}`, ref, hyp }));
    const mismatches = compare(pairs, runScliteOnPairs(pairs));
    expect(mismatches, report(mismatches)).toEqual([]);
  });

  it('matches sclite on 400 random pairs over a tiny vocabulary (dense ties)', () => {
    let seed = 12345;
    const rand = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const vocab = ['a', 'b', 'c'];
    const sentence = (): string =>
      Array.from({ length: Math.floor(rand() * 9) }, () => vocab[Math.floor(rand() * vocab.length)]).join(' ');
    const pairs = Array.from({ length: 400 }, (_, k) => ({ id: `rnd_${String(k).padStart(4, '0')}`, ref: sentence(), hyp: sentence() }));
    const mismatches = compare(pairs, runScliteOnPairs(pairs));
    expect(mismatches, report(mismatches)).toEqual([]);
  });
});
