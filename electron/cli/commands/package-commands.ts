import type { Command } from 'commander';
import { registerEvidence } from './evidence-command';
import { registerExchange } from './exchange-command';
import { registerExport } from './export-command';
import { registerVerify } from './verify-command';

/**
 * The regression-package commands: `export` (call → package, package → Pipecat/Vapi), `verify` (a new
 * agent version's call against a package or a golden set), `exchange` (ELAN, Praat, Audacity, SRT,
 * WebVTT, CSV) and `evidence` (a compliance evidence packet). Registered from electron/cli/index.ts.
 */
export function registerPackageCommands(program: Command): void {
  registerExport(program);
  registerVerify(program);
  registerExchange(program);
  registerEvidence(program);
}
