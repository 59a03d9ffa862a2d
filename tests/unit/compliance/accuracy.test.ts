/**
 * Accuracy on the labelled set (tests/fixtures/compliance; regenerate with
 * `node scripts/fixtures/compliance/make-labelled-set.mjs`): 149 calls with planted card numbers, codes,
 * expiry dates, SSNs, birth dates, member IDs, read-backs, trace secrets, missing disclosures, PHI before
 * verification and prompt injection, written and spoken, 22 calls' caller speech through pocketsphinx (their
 * reference transcripts removed before scanning, so recognizer errors count), and ordinary numbers as
 * negatives. Precision and recall per category are printed; targets: ≥ 0.95 precision and ≥ 0.98 recall on
 * card numbers and SSNs, and no card or SSN hit on an ordinary number.
 */
import { describe, expect, it } from 'vitest';
import { builtInRules } from './helpers';
import { readLabelledCalls, readLabels, scanAll, score, type CategoryScore } from './labelled-set';

const labels = readLabels();
const hits = scanAll(builtInRules());
const table = score(labels.labels, hits);
const row = (c: string): CategoryScore => table.find((r) => r.category === c)!;
const asrCallIds = new Set(readLabelledCalls().filter((c) => typeof c.metadata.asr === 'string').map((c) => c.id));
const isAsrCall = (callId: string): boolean => asrCallIds.has(callId);

describe('accuracy on the labelled set', () => {
  it('is big enough: ≥ 40 calls, spoken and written, some through a real recognizer', () => {
    const calls = readLabelledCalls();
    expect(calls.length).toBeGreaterThanOrEqual(40);
    expect(labels.calls).toBe(calls.length);
    expect(labels.labels.filter((l) => l.asr).length).toBeGreaterThanOrEqual(15);
    expect(row('pci.pan').labels).toBeGreaterThanOrEqual(40);
    expect(row('phi.ssn').labels).toBeGreaterThanOrEqual(20);
    // Print the table for the record (vitest shows it with --reporter=verbose).
    console.info(
      ['category                  labels  hits  TP  FP  missed  precision  recall', ...table.map((r) =>
        `${r.category.padEnd(26)}${String(r.labels).padStart(6)}${String(r.hits).padStart(6)}${String(r.truePositives).padStart(4)}${String(r.falsePositives).padStart(4)}${String(r.missed).padStart(8)}${r.precision.toFixed(3).padStart(11)}${r.recall.toFixed(3).padStart(8)}`)].join('\n'),
    );
  });

  it.each(['pci.pan', 'phi.ssn'])('%s: precision ≥ 0.95, recall ≥ 0.98', (category) => {
    expect(row(category).precision).toBeGreaterThanOrEqual(0.95);
    expect(row(category).recall).toBeGreaterThanOrEqual(0.98);
  });

  it('every other category: precision and recall ≥ 0.7 even with recognizer errors', () => {
    for (const r of table) {
      expect(r.precision, r.category).toBeGreaterThanOrEqual(0.7);
      expect(r.recall, r.category).toBeGreaterThanOrEqual(0.7);
    }
  });

  it('no card, code, expiry or SSN hit on an ordinary number (order ids, phone numbers, amounts, tracking, routing, gift cards)', () => {
    // Negatives said as text. Through the recognizer they may no longer be what they were ("gift card
    // number" heard as "the card number …"): those count in the precision above instead.
    const asrCalls = new Set(labels.labels.filter((l) => l.asr).map((l) => l.callId));
    const negativeTurns = new Set(labels.negatives.filter((n) => !asrCalls.has(n.callId)).map((n) => `${n.callId}:${n.turn}`));
    const onNegatives = hits.filter((h) => ['pci.pan', 'pci.cvv', 'pci.expiry', 'phi.ssn'].includes(h.hit.category) && h.hit.turnIndex !== null && negativeTurns.has(`${h.callId}:${h.hit.turnIndex}`));
    expect(onNegatives.map((h) => `${h.callId} turn ${h.hit.turnIndex} ${h.hit.category}`)).toEqual([]);
    // The look-alike calls (another number given right after a card or SSN question) have no hit at all.
    const lookAlikes = hits.filter((h) => h.callId.includes('contextNegatives') && !isAsrCall(h.callId) && /^(pci|phi)\./.test(h.hit.category));
    expect(lookAlikes.map((h) => `${h.callId} ${h.hit.category}`)).toEqual([]);
  });

  it('without recognizer errors, every planted item is found', () => {
    const textOnly = labels.labels.filter((l) => !l.asr);
    const s = score(textOnly, hits.filter((h) => !labels.labels.some((l) => l.callId === h.callId && l.asr)));
    for (const r of s) expect([r.category, r.recall]).toEqual([r.category, 1]);
  });
});
