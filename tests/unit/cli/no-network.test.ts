/**
 * Nothing leaves the machine: the CLI run through a day's work (import the samples, show, analyse, scan,
 * redact, export a package, exchange formats, an evidence packet) in a process whose sockets and DNS are
 * guarded (tests/helpers/network-guard.mjs): any attempt to reach beyond loopback is recorded and refused.
 * The guard itself is shown to catch an attempt. (The analysis worker threads start without the guard; they
 * only read the recording.)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/call-fixture';

const GUARD = fileURLToPath(new URL('../../helpers/network-guard.mjs', import.meta.url));
const CLI = fileURLToPath(new URL('../../../electron/cli/index.ts', import.meta.url));
const SAMPLES = fileURLToPath(new URL('../../../resources/samples/', import.meta.url));

/** Runs `body` (an ES module's code) in a guarded Node process; returns its outcome and the attempts it logged. */
function guarded(body: string): { status: number | null; stderr: string; attempts: string[] } {
  const log = join(tempDir(), 'network.log');
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', GUARD, '--input-type=module', '-e', body], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, TURNSCOPE_NETWORK_LOG: log },
  });
  const attempts = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
  return { status: r.status, stderr: r.stderr, attempts };
}

describe('no network', () => {
  it('the guard records an attempt to reach beyond the machine', () => {
    const r = guarded(`
      const http = await import('node:http');
      try { http.get('http://192.0.2.1/beacon'); } catch (e) { console.log(e.message); }
    `);
    expect(r.attempts).toHaveLength(1);
    expect(r.attempts[0]).toContain('192.0.2.1:80');
  });

  it('a day of CLI work makes no attempt: import, show, analyse, scan, redact, export, exchange, evidence', () => {
    const dir = tempDir();
    const db = join(dir, 'store.db');
    const steps: string[][] = [
      ['import', SAMPLES],
      ['show', 'sample-card-payment', '--json'],
      ['analyze', '--all'],
      ['scan', '--all'],
      ['redact', 'sample-card-payment', '--out', join(dir, 'redacted')],
      ['export', 'sample-billing-dispute', '--out', join(dir, 'package.zip')],
      ['exchange', 'sample-billing-dispute', '--format', 'eaf', '--out', join(dir, 'call.eaf')],
      ['evidence', 'sample-card-payment', '--out', join(dir, 'evidence.zip'), '--reason', 'audit'],
      ['metrics', '--json'],
    ];
    const r = guarded(`
      const { main } = await import(${JSON.stringify(CLI)});
      const codes = [];
      for (const args of ${JSON.stringify(steps)}) codes.push(await main(['--db', ${JSON.stringify(db)}, ...args]));
      console.error('exit codes', JSON.stringify(codes));
    `);
    expect(r.attempts).toEqual([]);
    expect(r.stderr).toContain(`exit codes ${JSON.stringify(steps.map(() => 0))}`);
    expect(existsSync(join(dir, 'package.zip')) && existsSync(join(dir, 'evidence.zip')) && existsSync(join(dir, 'call.eaf'))).toBe(true);
  }, 120_000);
});
