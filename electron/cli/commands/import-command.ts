import { InvalidArgumentError, type Command } from 'commander';
import { importPaths } from '../../main/import/import-service';
import { printJson, withServicesAsync, type GlobalOptions } from '../context';
import { progressBar } from '../progress-bar';

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('import calls (any format Turnscope reads, detected from content) with their recordings and ASR output, from files, folders or zips')
    .argument('<paths...>', 'trace files, recordings, ASR output, reference files, folders or zips holding them')
    .option('--format <id>', 'force one trace format instead of detecting it (e.g. vapi-call, retell-call, otlp-json)')
    .option('--parallel <n>', 'recordings analysed at once (default: 2 on a machine with 2 or more cores; 1 spares the other cores)', (v: string) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 16) throw new InvalidArgumentError('a whole number from 1 to 16');
      return n;
    })
    .option('--json', 'print the import report as JSON')
    .option('--no-progress', 'no progress bar on stderr')
    .action(async (paths: string[], opts: { json?: boolean; format?: string; progress: boolean; parallel?: number }, cmd: Command) => {
      const controller = new AbortController();
      // Ctrl+C stops between calls: what is stored stays, and running the same import again resumes it.
      const onInterrupt = (): void => controller.abort();
      process.once('SIGINT', onInterrupt);
      const bar = opts.progress ? progressBar() : null;
      try {
        const report = await withServicesAsync(cmd.optsWithGlobals<GlobalOptions>(), (s) =>
          importPaths(s.db, paths, { format: opts.format, signal: controller.signal, onProgress: (p) => bar?.update(p), ...(opts.parallel ? { parallel: opts.parallel } : {}) }),
        );
        bar?.done();
        if (opts.json) printJson(report, report.imported.length > 200);
        else {
          for (const c of report.imported) {
            console.log(`${c.status.padEnd(9)} ${c.callId}  (${c.format}, ${c.turnCount} turns)  ${c.path}`);
            for (const w of c.warnings) console.log(`          warning: ${w}`);
          }
          for (const s of report.skipped) console.log(`skipped   ${s.path}: ${s.reason}`);
          for (const f of report.failed) console.error(`failed    ${f.error}`);
          console.log(`${report.imported.length} imported, ${report.failed.length} failed, ${report.skipped.length} skipped${report.cancelled ? ' (cancelled: run the same command again to resume)' : ''}`);
        }
        process.exitCode = report.cancelled ? 130 : report.failed.length > 0 ? 1 : 0;
      } finally {
        process.off('SIGINT', onInterrupt);
      }
    });
}
