/**
 * Evidence packets: the ten fields a compliance reviewer asks for, in a zip whose manifest matches the
 * published schema and its own hash, with no secret anywhere in it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviewHit, scanStoredCall } from '../../../electron/main/compliance/scan-service';
import type { Db } from '../../../electron/main/db/open';
import { writeEvidencePacket } from '../../../electron/main/packages/evidence-packet';
import { openSealedZip } from '../../../electron/main/packages/open-sealed-zip';
import { EVIDENCE_FORMAT, EVIDENCE_VERSION, type EvidenceManifest } from '../../../shared/packages/evidence';
import { tempDir, writeCallWithRecording } from '../../helpers/call-fixture';
import { rawZip } from '../../helpers/raw-zip';
import { builtInRules, cardCall, storeWith } from './package-fixtures';
import { readEntries } from './zip-entries';

let db: Db;
let dir: string;
const ruleSet = builtInRules();
const KIND = { schema: 'evidence' as const, format: EVIDENCE_FORMAT, version: EVIDENCE_VERSION, label: 'Turnscope evidence packet' };

beforeAll(async () => {
  const call = cardCall('card-evidence');
  call.call.metadata = { provider: { callId: 'vapi-call-77', assistantId: 'asst-9' }, traceId: '4bf92f3577b34da6a3ce929d0e0e4736' };
  const { callPath } = writeCallWithRecording(tempDir('turnscope-evidence-'), call);
  ({ db, dir } = await storeWith([callPath]));
});

afterAll(() => db.close());

describe('evidence packet', () => {
  it('has every field, matches its schema and hash, and holds no secret', async () => {
    const out = join(dir, 'fresh.zip');
    await writeEvidencePacket(db, 'card-evidence', out, { ruleSet, toolVersion: 'test', reason: 'card number read out on a recorded line', now: () => new Date('2026-03-02T10:00:00Z') });
    const p = await openSealedZip<EvidenceManifest>(out, KIND);
    try {
      const m = p.manifest;
      expect(m.call).toMatchObject({ canonicalId: 'card-evidence', sourceFormat: 'turnscope-call-v1', contentHash: null });
      expect(m.call.providerAliases).toEqual([
        { provider: 'turnscope-call-v1', field: 'metadata.provider.callId', id: 'vapi-call-77' },
        { provider: 'turnscope-call-v1', field: 'metadata.provider.assistantId', id: 'asst-9' },
      ]);
      expect(m.selection.reason).toBe('card number read out on a recorded line');
      expect(m.traceIds).toEqual(['4bf92f3577b34da6a3ce929d0e0e4736']);
      expect(m.audio.included).toBe(false);
      expect(m.audio.pointer).toMatchObject({ name: 'card-evidence.wav', roles: { caller: 0, agent: 1 }, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(m.tools).toEqual([{ turnIndex: 2, id: 't1', name: 'charge_card', startMs: null, durationMs: null, argumentKeys: ['amount', 'card'], resultKeys: ['ok'], failed: false }]);
      // The import already scanned the call with the same rule packs, so the packet uses that stored scan.
      expect(m.scan.source).toBe('stored');
      expect(m.scan.hits.map((h) => h.category)).toContain('pci.pan');
      expect(m.redaction).toMatchObject({ applied: true, leakSweep: { leaks: 0 } });
      expect(m.redaction.leakSweep.secretsChecked).toBeGreaterThan(0);
      const transcript = readFileSync(p.file('transcript.redacted.txt'), 'utf8');
      expect(transcript).toMatch(/turn 2 caller: my card is \[redacted-card-number\]/);
      for (const text of [JSON.stringify(m), transcript, readFileSync(p.file('transcript.redacted.json'), 'utf8'), readFileSync(p.file('README.md'), 'utf8')]) {
        expect(text).not.toMatch(/4\s*1\s*1\s*1\s*1\s*1\s*1/);
        expect(text).not.toMatch(/one one one one/);
      }
    } finally {
      p.close();
    }
  });

  it("uses the stored scan with reviewers' decisions when it is current", async () => {
    const scan = scanStoredCall(db, 'card-evidence', ruleSet);
    const pan = scan.hits.find((h) => h.category === 'pci.pan')!;
    reviewHit(db, { callId: 'card-evidence', hitId: pan.id, status: 'confirmed', reason: 'real card', reviewer: 'qa' });
    const out = join(dir, 'stored.zip');
    const { manifest } = await writeEvidencePacket(db, 'card-evidence', out, { ruleSet, toolVersion: 'test' });
    expect(manifest.scan.source).toBe('stored');
    expect(manifest.scan.hits.find((h) => h.category === 'pci.pan')).toMatchObject({ status: 'confirmed', reason: 'real card' });
  });

  it('a changed transcript is refused as tampered when the packet is opened', async () => {
    const out = join(dir, 'tamper.zip');
    await writeEvidencePacket(db, 'card-evidence', out, { ruleSet, toolVersion: 'test' });
    const entries = await readEntries(out);
    const edited = entries.map((e) => (e.name === 'transcript.redacted.txt' ? { name: e.name, data: Buffer.from(e.data.toString('utf8').replace('Redacted', 'redacted')) } : e));
    writeFileSync(out, rawZip(edited));
    await expect(openSealedZip(out, KIND)).rejects.toMatchObject({ kind: 'tampered', problem: '"transcript.redacted.txt" does not match its SHA-256 in the manifest' });
    writeFileSync(out, rawZip(entries));
    (await openSealedZip(out, KIND)).close();
  });
});
