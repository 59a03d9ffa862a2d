import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallFileV1 } from '../../shared/format/call-file-v1';
import { burstChannel, encodeWav, type TestCodec } from './wav-writer';

export const tempDir = (prefix = 'turnscope-test-'): string => mkdtempSync(join(tmpdir(), prefix));

/** A three-turn stereo call whose recording has tone bursts exactly where the call file says people speak. */
export function threeTurnCall(id = 'test-call-1'): CallFileV1 {
  return {
    format: 'turnscope.call',
    version: 1,
    call: { id, startedAt: '2026-03-01T10:00:00Z', durationMs: 6000, agent: { name: 'test-agent', version: '1.0.0' }, outcome: 'resolved' },
    recording: { path: `${id}.wav`, channels: { caller: 0, agent: 1 } },
    turns: [
      { index: 0, agent: { text: 'hello, this call may be recorded', startMs: 0, endMs: 1000 } },
      {
        index: 1,
        caller: {
          text: 'i want my balance', startMs: 1200, endMs: 2200,
          words: [
            { text: 'i', startMs: 1200, endMs: 1300, confidence: 0.95 },
            { text: 'want', startMs: 1300, endMs: 1600, confidence: 0.9 },
            { text: 'my', startMs: 1600, endMs: 1800, confidence: 0.92 },
            { text: 'balance', startMs: 1800, endMs: 2200, confidence: 0.88 },
          ],
        },
        reference: 'I want my balance',
        agent: { text: 'your balance is ten dollars', startMs: 2600, endMs: 3600 },
        timings: { sttMs: 150, llmMs: 180, ttsMs: 50 },
        intent: { name: 'check_balance', confidence: 0.9, expected: 'check_balance' },
        toolCalls: [{ name: 'get_balance', arguments: { account: 'A1' }, result: { balance: 10 } }],
      },
      {
        index: 2,
        caller: { text: 'thanks bye', startMs: 3800, endMs: 4400 },
        agent: { text: 'goodbye', startMs: 5900, endMs: 5990 },
        timings: { sttMs: 200, llmMs: 1100, ttsMs: 120, overheadMs: 80, endToEndMs: 1500 },
      },
    ],
    spans: [{ name: 'llm', kind: 'llm', turnIndex: 2, startMs: 4600, endMs: 5700, attributes: { model: 'x' } }],
  };
}

/** Writes a call file and a matching recording into `dir`; returns their paths. */
export function writeCallWithRecording(dir: string, call: CallFileV1 = threeTurnCall(), codec: TestCodec = 'pcm16', sampleRate = 8000): { callPath: string; wavPath: string } {
  const caller: [number, number][] = [];
  const agent: [number, number][] = [];
  for (const t of call.turns) {
    if (t.caller?.startMs !== undefined && t.caller.endMs !== undefined) caller.push([t.caller.startMs, t.caller.endMs]);
    if (t.agent?.startMs !== undefined && t.agent.endMs !== undefined) agent.push([t.agent.startMs, t.agent.endMs]);
  }
  const durationMs = call.call.durationMs ?? 6000;
  const wav = encodeWav([burstChannel(sampleRate, durationMs, caller, 300), burstChannel(sampleRate, durationMs, agent, 500)], sampleRate, codec);
  const wavPath = join(dir, call.recording?.path ?? `${call.call.id}.wav`);
  const callPath = join(dir, `${call.call.id}.call.json`);
  writeFileSync(wavPath, wav);
  writeFileSync(callPath, JSON.stringify(call, null, 2));
  return { callPath, wavPath };
}
