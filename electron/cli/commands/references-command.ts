import type { Command } from 'commander';
import { applyReferenceFiles } from '../../main/analysis/apply-references';
import { printJson, withServices, type GlobalOptions } from '../context';

export function registerReferences(program: Command): void {
  program
    .command('references')
    .description('set reference transcripts from trn (text (callId-turn)), stm (by time) or CSV (call_id,turn_index,reference) files, then re-analyse')
    .argument('<files...>', 'reference files')
    .option('--json', 'print the report as JSON')
    .action((files: string[], opts: { json?: boolean }, cmd: Command) => {
      const report = withServices(cmd.optsWithGlobals<GlobalOptions>(), (s) => applyReferenceFiles(s.db, files));
      if (opts.json) printJson(report);
      else {
        console.log(`${report.applied.length} turn references set, ${report.unmatched.length} unmatched, ${report.failed.length} files failed`);
        for (const u of report.unmatched) console.log(`unmatched ${u.origin}: ${u.reason}`);
        for (const f of report.failed) console.error(`failed    ${f.error}`);
      }
      process.exitCode = report.failed.length > 0 || report.unmatched.length > 0 ? 1 : 0;
    });
}
