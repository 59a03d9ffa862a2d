import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import {
  computeWer,
  findHallucinationRuns,
  getRuleSet,
  pairTrn,
  parseTrn,
  summarizeWer,
  type RuleSet,
  type UtteranceWer,
} from '../../../shared/analysis';
import { printJson, UsageError } from '../context';
import { textTable } from '../text-table';

interface WerOptions {
  ref?: string;
  hyp?: string;
  refTrn?: string;
  hypTrn?: string;
  normalize: string;
  runLength: string;
  json?: boolean;
}

/** `--ref "text"` or `--ref @file`. */
function textArg(value: string): string {
  if (!value.startsWith('@')) return value;
  try {
    return readFileSync(value.slice(1), 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${value.slice(1)}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

function readTrn(path: string): ReturnType<typeof parseTrn> {
  try {
    return parseTrn(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function utteranceJson(id: string, ref: string, hyp: string, w: UtteranceWer, runLength: number) {
  return {
    id,
    ref: ref.trim(),
    hyp: hyp.trim(),
    hits: w.hits,
    substitutions: w.substitutions,
    deletions: w.deletions,
    insertions: w.insertions,
    refWords: w.refWords,
    wer: w.wer,
    alignment: w.alignment.map((s) => ({ op: s.op, ref: s.ref, hyp: s.hyp })),
    runs: findHallucinationRuns(w.alignment, { minLength: runLength }).map((r) => ({ start: r.start, end: r.end, length: r.length })),
  };
}

export function registerWer(program: Command): void {
  program
    .command('wer')
    .description('word error rate, scored exactly as NIST sclite aligns words, with a named normalization')
    .option('--ref <text|@file>', 'reference transcript (what was said)')
    .option('--hyp <text|@file>', 'recognizer output')
    .option('--ref-trn <file>', 'reference utterances in sclite trn format: text (utterance-id)')
    .option('--hyp-trn <file>', 'hypothesis utterances in trn format, paired by utterance id')
    .option('--normalize <id>', 'normalization rule set: turnscope-default, turnscope-lenient, or none (sclite raw)', 'turnscope-default')
    .option('--run-length <n>', 'consecutive errors that make a hallucination run', '5')
    .option('--json', 'print JSON')
    .action((opts: WerOptions) => {
      let ruleSet: RuleSet;
      try {
        ruleSet = getRuleSet(opts.normalize);
      } catch (err) {
        throw new UsageError(err instanceof Error ? err.message : String(err));
      }
      const runLength = Number(opts.runLength);
      if (!Number.isInteger(runLength) || runLength < 1) throw new UsageError('--run-length must be a positive whole number');
      let pairs: { id: string; ref: string; hyp: string }[];
      if (opts.refTrn || opts.hypTrn) {
        if (!opts.refTrn || !opts.hypTrn) throw new UsageError('--ref-trn and --hyp-trn go together');
        const paired = pairTrn(readTrn(opts.refTrn), readTrn(opts.hypTrn));
        if (paired.missingRef.length) {
          throw new UsageError(`${opts.hypTrn}: no reference for utterance(s) ${paired.missingRef.slice(0, 5).join(', ')}`);
        }
        pairs = paired.pairs;
      } else {
        if (opts.ref === undefined || opts.hyp === undefined) throw new UsageError('give --ref and --hyp, or --ref-trn and --hyp-trn');
        pairs = [{ id: 'utt-1', ref: textArg(opts.ref), hyp: textArg(opts.hyp) }];
      }
      const scored = pairs.map((p) => ({ ...p, w: computeWer(p.ref, p.hyp, { ruleSet }) }));
      const totals = summarizeWer(scored.map((s) => s.w));
      const result = {
        normalization: { id: ruleSet.id, hash: ruleSet.hash },
        utterances: scored.map((s) => utteranceJson(s.id, s.ref, s.hyp, s.w, runLength)),
        total: {
          hits: totals.hits,
          substitutions: totals.substitutions,
          deletions: totals.deletions,
          insertions: totals.insertions,
          refWords: totals.refWords,
          wer: totals.wer,
        },
      };
      if (opts.json) return printJson(result, result.utterances.length > 100);
      const pct = (v: number | null): string => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
      console.log(`normalization ${ruleSet.id} (${ruleSet.hash})`);
      console.log(
        textTable(
          ['utterance', 'ref words', 'C', 'S', 'D', 'I', 'WER', 'runs'],
          result.utterances.map((u) => [u.id, u.refWords, u.hits, u.substitutions, u.deletions, u.insertions, pct(u.wer), u.runs.length || null]),
        ),
      );
      const t = result.total;
      console.log(`\ntotal: ${t.refWords} ref words, C ${t.hits} S ${t.substitutions} D ${t.deletions} I ${t.insertions}, WER ${pct(t.wer)}`);
    });
}
