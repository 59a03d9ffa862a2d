import { Command, CommanderError } from 'commander';
import { registerCalls } from './commands/calls-command';
import { registerImport } from './commands/import-command';
import { registerServe } from './commands/serve-command';
import { registerShow } from './commands/show-command';
import { registerWer } from './commands/wer-command';
import { registerAnalyze } from './commands/analyze-command';
import { registerReferences } from './commands/references-command';
import { registerThresholds } from './commands/thresholds-command';
import { registerRoles } from './commands/roles-command';
import { registerMetrics } from './commands/metrics-command';
import { registerScan } from './commands/scan-command';
import { registerRedact } from './commands/redact-command';
import { registerPackageCommands } from './commands/package-commands';
import { UsageError } from './context';
import { ImportError } from '../main/import/import-error';
import { appVersion } from '../main/services';

/**
 * The headless CLI over the same services and store as the app. Exit codes: 0 success, 1 some input
 * failed (the rest was still processed), 2 usage error.
 */
export async function main(argv: string[]): Promise<number> {
  const program = new Command()
    .name('turnscope')
    .description('Offline call forensics for voice agents')
    .version(appVersion())
    .option('--db <path>', 'the store to use (default: $TURNSCOPE_DB, else the app data folder)')
    .exitOverride()
    .showHelpAfterError();
  registerImport(program);
  registerCalls(program);
  registerShow(program);
  registerServe(program);
  registerWer(program);
  registerAnalyze(program);
  registerReferences(program);
  registerThresholds(program);
  registerRoles(program);
  registerMetrics(program);
  registerScan(program);
  registerRedact(program);
  registerPackageCommands(program);
  for (const cmd of program.commands) cmd.exitOverride();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with code 0; anything else is a usage error.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof UsageError) {
      console.error(`turnscope: ${err.message}`);
      return 2;
    }
    if (err instanceof ImportError) {
      console.error(`turnscope: ${err.message}`);
      return 1;
    }
    console.error(`turnscope: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

const isEntry = process.argv[1] !== undefined && /cli\.(js|ts|mjs)$/.test(process.argv[1]);
if (isEntry) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
