import type { Command } from 'commander';
import { CALL_OUTCOMES, type CallOutcome } from '../../../shared/model/call';
import { searchCalls } from '../../main/db/queries/call-search';
import { printJson, UsageError, withServices, type GlobalOptions } from '../context';
import { seconds, textTable } from '../text-table';

interface CallsOptions {
  limit: string;
  offset: string;
  search?: string;
  outcome?: string;
  flag?: string;
  json?: boolean;
}

export function registerCalls(program: Command): void {
  program
    .command('calls')
    .description('list the calls in the store, newest first; search what was said, filter by outcome or finding')
    .option('--search <text>', 'words the caller or agent said, or the start of a call id')
    .option('--outcome <outcome>', `only calls with this outcome (${CALL_OUTCOMES.join(', ')})`)
    .option('--flag <kind>', 'only calls with a flag of this kind (e.g. hallucination_run, latency_critical)')
    .option('--limit <n>', 'how many calls at most', '100')
    .option('--offset <n>', 'skip this many (paging)', '0')
    .option('--json', 'print as JSON: {calls, total, facets}')
    .action((opts: CallsOptions, cmd: Command) => {
      const limit = Number(opts.limit);
      const offset = Number(opts.offset);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive whole number');
      if (!Number.isInteger(offset) || offset < 0) throw new UsageError('--offset must be a whole number');
      if (opts.outcome && !CALL_OUTCOMES.includes(opts.outcome as CallOutcome)) throw new UsageError(`--outcome must be one of ${CALL_OUTCOMES.join(', ')}`);
      const page = withServices(cmd.optsWithGlobals<GlobalOptions>(), (s) =>
        searchCalls(s.db, { text: opts.search, outcome: opts.outcome as CallOutcome | undefined, flagKind: opts.flag, limit, offset }),
      );
      if (opts.json) return printJson(page, page.calls.length > 200);
      if (page.total === 0) return console.log(opts.search || opts.outcome || opts.flag ? 'no call matches' : 'no calls yet: turnscope import <folder>');
      console.log(
        textTable(
          ['id', 'started', 'duration', 'turns', 'WER', 'p95 ms', 'flags', 'outcome', 'agent'],
          page.calls.map((c) => [
            c.id,
            c.startedAt,
            seconds(c.durationMs),
            c.turnCount,
            c.wer === null ? null : `${(c.wer * 100).toFixed(1)}%`,
            c.p95LatencyMs === null ? null : Math.round(c.p95LatencyMs),
            c.flagCount,
            c.outcome,
            [c.agent.name, c.agent.version].filter(Boolean).join(' ') || null,
          ]),
        ),
      );
      if (page.total > page.calls.length) console.log(`\n${offset + 1}–${offset + page.calls.length} of ${page.total} (--offset for more)`);
    });
}
