import type { Command } from 'commander';
import { importPaths } from '../../main/import/import-service';
import { printJson, withServices, type GlobalOptions } from '../context';

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('import call files (Turnscope call format) and their recordings from files or folders')
    .argument('<paths...>', 'call files, recordings or folders holding them')
    .option('--json', 'print the import report as JSON')
    .action((paths: string[], opts: { json?: boolean }, cmd: Command) => {
      const report = withServices(cmd.optsWithGlobals<GlobalOptions>(), (s) => importPaths(s.db, paths));
      if (opts.json) printJson(report);
      else {
        for (const c of report.imported) {
          console.log(`${c.status.padEnd(9)} ${c.callId}  (${c.format}, ${c.turnCount} turns)  ${c.path}`);
          for (const w of c.warnings) console.log(`          warning: ${w}`);
        }
        for (const s of report.skipped) console.log(`skipped   ${s.path}: ${s.reason}`);
        for (const f of report.failed) console.error(`failed    ${f.error}`);
        console.log(`${report.imported.length} imported, ${report.failed.length} failed, ${report.skipped.length} skipped`);
      }
      process.exitCode = report.failed.length > 0 ? 1 : 0;
    });
}
