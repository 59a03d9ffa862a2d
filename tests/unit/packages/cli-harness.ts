/**
 * Runs the package commands in-process the way electron/cli/index.ts runs every command (same global
 * --db option, same exit codes: 0 ok, 1 failure, 2 usage), without depending on their registration there.
 */
import { Command, CommanderError } from 'commander';
import { registerPackageCommands } from '../../../electron/cli/commands/package-commands';
import { UsageError } from '../../../electron/cli/context';

export async function runPackageCli(argv: string[]): Promise<number> {
  const program = new Command().name('turnscope').option('--db <path>').exitOverride();
  registerPackageCommands(program);
  for (const cmd of program.commands) cmd.exitOverride();
  process.exitCode = undefined;
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    console.error(`turnscope: ${err instanceof Error ? err.message : String(err)}`);
    return err instanceof UsageError ? 2 : 1;
  } finally {
    process.exitCode = undefined;
  }
}
