import { existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { countAssertions } from '../../../shared/packages/expectations';
import { ExpectationsError, toOverrideForm } from '../../../shared/packages/overrides';
import { exportPackage, previewPackage } from '../../main/packages/export-service';
import { PackageError } from '../../main/packages/open-sealed-zip';
import { ExportInputError } from '../../main/packages/prepare-call';
import { runnerFilesFromPackage, writeRunnerFiles } from '../../main/packages/runner-exports';
import { appVersion } from '../../main/services';
import { printJson, UsageError, withServices, withServicesAsync, type GlobalOptions } from '../context';
import { collect, kb, parseTurnList, readJsonFile, rulesFor } from './package-command-options';

interface ExportOpts {
  out?: string;
  turns?: string;
  redact?: boolean;
  wholeRecording?: boolean;
  expectations?: string;
  printExpectations?: boolean;
  title?: string;
  note?: string;
  author?: string;
  rules?: string[];
  tone?: boolean;
  pipecat?: string;
  vapi?: string;
  json?: boolean;
}

const isPackageFile = (arg: string): boolean => /\.zip$/i.test(arg) && existsSync(arg) && statSync(arg).isFile();

/** Known input problems are usage errors (exit 2); the rest (a failed redaction) are failures (exit 1). */
function asUsage(err: unknown): never {
  if (err instanceof ExportInputError) throw new UsageError(err.message);
  if (err instanceof ExpectationsError) throw new UsageError(`--expectations: ${err.problems.join('; ')}`);
  if (err instanceof PackageError) throw new UsageError(err.message);
  throw err;
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('export a call (or some of its turns) as a regression package; or a package as Pipecat / Vapi eval files')
    .argument('<callId|package.zip>', 'the call to export, or an existing package to convert with --pipecat / --vapi')
    .option('--out <file.zip>', 'where to write the package')
    .option('--turns <list>', 'turns to include, e.g. 2,3 or 2-4 (default: every turn in which the caller speaks)')
    .option('--redact', 'remove card data and identity numbers from text, trace, expectations and audio (the compliance redaction)')
    .option('--whole-recording', 'include the whole recording, not only the caller clip of each turn')
    .option('--expectations <file.json>', 'edits merged over the pre-filled expectations (the shape --print-expectations prints)')
    .option('--print-expectations', 'print the pre-filled expectations as JSON to edit, and write nothing')
    .option('--title <text>', 'the package title (default: call, turns and what failed)')
    .option('--note <text>', 'why you export it, for the README and manifest')
    .option('--author <name>', 'who made the package')
    .option('--rules <pack.json>', 'an extra compliance rule pack; repeatable', collect)
    .option('--tone', 'redacted audio becomes a 1 kHz tone instead of silence')
    .option('--pipecat <out.yaml>', 'also write a Pipecat eval scenario')
    .option('--vapi <out.json>', 'also write a Vapi chat.mockConversation eval')
    .option('--json', 'print the result as JSON')
    .action(async (target: string, opts: ExportOpts, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      if (isPackageFile(target)) {
        if (!opts.pipecat && !opts.vapi) throw new UsageError('with a package file, give --pipecat <out.yaml> and/or --vapi <out.json>');
        const written = await runnerFilesFromPackage(target, { pipecat: opts.pipecat, vapi: opts.vapi }).catch(asUsage);
        if (opts.json) return printJson({ package: target, written });
        for (const w of written) console.log(`wrote ${w}`);
        return;
      }
      const ruleSet = rulesFor(g, opts.rules);
      const turns = opts.turns ? parseTurnList(opts.turns) : undefined;
      if (opts.printExpectations) {
        const preview = withServices(g, (s) => {
          try {
            return previewPackage(s.db, target, { turns, redact: opts.redact, ruleSet });
          } catch (err) {
            return asUsage(err);
          }
        });
        return printJson(toOverrideForm(preview.expectations));
      }
      if (!opts.out) throw new UsageError('give --out <file.zip> (or --print-expectations)');
      const override = opts.expectations ? readJsonFile(opts.expectations, '--expectations') : undefined;
      const result = await withServicesAsync(g, (s) =>
        exportPackage(s.db, target, opts.out!, {
          turns, redact: opts.redact, wholeRecording: opts.wholeRecording, expectationsOverride: override, title: opts.title, note: opts.note ?? null,
          author: opts.author ?? null, ruleSet, toolVersion: appVersion(), audioFill: opts.tone ? 'tone' : 'silence',
        }).catch(asUsage),
      );
      const m = result.manifest;
      const written = writeRunnerFiles(m, result.mocks, { pipecat: opts.pipecat, vapi: opts.vapi });
      const bytes = statSync(result.path).size;
      if (opts.json) {
        return printJson({
          path: result.path, packageId: m.packageId, manifestSha256: m.manifestSha256, title: m.title, turns: m.selection.turns,
          assertions: countAssertions(m.expectations), redacted: m.redaction.applied, files: m.files.length + 1, bytes, warnings: result.warnings, written,
        });
      }
      console.log(`wrote ${result.path}  (${kb(bytes)}, ${m.files.length + 1} files)`);
      console.log(`  package   ${m.packageId}  "${m.title}"`);
      console.log(`  turns     ${m.selection.turns.join(', ')}; ${countAssertions(m.expectations)} assertions; ${m.turns.filter((t) => t.clip).length} caller clip(s)`);
      console.log(`  redaction ${m.redaction.applied ? `${m.redaction.edits} edit(s)` : 'none (the package may hold personal data)'}`);
      console.log(`  manifest  sha256 ${m.manifestSha256}`);
      for (const r of m.selection.reasons.filter((x) => x.severity === 'critical')) console.log(`  why       ${r.kind}${r.turnIndex !== null ? ` (turn ${r.turnIndex})` : ''}: ${r.detail}`);
      for (const w of result.warnings) console.log(`  note      ${w}`);
      for (const w of written) console.log(`wrote ${w}`);
    });
}
