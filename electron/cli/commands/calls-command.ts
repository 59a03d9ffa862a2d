import type { Command } from 'commander';
import { listCalls } from '../../main/db/queries/calls-read';
import { printJson, withServices, type GlobalOptions } from '../context';
import { seconds, textTable } from '../text-table';

export function registerCalls(program: Command): void {
  program
    .command('calls')
    .description('list the calls in the store, newest first')
    .option('--limit <n>', 'how many calls at most', '100')
    .option('--json', 'print as JSON')
    .action((opts: { limit: string; json?: boolean }, cmd: Command) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new Error('--limit must be a positive whole number');
      const calls = withServices(cmd.optsWithGlobals<GlobalOptions>(), (s) => listCalls(s.db, limit, 0));
      if (opts.json) return printJson(calls);
      if (calls.length === 0) return console.log('no calls yet: turnscope import <folder>');
      console.log(
        textTable(
          ['id', 'started', 'duration', 'turns', 'flags', 'outcome', 'agent'],
          calls.map((c) => [
            c.id,
            c.startedAt,
            seconds(c.durationMs),
            c.turnCount,
            c.flagCount,
            c.outcome,
            [c.agent.name, c.agent.version].filter(Boolean).join(' ') || null,
          ]),
        ),
      );
    });
}
