/** Stores, calls and rule sets the package tests share. */
import { join, resolve } from 'node:path';
import type { CallFileV1 } from '../../../shared/format/call-file-v1';
import { loadRuleSet } from '../../../electron/main/compliance/rule-packs';
import { openDatabase, type Db } from '../../../electron/main/db/open';
import { importPaths } from '../../../electron/main/import/import-service';
import { tempDir, writeCallWithRecording } from '../../helpers/call-fixture';

export const ROOT = resolve(__dirname, '../../..');
export const SAMPLES = join(ROOT, 'resources/samples');
export const BILLING_TRACE = join(SAMPLES, 'billing-dispute.call.json');
export const BILLING_ID = 'sample-billing-dispute';
/** The billing-dispute call with turn 4 recognized correctly and turn 3's LLM stage fast again. */
export const CORRECTED_TRACE = join(ROOT, 'tests/fixtures/packages/billing-dispute-corrected.call.json');

/** The built-in rule packs only (no user folder), so results do not depend on the machine. */
export const builtInRules = () => loadRuleSet({ userDir: null }).ruleSet;

export async function storeWith(paths: readonly string[]): Promise<{ dir: string; dbPath: string; db: Db }> {
  const dir = tempDir('turnscope-pkg-test-');
  const dbPath = join(dir, 'store.db');
  const db = openDatabase(dbPath);
  const r = await importPaths(db, paths);
  if (r.failed.length > 0) throw new Error(`fixture import failed: ${JSON.stringify(r.failed)}`);
  return { dir, dbPath, db };
}

/** A payment call with a card number spoken by the caller (word times) and a tone-burst recording. */
export function cardCall(id = 'card-payment'): CallFileV1 {
  const digits = 'four one one one one one one one one one one one one one one one'.split(' ');
  const start = 5000;
  return {
    format: 'turnscope.call',
    version: 1,
    call: { id, startedAt: '2026-03-02T09:00:00Z', durationMs: 16000, agent: { name: 'pay-agent', version: '1.0.0' }, outcome: 'resolved' },
    recording: { path: `${id}.wav`, channels: { caller: 0, agent: 1 } },
    turns: [
      { index: 0, agent: { text: 'Hello, this call may be recorded. How can I help?', startMs: 200, endMs: 2000 } },
      {
        index: 1,
        caller: { text: 'i want to pay my bill', startMs: 2500, endMs: 4000 },
        reference: 'I want to pay my bill.',
        intent: { name: 'make_payment', confidence: 0.9, expected: 'make_payment' },
        agent: { text: 'Sure. What is the card number?', startMs: 4300, endMs: 4800 },
        timings: { sttMs: 150, llmMs: 200, ttsMs: 60, overheadMs: 30 },
      },
      {
        index: 2,
        caller: {
          text: `my card is ${digits.join(' ')}`,
          startMs: start,
          endMs: start + 600 + digits.length * 300,
          words: [
            { text: 'my', startMs: start, endMs: start + 200, confidence: 0.95 },
            { text: 'card', startMs: start + 200, endMs: start + 400, confidence: 0.95 },
            { text: 'is', startMs: start + 400, endMs: start + 600, confidence: 0.95 },
            ...digits.map((d, k) => ({ text: d, startMs: start + 600 + k * 300, endMs: start + 600 + (k + 1) * 300 - 20, confidence: 0.9 })),
          ],
        },
        reference: `My card is ${digits.join(' ')}.`,
        intent: { name: 'provide_card', confidence: 0.9, expected: 'provide_card' },
        agent: { text: 'Thank you, your payment is processed.', startMs: 11500, endMs: 13500 },
        timings: { sttMs: 150, llmMs: 250, ttsMs: 60, overheadMs: 40 },
        toolCalls: [{ id: 't1', name: 'charge_card', arguments: { card: '4111111111111111', amount: 42 }, result: { ok: true } }],
      },
    ],
  };
}

export function writeCardCall(dir: string, id = 'card-payment'): { callPath: string; wavPath: string } {
  return writeCallWithRecording(dir, cardCall(id), 'pcm16', 8000);
}
