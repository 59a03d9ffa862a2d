import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../electron/cli/index';
import { tempDir, threeTurnCall, writeCallWithRecording } from '../../helpers/call-fixture';

const ROOT = resolve(__dirname, '../../..');

let out: string[];
let err: string[];
let dir: string;
let db: string;

beforeEach(() => {
  out = [];
  err = [];
  dir = tempDir();
  db = join(dir, 'cli.db');
  process.exitCode = undefined;
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ') + '\n'));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ') + '\n'));
});

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

const run = (...args: string[]): Promise<number> => main(['--db', db, ...args]);

describe('turnscope CLI', () => {
  it('import --json lists imported and failed; exit 1 when any input failed, the rest still imported', async () => {
    const { callPath, wavPath } = writeCallWithRecording(dir, threeTurnCall('cli-1'));
    const broken = join(dir, 'broken.call.json');
    writeFileSync(broken, '{"format": "turnscope.call", "version": 1, "call": {');
    expect(await run('import', dir, '--json')).toBe(1);
    const report = JSON.parse(out.join('')) as { imported: { callId: string; path: string; format: string; turnCount: number; warnings: string[] }[]; failed: { path: string; error: string }[] };
    expect(report.imported).toEqual([{ callId: 'cli-1', path: callPath, format: 'turnscope-call-v1', turnCount: 3, status: 'created', warnings: [], paired: { recording: wavPath, asr: [] } }]);
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]!.path).toBe(broken);
    expect(report.failed[0]!.error).toMatch(/broken\.call\.json: at line 1, column \d+: invalid JSON/);
  });

  it('import --parallel takes 1 to 16 recordings at once; anything else is a usage error', async () => {
    writeCallWithRecording(dir, threeTurnCall('cli-p1'));
    writeCallWithRecording(dir, threeTurnCall('cli-p2'));
    expect(await run('import', dir, '--parallel', '1', '--json')).toBe(0);
    expect((JSON.parse(out.join('')) as { imported: { callId: string }[] }).imported.map((c) => c.callId).sort()).toEqual(['cli-p1', 'cli-p2']);
    // Commander writes its usage errors to stderr itself.
    const stderr: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr.push(String(chunk));
      return true;
    });
    for (const bad of ['0', 'two', '1.5']) {
      stderr.length = 0;
      expect(await run('import', dir, '--parallel', bad)).toBe(2);
      expect(stderr.join('')).toMatch(/--parallel.*a whole number from 1 to 16/);
    }
  });

  it('show --json returns the whole normalized call; calls lists it', async () => {
    writeCallWithRecording(dir, threeTurnCall('cli-2'));
    expect(await run('import', dir)).toBe(0);
    out = [];
    expect(await run('show', 'cli-2', '--json')).toBe(0);
    const call = JSON.parse(out.join('')) as { id: string; turns: { words?: unknown }[]; recordings: unknown[]; flags: unknown[] };
    expect(call.id).toBe('cli-2');
    expect(call.turns).toHaveLength(3);
    expect(call.recordings).toHaveLength(1);
    expect(call.flags.length).toBeGreaterThan(0);
    out = [];
    expect(await run('calls', '--json')).toBe(0);
    const page = JSON.parse(out.join('')) as { calls: { id: string }[]; total: number };
    expect(page.calls.map((c) => c.id)).toEqual(['cli-2']);
    expect(page.total).toBe(1);
    out = [];
    expect(await run('calls', '--search', 'balance', '--json')).toBe(0);
    expect((JSON.parse(out.join('')) as { total: number }).total).toBe(1);
  });

  it('exits 2 on usage errors: unknown command, missing argument, unknown call', async () => {
    expect(await run('frobnicate')).toBe(2);
    expect(await run('show')).toBe(2);
    expect(await run('show', 'no-such-call')).toBe(2);
    expect(err.join('')).toMatch(/no call with id "no-such-call"/);
  });

  it('--help works on each command', async () => {
    for (const cmd of ['import', 'calls', 'show', 'serve']) {
      out = [];
      expect(await run(cmd, '--help')).toBe(0);
      expect(out.join('')).toMatch(new RegExp(`Usage: turnscope ${cmd}`));
    }
  });

  it('TURNSCOPE_DB chooses the store when --db is absent (built binary, real process)', () => {
    const { callPath } = writeCallWithRecording(dir, threeTurnCall('cli-env'));
    const envDb = join(dir, 'env.db');
    const bin = join(ROOT, 'bin', 'turnscope.js');
    const env = { ...process.env, TURNSCOPE_DB: envDb };
    const imported = spawnSync(process.execPath, [bin, 'import', callPath, '--json'], { env, encoding: 'utf8' });
    expect(imported.status).toBe(0);
    const shown = spawnSync(process.execPath, [bin, 'show', 'cli-env', '--json'], { env, encoding: 'utf8' });
    expect(shown.status).toBe(0);
    expect((JSON.parse(shown.stdout) as { id: string }).id).toBe('cli-env');
    expect(readFileSync(envDb).subarray(0, 15).toString()).toBe('SQLite format 3');
  });
});
