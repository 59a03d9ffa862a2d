import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { reanalyzeAll } from '../../main/analysis/analysis-service';
import { clearThresholdsOverride, setThresholdsOverride, thresholdsInEffect } from '../../main/analysis/thresholds-config';
import { printJson, UsageError, withServices, type GlobalOptions } from '../context';

export function registerThresholds(program: Command): void {
  program
    .command('thresholds')
    .description('show the thresholds in effect (the guide\'s defaults plus your stored override), set or clear the override')
    .option('--set <file.json>', 'store a partial thresholds JSON as your override, then re-analyse every call')
    .option('--reset', 'drop the override (back to the defaults), then re-analyse every call')
    .action((opts: { set?: string; reset?: boolean }, cmd: Command) => {
      if (opts.set && opts.reset) throw new UsageError('--set and --reset exclude each other');
      let override: unknown;
      if (opts.set) {
        try {
          override = JSON.parse(readFileSync(opts.set, 'utf8'));
        } catch (err) {
          throw new UsageError(`${opts.set}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      const result = withServices(cmd.optsWithGlobals<GlobalOptions>(), (s) => {
        let effect;
        try {
          effect = opts.set ? setThresholdsOverride(s.db, override) : opts.reset ? clearThresholdsOverride(s.db) : thresholdsInEffect(s.db);
        } catch (err) {
          throw new UsageError(`${opts.set ?? 'override'}: ${err instanceof Error ? err.message : String(err)}`);
        }
        const reanalyzed = opts.set || opts.reset ? reanalyzeAll(s.db) : 0;
        return { ...effect, reanalyzed };
      });
      printJson(result);
    });
}
