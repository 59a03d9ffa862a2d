import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { verifySet, type SetResult } from '../../main/packages/golden-set';
import { errorSuite, junitXml, suiteFromReport, type JUnitSuite } from '../../main/packages/junit-xml';
import { PackageError } from '../../main/packages/open-sealed-zip';
import { TraceInputError, verifyPackage, type VerifyReport } from '../../main/packages/verify-runner';
import { resolveDatabasePath } from '../../main/paths';
import { openServices, type Services } from '../../main/services';
import { printJson, UsageError, type GlobalOptions } from '../context';
import { textTable } from '../text-table';
import { collect, rulesFor } from './package-command-options';

interface VerifyOpts {
  trace?: string;
  recording?: string;
  call?: string;
  set?: string;
  traces?: string;
  json?: boolean;
  junit?: string;
  store?: boolean;
  strict?: boolean;
  rules?: string[];
}

const clip = (s: string | null, n: number): string => (s === null ? '—' : s.length > n ? `${s.slice(0, n - 1)}…` : s);

function writeJunit(path: string, suites: JUnitSuite[]): void {
  const target = resolve(path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(`${target}.partial`, junitXml(suites));
  renameSync(`${target}.partial`, target);
}

function printReport(r: VerifyReport): void {
  console.log(`package  ${r.package.packageId}  "${r.package.title}"  (from call ${r.package.sourceCallId}${r.package.redacted ? ', redacted' : ''})`);
  console.log(`trace    ${r.trace.path}  (${r.trace.format}, call ${r.trace.callId}, ${r.trace.turnCount} turns${r.trace.storedAs ? `, stored as ${r.trace.storedAs}` : ''})`);
  console.log(`turns    ${r.matches.map((m) => `${m.packageTurn}→${m.callTurn ?? '∅'}${m.method === 'position' ? ' (by position)' : ''}`).join('  ')}`);
  for (const n of r.notes) console.log(`note     ${n}`);
  console.log('');
  console.log(textTable(['result', 'assertion', 'measured', 'bound'], r.assertions.map((a) => [a.status.toUpperCase(), a.title, clip(a.measured, 40), clip(a.bound, 50)])));
  const bad = r.assertions.filter((a) => a.status === 'fail' || (r.strict && a.status === 'skip'));
  if (bad.length > 0) {
    console.log('');
    for (const a of bad) console.log(`${a.status === 'fail' ? 'FAILED ' : 'SKIPPED'} ${a.title}: ${a.detail || `measured ${a.measured ?? '—'}, bound ${a.bound}`}`);
  }
  const s = r.summary;
  console.log('');
  console.log(`${r.passed ? 'PASSED' : 'FAILED'}: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped of ${s.total} assertions${r.strict ? ' (strict: skipped count as failed)' : ''}`);
}

function printSet(r: SetResult): void {
  console.log(
    textTable(
      ['package', 'source call', 'trace', 'pass', 'fail', 'skip', 'result'],
      r.entries.map((e) => [
        clip(e.packageId ?? e.package.split(/[\\/]/).pop() ?? e.package, 44), clip(e.report?.package.sourceCallId ?? null, 28), clip(e.trace ? e.trace.split(/[\\/]/).pop()! : null, 32),
        e.report?.summary.passed ?? null, e.report?.summary.failed ?? null, e.report?.summary.skipped ?? null, e.status.toUpperCase(),
      ]),
    ),
  );
  for (const e of r.entries.filter((x) => x.problem)) console.log(`${e.status.toUpperCase()} ${e.package}: ${e.problem}`);
  const c = r.counts;
  console.log(`\n${r.entries.length} package(s): ${c.passed} passed, ${c.failed} failed, ${c['no-trace']} without a trace, ${c.invalid + c.tampered} invalid or tampered, ${c.error} could not be verified`);
}

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('verify a new agent version\'s call against a regression package (or a folder of packages with --set); exit 0 all pass, 1 a failure, 2 invalid or tampered package')
    .argument('[package.zip]', 'the package to verify against')
    .option('--trace <file>', "the new call's trace (any format Turnscope reads), or a folder holding it and its recording")
    .option('--recording <file>', "the new call's recording")
    .option('--call <id>', 'which call of the trace to verify, when it holds several')
    .option('--set <folder>', 'verify every package (*.zip) in this folder; with --traces')
    .option('--traces <folder>', 'the new traces for --set, named like each package file, its package id or its source call id')
    .option('--json', 'print the report as JSON')
    .option('--junit <out.xml>', 'also write JUnit XML for CI')
    .option('--store', 'also import the new call into the store and record the verification (default: a temporary store, deleted after)')
    .option('--strict', 'count skipped assertions (what the new trace cannot show) as failures')
    .option('--rules <pack.json>', 'an extra compliance rule pack; repeatable', collect)
    .action(async (pkgPath: string | undefined, opts: VerifyOpts, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      if (opts.set) {
        if (pkgPath || opts.trace) throw new UsageError('give either a package with --trace, or --set with --traces');
        if (!opts.traces) throw new UsageError('--set needs --traces <folder>');
        for (const [flag, dir] of [['--set', opts.set], ['--traces', opts.traces]] as const) {
          if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${flag}: ${dir} is not a folder`);
        }
      } else {
        if (!pkgPath) throw new UsageError('give a package file (or --set <folder>)');
        if (!opts.trace) throw new UsageError('give the new call\'s trace with --trace <file>');
      }
      const ruleSet = rulesFor(g, opts.rules);
      let services: Services | null = null;
      if (opts.store) services = openServices(resolveDatabasePath(g.db), 'test');
      try {
        const store = services?.db ?? null;
        if (opts.set) {
          const r = await verifySet(opts.set, opts.traces!, { ruleSet, strict: opts.strict, store });
          if (opts.junit) {
            writeJunit(opts.junit, r.entries.map((e) => (e.report ? suiteFromReport(e.report) : errorSuite(e.package, e.problem ?? e.status, e.status))));
          }
          if (opts.json) printJson({ entries: r.entries.map(({ report, ...e }) => ({ ...e, summary: report?.summary ?? null, passed: report?.passed ?? false })), counts: r.counts });
          else printSet(r);
          process.exitCode = r.exitCode;
          return;
        }
        let report: VerifyReport;
        try {
          report = await verifyPackage(pkgPath!, { trace: opts.trace!, recording: opts.recording ?? null, callId: opts.call ?? null, store, ruleSet, strict: opts.strict });
        } catch (err) {
          if (err instanceof PackageError || err instanceof TraceInputError) {
            if (opts.junit) writeJunit(opts.junit, [errorSuite(pkgPath!, err.message, err instanceof PackageError ? err.kind : 'trace')]);
            if (opts.json) printJson({ error: err instanceof PackageError ? err.kind : 'trace', message: err.message });
            else console.error(`turnscope: ${err.message}`);
            process.exitCode = 2;
            return;
          }
          throw err;
        }
        if (opts.junit) writeJunit(opts.junit, [suiteFromReport(report)]);
        if (opts.json) printJson(report);
        else printReport(report);
        process.exitCode = report.passed ? 0 : 1;
      } finally {
        services?.close();
      }
    });
}
