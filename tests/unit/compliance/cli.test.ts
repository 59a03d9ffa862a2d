/**
 * `turnscope scan` and `turnscope redact` end to end through the CLI entry: the exact JSON shape, exit codes,
 * and a redacted export with no recoverable digits — proven by grepping every output byte for the secrets
 * (as digits, grouped, dashed and spoken) and by importing the output into a fresh store and scanning it.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../electron/cli/index';
import { parseWav } from '../../../electron/main/compliance/wav-redactor';
import { SECRET_CATEGORIES, type ScanJson } from '../../../shared/compliance/types';
import type { CallFileV1 } from '../../../shared/format/call-file-v1';
import { tempDir, writeCallWithRecording } from '../../helpers/call-fixture';
import { LABELLED_DIR, readLabels, type Label } from './labelled-set';

let out: string[];
let err: string[];
let dir: string;

beforeEach(() => {
  out = [];
  err = [];
  dir = tempDir('turnscope-compliance-cli-');
  process.exitCode = undefined;
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ') + '\n'));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ') + '\n'));
});

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

const run = async (db: string, ...args: string[]): Promise<number> => {
  out = [];
  err = [];
  return main(['--db', db, ...args]);
};
const json = <T>(): T => JSON.parse(out.join('')) as T;

const CARD = '4111111111111111';
const SSN = '123456789';
const CARD_SPOKEN = 'four one one one one one one one one one one one one one one one';

/** A payment call: spoken card with word times, SSN without word times, DOB in a tool call, card in LLM input and metadata. */
function paymentCall(id: string): CallFileV1 {
  const words = `sure it is ${CARD_SPOKEN}`.split(' ').map((text, i) => ({ text, startMs: 6000 + i * 200, endMs: 6000 + i * 200 + 180, confidence: 0.9 }));
  return {
    format: 'turnscope.call',
    version: 1,
    call: { id, durationMs: 16000, outcome: 'resolved', metadata: { crm: { cardOnFile: CARD }, ticket: 'T-1' } },
    recording: { path: `${id}.wav`, channels: { caller: 0, agent: 1 } },
    turns: [
      { index: 0, agent: { text: 'Thanks for calling. This call may be recorded.', startMs: 0, endMs: 2000 } },
      { index: 1, caller: { text: 'I want to pay my bill', startMs: 2500, endMs: 4000 }, agent: { text: 'What is the card number?', startMs: 4500, endMs: 5500 } },
      {
        index: 2,
        caller: { text: words.map((w) => w.text).join(' '), startMs: 6000, endMs: 9800, words },
        reference: 'Sure, it is 4111-1111-1111-1111.',
        agent: { text: 'And your social security number and date of birth?', startMs: 10000, endMs: 11000 },
        toolCalls: [{ name: 'charge_card', arguments: { cardNumber: CARD, amount: 42 }, result: { approved: true } }],
      },
      {
        index: 3,
        caller: { text: 'it is 123-45-6789 and I was born March 14th 1985', startMs: 11500, endMs: 14000 },
        agent: { text: 'Thank you.', startMs: 14500, endMs: 15500 },
        toolCalls: [{ name: 'verify_identity', arguments: { dateOfBirth: '1985-03-14' }, result: { verified: true } }],
      },
    ],
    spans: [{ name: 'llm', kind: 'llm', turnIndex: 2, startMs: 9800, endMs: 10000, attributes: { 'llm.input': `user: sure it is ${CARD_SPOKEN}` } }],
  };
}

describe('turnscope scan', () => {
  it('prints exactly { rulePacks, hits } with the issue fields', async () => {
    const db = join(dir, 'a.db');
    writeCallWithRecording(dir, paymentCall('pay-1'));
    expect(await run(db, 'import', dir)).toBe(0);
    expect(await run(db, 'scan', 'pay-1', '--json')).toBe(0);
    const r = json<ScanJson>();
    expect(Object.keys(r)).toEqual(['rulePacks', 'hits']);
    for (const p of r.rulePacks) expect(Object.keys(p)).toEqual(['id', 'version', 'hash']);
    for (const h of r.hits) expect(Object.keys(h)).toEqual(['callId', 'turnIndex', 'ruleId', 'category', 'severity', 'speaker', 'startMs', 'endMs', 'text']);
    const keys = (rows: unknown[][]): string[] => rows.map((x) => JSON.stringify(x)).sort();
    expect(keys(r.hits.map((h) => [h.category, h.speaker, h.turnIndex]))).toEqual(keys([
      ['pci.in_trace', 'trace', 2], ['pci.in_trace', 'trace', 2], ['pci.in_trace', 'trace', null], ['pci.pan', 'caller', 2],
      ['phi.dob', 'caller', 3], ['phi.dob', 'trace', 3], ['phi.ssn', 'caller', 3],
    ]));
    const pan = r.hits.find((h) => h.category === 'pci.pan')!;
    expect([pan.startMs, pan.endMs, pan.text]).toEqual([6600, 6000 + 18 * 200 + 180, '•••• •••• •••• 1111']);
    expect(JSON.stringify(r)).not.toContain(CARD);
  });

  it('usage errors exit 2; a malformed rule pack exits 1 and names the file and the problem', async () => {
    const db = join(dir, 'b.db');
    expect(await run(db, 'scan')).toBe(2);
    expect(await run(db, 'scan', 'nope', '--json')).toBe(2);
    const bad = join(dir, 'bad-pack.json');
    writeFileSync(bad, JSON.stringify({ format: 'turnscope.rule-pack', formatVersion: 1, id: 'x', version: '1.0.0', title: 't', overrides: [{ ruleId: 'no.such.rule', enabled: false }] }));
    expect(await run(db, 'scan', '--all', '--rules', bad)).toBe(1);
    expect(err.join('')).toMatch(/bad-pack\.json.*no rule "no\.such\.rule"/);
  });

  it('--rules overrides are applied and their pack recorded', async () => {
    const db = join(dir, 'c.db');
    writeCallWithRecording(dir, paymentCall('pay-2'));
    await run(db, 'import', dir);
    const pack = join(dir, 'quiet.json');
    writeFileSync(pack, JSON.stringify({ format: 'turnscope.rule-pack', formatVersion: 1, id: 'acme.quiet', version: '2.1.0', title: 'Quiet', overrides: [{ ruleId: 'pci.in-trace', enabled: false }, { ruleId: 'hipaa.dob', severity: 'info' }] }));
    expect(await run(db, 'scan', 'pay-2', '--json', '--rules', pack)).toBe(0);
    const r = json<ScanJson>();
    expect(r.rulePacks.at(-1)).toMatchObject({ id: 'acme.quiet', version: '2.1.0' });
    expect(r.hits.some((h) => h.category === 'pci.in_trace')).toBe(false);
    expect(r.hits.find((h) => h.ruleId === 'hipaa.dob')?.severity).toBe('info');
  });

  it('scan --all --json on the labelled set reports the planted items', async () => {
    const db = join(dir, 'labelled.db');
    expect(await run(db, 'import', LABELLED_DIR)).toBe(0);
    expect(await run(db, 'scan', '--all', '--json')).toBe(0);
    const { hits } = json<ScanJson>();
    const labels = readLabels().labels;
    const found = (l: Label): boolean => hits.some((h) => h.callId === l.callId && h.category === l.category && h.speaker === l.speaker && h.turnIndex === l.turnIndex);
    for (const category of ['pci.pan', 'phi.ssn']) {
      const ls = labels.filter((l) => l.category === category);
      expect(ls.filter(found).length / ls.length, category).toBeGreaterThanOrEqual(0.98);
    }
  });
});

describe('turnscope redact', () => {
  const secretsAsWritten = [CARD, '4111 1111 1111 1111', '4111-1111-1111-1111', SSN, '123-45-6789', '1985-03-14', '19850314', 'four one one one', 'March 14th'];

  it.each(['pcm16', 'mulaw'] as const)('writes call file, %s recording and manifest with no recoverable secret', async (codec) => {
    const db = join(dir, 'r.db');
    const { wavPath } = writeCallWithRecording(tempDir('turnscope-src-'), paymentCall('pay-3'), codec);
    expect(await run(db, 'import', wavPath.replace(/[^/]+$/, ''))).toBe(0);
    const outDir = join(dir, 'out');
    expect(await run(db, 'redact', 'pay-3', '--out', outDir, '--json')).toBe(0);
    const manifest = json<{ files: { call: { path: string }; recording: { path: string; sha256Before: string; sha256After: string } }; items: Array<{ where: string; category: string }>; summary: { byCategory: Record<string, number> } }>();
    expect(readdirSync(outDir).sort()).toEqual(['pay-3.redacted.call.json', 'pay-3.redacted.wav', 'pay-3.redaction-manifest.json']);
    expect(manifest.summary.byCategory).toMatchObject({ 'pci.pan': 1, 'phi.ssn': 1 });
    expect(new Set(manifest.items.map((i) => i.where))).toEqual(new Set(['transcript', 'words', 'reference', 'trace', 'audio']));

    // No secret anywhere in the output bytes, file names included.
    for (const f of readdirSync(outDir)) {
      const bytes = readFileSync(join(outDir, f)).toString('latin1');
      for (const s of secretsAsWritten) expect(bytes.includes(s), `${f} contains ${s}`).toBe(false);
      expect(f).not.toMatch(/\d{4}/);
    }

    // The audio: silent where the card and SSN were said (caller and, by default, agent channel), unchanged elsewhere.
    const before = parseWav(readFileSync(wavPath));
    const after = parseWav(readFileSync(join(outDir, 'pay-3.redacted.wav')));
    const silence = codec === 'pcm16' ? 0 : 0xff;
    const sampleAt = (w: typeof before, ms: number, ch: number): number => {
      const at = Math.floor((ms / 1000) * w.sampleRate) * w.blockAlign + ch * w.bytesPerSample;
      return codec === 'pcm16' ? w.data.readInt16LE(at) : w.data[at]!;
    };
    for (const ms of [6700, 8000, 9500, 12000, 13500]) for (const ch of [0, 1]) expect(sampleAt(after, ms, ch), `${ms} ms ch ${ch}`).toBe(silence);
    for (const ms of [2600, 3000, 3900]) expect(sampleAt(after, ms, 0)).toBe(sampleAt(before, ms, 0));
    expect(after.frames).toBe(before.frames);

    // Re-import the output into a fresh store and scan it: no secret category left.
    const db2 = join(dir, 'r2.db');
    expect(await run(db2, 'import', join(outDir, 'pay-3.redacted.call.json'), join(outDir, 'pay-3.redacted.wav'))).toBe(0);
    expect(await run(db2, 'scan', '--all', '--json')).toBe(0);
    const rescanned = json<ScanJson>();
    expect(rescanned.hits.filter((h) => SECRET_CATEGORIES.includes(h.category))).toEqual([]);
  });

  it('replaces a call id that holds a removed value, in the file names too', async () => {
    const db = join(dir, 'id.db');
    const c = paymentCall(`acct-${CARD}`);
    c.recording!.path = 'rec.wav';
    writeCallWithRecording(dir, c);
    expect(await run(db, 'import', dir)).toBe(0);
    expect(await run(db, 'redact', `acct-${CARD}`, '--out', join(dir, 'o-id'), '--json')).toBe(0);
    const m = json<{ call: { id: string; sourceCallIdReplaced: boolean } }>();
    expect(m.call.sourceCallIdReplaced).toBe(true);
    expect(m.call.id).toMatch(/^redacted-[0-9a-f]{8}$/);
    for (const f of readdirSync(join(dir, 'o-id'))) {
      expect(f).not.toContain('4111');
      expect(readFileSync(join(dir, 'o-id', f)).toString('latin1')).not.toContain(CARD);
    }
  });

  it('omits a recording it cannot place, refuses unknown calls and categories it does not redact', async () => {
    const db = join(dir, 'd.db');
    const c = paymentCall('pay-4');
    delete c.recording;
    writeFileSync(join(dir, 'pay-4.call.json'), JSON.stringify(c));
    await run(db, 'import', join(dir, 'pay-4.call.json'));
    expect(await run(db, 'redact', 'pay-4', '--out', join(dir, 'o4'), '--json')).toBe(0);
    const m = json<{ files: { recording: unknown }; recordingOmitted: string }>();
    expect(m.files.recording).toBeNull();
    expect(m.recordingOmitted).toMatch(/no recording/);
    expect(await run(db, 'redact', 'nope', '--out', join(dir, 'o5'))).toBe(2);
    expect(await run(db, 'redact', 'pay-4', '--out', join(dir, 'o6'), '--categories', 'pci.pan,injection.attempt')).toBe(2);
  });
});
