/**
 * WER throughput: our aligner vs NIST sclite on the same trn files (not a timed test).
 *
 * Run:   cd /work/main && npx tsx bench/wer/bench-wer.ts [--copies 20] [--keep]
 * Needs: sctk (sclite) installed, and the parity set in tests/fixtures/sclite (see
 *        scripts/fixtures/sclite/make-parity-set.mjs).
 *
 * The parity set is repeated `copies` times (default 20 → 12,800 pairs for 640 utterances); every
 * copy after the first perturbs each hypothesis deterministically (drop / duplicate / swap / replace
 * a word), so the pairs are not identical repeats. Both tools read the same ref.trn/hyp.trn:
 * - sclite: wall time of `sclite -r ref.trn trn -h hyp.trn trn -i rm -o sgml stdout` (per-utterance
 *   alignments, like ours) and of `-o sum stdout` (summary only);
 * - ours: in-process time to parse both files, normalize with rule set `none` and align every pair,
 *   best of 3 runs after a warm-up (JIT), excluding Node start-up.
 * The counts are compared too, so the bench doubles as a 10k-pair parity check.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { computeWer } from '../../shared/analysis/wer/wer';
import { formatTrn, pairTrn, parseTrn } from '../../shared/analysis/wer/trn';
import { findSclite, parseScliteSgml, scliteArgs } from '../../tests/unit/analysis/helpers/sclite';

const argv = process.argv.slice(2);
const copies = Number(argv[argv.indexOf('--copies') + 1] ?? 20) || 20;
const keep = argv.includes('--keep');

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, '../../tests/fixtures/sclite');
const base = pairTrn(parseTrn(readFileSync(join(fixtures, 'ref.trn'), 'utf8')), parseTrn(readFileSync(join(fixtures, 'hyp.trn'), 'utf8'))).pairs;

let seed = 7;
const rand = (): number => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 32;
};
const vocabulary = [...new Set(base.flatMap((p) => p.ref.split(/\s+/).filter(Boolean)))];

function perturb(hyp: string): string {
  const w = hyp.split(/\s+/).filter(Boolean);
  const i = Math.floor(rand() * Math.max(1, w.length));
  switch (Math.floor(rand() * 4)) {
    case 0:
      w.splice(i, 1);
      break;
    case 1:
      if (w[i]) w.splice(i, 0, w[i]!);
      break;
    case 2:
      if (i + 1 < w.length) [w[i], w[i + 1]] = [w[i + 1]!, w[i]!];
      break;
    default:
      w[i] = vocabulary[Math.floor(rand() * vocabulary.length)]!;
  }
  return w.join(' ');
}

const pairs = Array.from({ length: copies }, (_, k) =>
  base.map((p) => ({ id: `b${String(k).padStart(3, '0')}_${p.id}`, ref: p.ref.trim(), hyp: k === 0 ? p.hyp.trim() : perturb(p.hyp) })),
).flat();

const dir = mkdtempSync(join(tmpdir(), 'turnscope-bench-wer-'));
const refPath = join(dir, 'ref.trn');
const hypPath = join(dir, 'hyp.trn');
writeFileSync(refPath, formatTrn(pairs.map((p) => ({ id: p.id, text: p.ref }))));
writeFileSync(hypPath, formatTrn(pairs.map((p) => ({ id: p.id, text: p.hyp }))));

const [cmd, ...prefix] = findSclite();
function timeSclite(report: string[]): { ms: number; out: string } {
  const args = [...prefix, ...scliteArgs(refPath, hypPath).slice(0, -3), '-o', ...report];
  const t0 = performance.now();
  const out = execFileSync(cmd!, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  return { ms: performance.now() - t0, out };
}

function ours(): { ms: number; results: Map<string, string> } {
  const t0 = performance.now();
  const { pairs: read } = pairTrn(parseTrn(readFileSync(refPath, 'utf8')), parseTrn(readFileSync(hypPath, 'utf8')));
  const results = new Map<string, string>();
  for (const p of read) {
    const r = computeWer(p.ref, p.hyp, { ruleSet: 'none' });
    results.set(p.id, `${r.hits} ${r.substitutions} ${r.deletions} ${r.insertions}`);
  }
  return { ms: performance.now() - t0, results };
}

const sgml = timeSclite(['sgml', 'stdout']);
const sum = timeSclite(['sum', 'stdout']);
ours(); // warm-up
const runs = [ours(), ours(), ours()];
const best = runs.reduce((a, b) => (b.ms < a.ms ? b : a));

const sc = parseScliteSgml(sgml.out);
let mismatches = 0;
for (const [id, counts] of best.results) {
  const s = sc.get(id);
  if (!s || `${s.hits} ${s.substitutions} ${s.deletions} ${s.insertions}` !== counts) mismatches++;
}

const fmt = (ms: number): string => `${ms.toFixed(0)} ms`;

/** The fair whole-process comparison: the built CLI, Node start-up and JSON output included, best of 3. */
const cliPath = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'turnscope.js');
function timeCli(): number {
  const t0 = performance.now();
  execFileSync(process.execPath, [cliPath, 'wer', '--ref-trn', refPath, '--hyp-trn', hypPath, '--normalize', 'none', '--json'], { maxBuffer: 1 << 30 });
  return performance.now() - t0;
}
timeCli();
const cliBest = Math.min(timeCli(), timeCli(), timeCli());
const sgmlBest = Math.min(sgml.ms, timeSclite(['sgml', 'stdout']).ms, timeSclite(['sgml', 'stdout']).ms);
console.log(`pairs:                          ${pairs.length} (${base.length} × ${copies})`);
console.log(`sclite -o sgml (alignments):    ${fmt(sgml.ms)}`);
console.log(`sclite -o sum:                  ${fmt(sum.ms)}`);
console.log(`turnscope parse+normalize+align: ${fmt(best.ms)} (best of 3: ${runs.map((r) => fmt(r.ms)).join(', ')})`);
console.log(`speed-up vs sclite sgml:        ${(sgml.ms / best.ms).toFixed(1)}×`);
console.log(`speed-up vs sclite sum:         ${(sum.ms / best.ms).toFixed(1)}×`);
console.log(`turnscope wer CLI (whole process): ${fmt(cliBest)} vs sclite -o sgml ${fmt(sgmlBest)} (best of 3 each)`);
console.log(`CLI time ÷ sclite time:         ${(cliBest / sgmlBest).toFixed(2)} (below 1 = faster than sclite)`);
console.log(`count mismatches vs sclite:     ${mismatches}`);
if (keep) console.log(`trn files kept in ${dir}`);
else rmSync(dir, { recursive: true, force: true });
if (mismatches > 0) process.exitCode = 1;
