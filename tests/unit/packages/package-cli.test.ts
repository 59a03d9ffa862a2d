/**
 * The package commands end to end, in-process: export (with expectation edits and runner files), verify
 * (exit 0 / 1 / 2, JSON, JUnit), golden sets with their summary table, exchange and evidence.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../helpers/call-fixture';
import { runPackageCli } from './cli-harness';
import { BILLING_ID, BILLING_TRACE, CORRECTED_TRACE, SAMPLES, storeWith } from './package-fixtures';

let out: string[];
let err: string[];
let dir: string;
let dbPath: string;

beforeAll(async () => {
  const s = await storeWith([BILLING_TRACE, join(SAMPLES, 'pharmacy-refill.call.json')]);
  s.db.close();
  ({ dir, dbPath } = s);
});

beforeEach(() => {
  out = [];
  err = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ') + '\n'));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ') + '\n'));
});

afterEach(() => vi.restoreAllMocks());

const run = (...args: string[]): Promise<number> => runPackageCli(['--db', dbPath, ...args]);
const json = <T>(): T => JSON.parse(out.join('')) as T;

describe('turnscope export / verify', () => {
  it('export → verify: exit 1 against the failed call, 0 against the corrected one, with JUnit', async () => {
    const zip = join(dir, 'cli', 'billing.zip');
    expect(await run('export', BILLING_ID, '--turns', '3-4', '--out', zip, '--pipecat', join(dir, 'cli', 's.yaml'), '--vapi', join(dir, 'cli', 'e.json'))).toBe(0);
    expect(out.join('')).toMatch(/wrote .*billing\.zip/);
    expect(existsSync(join(dir, 'cli', 's.yaml')) && existsSync(join(dir, 'cli', 'e.json'))).toBe(true);

    out = [];
    expect(await run('verify', zip, '--trace', BILLING_TRACE, '--junit', join(dir, 'cli', 'fail.xml'))).toBe(1);
    const text = out.join('');
    expect(text).toMatch(/FAIL\s+turn 3 · end-to-end latency\s+1710 ms\s+≤ 1200 ms/);
    expect(text).toMatch(/FAILED: \d+ passed, 5 failed, 0 skipped of \d+ assertions/);
    expect(readFileSync(join(dir, 'cli', 'fail.xml'), 'utf8')).toMatch(/<testsuites name="turnscope verify" tests="\d+" failures="5"/);

    out = [];
    expect(await run('verify', zip, '--trace', CORRECTED_TRACE, '--json')).toBe(0);
    expect(json<{ passed: boolean; summary: { failed: number } }>()).toMatchObject({ passed: true, summary: { failed: 0 } });
  });

  it('prints the pre-filled expectations, takes them back edited, and refuses a bad edit with exit 2', async () => {
    expect(await run('export', BILLING_ID, '--turns', '4', '--print-expectations')).toBe(0);
    const printed = json<{ turns: Record<string, { transcript: { maxWer: number } }> }>();
    expect(printed.turns['4']!.transcript.maxWer).toBe(0.08);
    printed.turns['4']!.transcript.maxWer = 1;
    const edits = join(dir, 'edits.json');
    writeFileSync(edits, JSON.stringify({ turns: { '4': { transcript: { maxWer: 1 }, noHallucinationRun: null, intent: null } } }));
    const zip = join(dir, 'loose.zip');
    expect(await run('export', BILLING_ID, '--turns', '4', '--expectations', edits, '--out', zip)).toBe(0);
    out = [];
    // With the failures edited out of the expectations, the failed call passes.
    expect(await run('verify', zip, '--trace', BILLING_TRACE)).toBe(0);

    writeFileSync(edits, JSON.stringify({ turns: { '9': {} } }));
    expect(await run('export', BILLING_ID, '--expectations', edits, '--out', join(dir, 'never.zip'))).toBe(2);
    expect(err.join('')).toMatch(/turn 9 is not in the package/);
    expect(existsSync(join(dir, 'never.zip'))).toBe(false);
  });

  it('exit 2 for usage errors, an unknown call, an invalid or tampered package and an unreadable trace', async () => {
    expect(await run('export', 'no-such-call', '--out', join(dir, 'x.zip'))).toBe(2);
    expect(await run('export', BILLING_ID, '--turns', '99', '--out', join(dir, 'x.zip'))).toBe(2);
    expect(await run('verify', join(dir, 'x.zip'))).toBe(2);
    const notZip = join(dir, 'not.zip');
    writeFileSync(notZip, 'hello');
    expect(await run('verify', notZip, '--trace', BILLING_TRACE)).toBe(2);
    expect(err.join('')).toMatch(/not a valid package: not a readable zip archive/);
    const zip = join(dir, 'good.zip');
    expect(await run('export', BILLING_ID, '--turns', '3', '--out', zip)).toBe(0);
    const junk = join(dir, 'junk.json');
    writeFileSync(junk, '{"hello": "world"}');
    err = [];
    expect(await run('verify', zip, '--trace', junk)).toBe(2);
    expect(err.join('')).toMatch(/no call could be read/);
  });

  it('a golden set: summary table, JUnit with one suite per package, exit code by the worst result', async () => {
    const set = join(dir, 'set');
    const traces = join(dir, 'traces');
    mkdirSync(set, { recursive: true });
    mkdirSync(traces, { recursive: true });
    expect(await run('export', BILLING_ID, '--turns', '3,4', '--out', join(set, 'late-fee.zip'))).toBe(0);
    expect(await run('export', 'sample-pharmacy-refill', '--out', join(set, 'refill.zip'))).toBe(0);
    copyFileSync(CORRECTED_TRACE, join(traces, 'late-fee.call.json'));
    // The refill package finds its trace by its source call id: a folder with the trace and its recording.
    mkdirSync(join(traces, 'sample-pharmacy-refill'));
    for (const f of ['pharmacy-refill.call.json', 'pharmacy-refill.wav']) copyFileSync(join(SAMPLES, f), join(traces, 'sample-pharmacy-refill', f));
    out = [];
    expect(await run('verify', '--set', set, '--traces', traces, '--junit', join(dir, 'set.xml'))).toBe(0);
    expect(out.join('')).toMatch(/2 package\(s\): 2 passed, 0 failed/);
    const xml = readFileSync(join(dir, 'set.xml'), 'utf8');
    expect(xml.match(/<testsuite /g)).toHaveLength(2);

    copyFileSync(BILLING_TRACE, join(traces, 'late-fee.call.json'));
    copyFileSync(join(SAMPLES, 'billing-dispute.wav'), join(traces, 'billing-dispute.wav'));
    out = [];
    expect(await run('verify', '--set', set, '--traces', traces, '--json')).toBe(1);
    expect(json<{ counts: Record<string, number> }>().counts).toMatchObject({ passed: 1, failed: 1 });

    writeFileSync(join(set, 'zz-broken.zip'), 'not a zip');
    out = [];
    expect(await run('verify', '--set', set, '--traces', traces)).toBe(2);
    expect(out.join('')).toMatch(/zz-broken\.zip\s+—\s+—\s+—\s+—\s+—\s+INVALID/);
    expect(await run('verify', '--set', set)).toBe(2);
  });
});

describe('turnscope exchange / evidence', () => {
  it('writes each exchange format and refuses an unknown one', async () => {
    for (const f of ['eaf', 'textgrid', 'audacity', 'srt', 'vtt', 'csv']) {
      expect(await run('exchange', BILLING_ID, '--format', f, '--out', join(dir, 'ex', `call.${f}`)), f).toBe(0);
      expect(readFileSync(join(dir, 'ex', `call.${f}`), 'utf8').length).toBeGreaterThan(100);
    }
    expect(await run('exchange', BILLING_ID, '--format', 'docx', '--out', join(dir, 'ex', 'x'))).toBe(2);
    expect(await run('exchange', 'nope', '--format', 'srt', '--out', join(dir, 'ex', 'x'))).toBe(2);
  });

  it('writes an evidence packet and checks it: exit 0 intact, 2 tampered', async () => {
    const zip = join(tempDir(), 'evidence.zip');
    expect(await run('evidence', BILLING_ID, '--out', zip, '--reason', 'escalated after misrecognition')).toBe(0);
    expect(out.join('')).toMatch(/packet\s+evd-/);
    out = [];
    expect(await run('evidence', '--check', zip, '--json')).toBe(0);
    expect(json<{ ok: boolean }>().ok).toBe(true);
    writeFileSync(zip, readFileSync(zip).subarray(0, 200));
    expect(await run('evidence', '--check', zip)).toBe(2);
    expect(await run('evidence', BILLING_ID)).toBe(2);
  });
});
