/**
 * `export --redact`: the card number a caller read out is gone from every file of the package (text,
 * trace excerpt, tool mocks, expectations, manifest) and silenced in the caller clip and the whole
 * recording; the redacted package still verifies against the call it came from, because verify redacts
 * the new call with the same rules before comparing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../electron/main/db/open';
import { exportPackage } from '../../../electron/main/packages/export-service';
import { openPackage } from '../../../electron/main/packages/open-package';
import { verifyPackage } from '../../../electron/main/packages/verify-runner';
import { parseWav } from '../../../electron/main/compliance/wav-redactor';
import { tempDir } from '../../helpers/call-fixture';
import { builtInRules, storeWith, writeCardCall } from './package-fixtures';

let db: Db;
let dir: string;
let callPath: string;
let wavPath: string;
let zip: string;
const ruleSet = builtInRules();

beforeAll(async () => {
  const src = tempDir('turnscope-card-');
  ({ callPath, wavPath } = writeCardCall(src));
  ({ db, dir } = await storeWith([callPath]));
  zip = join(dir, 'card.zip');
  await exportPackage(db, 'card-payment', zip, { ruleSet, toolVersion: 'test', redact: true, wholeRecording: true });
});

afterAll(() => db.close());

/** Peak absolute sample of mono or multi-channel 16-bit PCM between two times. */
function peak(wav: ReturnType<typeof parseWav>, fromMs: number, toMs: number): number {
  let max = 0;
  const a = Math.floor((fromMs / 1000) * wav.sampleRate);
  const b = Math.min(wav.frames, Math.floor((toMs / 1000) * wav.sampleRate));
  for (let f = a; f < b; f++) for (let c = 0; c < wav.channels; c++) max = Math.max(max, Math.abs(wav.data.readInt16LE(f * wav.blockAlign + c * 2)));
  return max;
}

describe('a redacted package', () => {
  it('holds the card number nowhere: manifest, README, trace excerpt, tool mocks, expectations', async () => {
    const p = await openPackage(zip);
    try {
      const m = p.manifest;
      expect(m.redaction).toMatchObject({ applied: true, audio: 'silence' });
      expect(m.redaction.byCategory['pci.pan']).toBeGreaterThanOrEqual(1);
      expect(m.source.contentHash).toBeNull();
      const texts = [JSON.stringify(m), ...m.files.filter((f) => !f.path.endsWith('.wav')).map((f) => readFileSync(p.file(f.path), 'utf8'))];
      for (const t of texts) {
        expect(t).not.toMatch(/4\s*1\s*1\s*1\s*1\s*1\s*1\s*1/);
        expect(t).not.toMatch(/one one one one/);
      }
      expect(m.expectations.turns.find((t) => t.turnIndex === 2)!.transcript!.reference).toMatch(/\[redacted-card-number\]/);
      expect(JSON.stringify(p.mocks)).toMatch(/redacted/);
    } finally {
      p.close();
    }
  });

  it('silences the card digits in the caller clip and in the whole recording, and nothing else', async () => {
    const p = await openPackage(zip);
    try {
      const t2 = p.manifest.turns.find((t) => t.index === 2)!;
      expect(t2.clip).toMatchObject({ channel: 0, redactedSpans: expect.any(Number) });
      const clip = parseWav(readFileSync(p.file(t2.clip!.path)));
      expect(clip.channels).toBe(1);
      const at = (ms: number): number => ms - t2.clip!.startMs;
      // "my card is" (5000–5600 ms) keeps its audio; the digits (5600–10400 ms, ±150 ms padding) are silent.
      expect(peak(clip, at(5050), at(5400))).toBeGreaterThan(1000);
      expect(peak(clip, at(5460), at(10540))).toBe(0);
      const whole = parseWav(readFileSync(p.file('audio/recording.wav')));
      expect(peak(whole, 5460, 10540)).toBe(0);
      expect(peak(whole, 2600, 3900)).toBeGreaterThan(1000);
      // The original recording is untouched.
      expect(peak(parseWav(readFileSync(wavPath)), 5460, 10540)).toBeGreaterThan(1000);
    } finally {
      p.close();
    }
  });

  it('still verifies against the call it came from (the new call is redacted the same way first)', async () => {
    const r = await verifyPackage(zip, { trace: callPath, recording: wavPath, ruleSet });
    expect(r.assertions.filter((a) => a.status !== 'pass').map((a) => `${a.id}: ${a.detail}`)).toEqual([]);
    expect(r.assertions.find((a) => a.id === 'turn-2.tool.0')).toMatchObject({ status: 'pass' });
  });
});
