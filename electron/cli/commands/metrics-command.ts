import type { Command } from 'commander';
import { CALL_OUTCOMES, type CallOutcome } from '../../../shared/model/call';
import { fleetMetricsFor } from '../../main/analysis/fleet';
import { printJson, UsageError, withServices, type GlobalOptions } from '../context';
import { textTable } from '../text-table';

export function registerMetrics(program: Command): void {
  program
    .command('metrics')
    .description('fleet metrics over all calls or a selection: rates with their status, P50/P90/P95/P99 per stage (nearest rank)')
    .option('--search <text>', 'only calls where this was said (or whose id starts with it)')
    .option('--outcome <outcome>', `only calls with this outcome (${CALL_OUTCOMES.join(', ')})`)
    .option('--flag <kind>', 'only calls with a flag of this kind')
    .option('--json', 'print as JSON')
    .action((opts: { search?: string; outcome?: string; flag?: string; json?: boolean }, cmd: Command) => {
      if (opts.outcome && !CALL_OUTCOMES.includes(opts.outcome as CallOutcome)) throw new UsageError(`--outcome must be one of ${CALL_OUTCOMES.join(', ')}`);
      const m = withServices(cmd.optsWithGlobals<GlobalOptions>(), (s) =>
        fleetMetricsFor(s.db, { text: opts.search, outcome: opts.outcome as CallOutcome | undefined, flagKind: opts.flag }),
      );
      if (opts.json) return printJson(m);
      console.log(`${m.calls} calls (thresholds ${m.thresholds.id}@${m.thresholds.version})\n`);
      console.log(textTable(['metric', 'value', 'status'], Object.entries(m.metrics).map(([k, v]) => [k, v.value === null ? null : Number(v.value.toFixed(4)), v.status])));
      console.log('');
      console.log(
        textTable(
          ['stage', 'n', 'p50', 'p90', 'p95', 'p99', 'max'],
          Object.entries(m.latency).map(([k, v]) => [k, v.count, v.p50, v.p90, v.p95, v.p99, v.max].map((x) => (typeof x === 'number' ? Math.round(x) : x)) as (string | number | null)[]),
        ),
      );
    });
}
