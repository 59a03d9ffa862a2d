import type { Command } from 'commander';
import { reanalyzeCall } from '../../main/analysis/analysis-service';
import { getCallWithAnalysis } from '../../main/analysis/call-with-analysis';
import { allCallIds } from '../../main/db/queries/analysis-read';
import { printJson, UsageError, withServices, type GlobalOptions } from '../context';
import { textTable } from '../text-table';

export function registerAnalyze(program: Command): void {
  program
    .command('analyze')
    .description('recompute the analysis of one call or all calls (WER, runs, confidence, patterns, latency, metrics, flags)')
    .argument('[callId]', 'the call to analyse')
    .option('--all', 'analyse every call in the store')
    .option('--json', 'print metrics and flags as JSON')
    .action((callId: string | undefined, opts: { all?: boolean; json?: boolean }, cmd: Command) => {
      if (!callId && !opts.all) throw new UsageError('give a call id or --all');
      if (callId && opts.all) throw new UsageError('give a call id or --all, not both');
      const results = withServices(cmd.optsWithGlobals<GlobalOptions>(), (s) => {
        const ids = opts.all ? allCallIds(s.db) : [callId!];
        return ids.map((id) => {
          if (!reanalyzeCall(s.db, id)) throw new UsageError(`no call with id "${id}" (see turnscope calls)`);
          const call = getCallWithAnalysis(s.db, id)!;
          return { callId: id, analysis: call.analysis!, flags: call.flags.filter((f) => f.source === 'analysis') };
        });
      });
      if (opts.json) {
        return printJson(
          results.map((r) => ({
            callId: r.callId,
            thresholds: r.analysis.thresholds,
            normalization: r.analysis.normalization,
            metrics: r.analysis.metrics.metrics,
            latency: r.analysis.metrics.latency,
            wer: r.analysis.metrics.werTotals,
            flags: r.flags,
          })),
        );
      }
      for (const r of results) {
        console.log(`${r.callId}  (thresholds ${r.analysis.thresholds.id}@${r.analysis.thresholds.version}, normalization ${r.analysis.normalization.id})`);
        const m = r.analysis.metrics.metrics;
        console.log(
          textTable(
            ['metric', 'value', 'status'],
            Object.entries(m).map(([k, v]) => [k, v.value === null ? null : Number(v.value.toFixed(4)), v.status]),
          ),
        );
        for (const f of r.flags) console.log(`  ${f.severity.padEnd(8)} turn ${f.turnIndex ?? '—'}  ${f.kind}: ${f.detail}`);
        console.log('');
      }
    });
}
