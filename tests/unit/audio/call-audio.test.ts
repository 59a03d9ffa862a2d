import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Turn } from '../../../shared/model/call';
import { analyzeCallAudio, type RecordingAudioView } from '../../../electron/main/audio/call-audio';
import { detectRoles, swapRoles } from '../../../electron/main/audio/channel-roles';
import { findOverlaps } from '../../../electron/main/audio/interruptions';
import { wordsInSilence } from '../../../electron/main/audio/words-in-silence';
import { tempDir } from '../../helpers/call-fixture';
import { analyzeFile, thresholds } from './helpers/analyze';
import { buildConversation, writeConversation, type Conversation } from './helpers/conversation';
import { PLANTED, plantedCallFile, plantedConversation } from './helpers/planted-call';

const th = thresholds();

function turn(index: number, caller: [number, number] | null, agent: [number, number] | null, endToEndMs: number | null = null, words: Turn['caller'] extends infer U ? U extends { words: infer W } ? W : never : never = []): Turn {
  return {
    index,
    caller: caller ? { startMs: caller[0], endMs: caller[1], text: '', words } : null,
    agent: agent ? { startMs: agent[0], endMs: agent[1], text: '', words: [] } : null,
    referenceText: null,
    intent: null,
    expectedIntent: null,
    timings: { sttMs: null, llmMs: null, ttsMs: null, overheadMs: null, endToEndMs, timeToFirstWordMs: null },
    toolCalls: [],
  };
}

async function recordingOf(conv: Conversation, name: string): Promise<RecordingAudioView> {
  const path = join(tempDir(), `${name}.wav`);
  writeConversation(path, conv);
  return analyzeFile(path);
}

const kinds = (flags: { kind: string }[]): string[] => flags.map((f) => f.kind);

describe('call-level audio findings', () => {
  it('the planted call: echo, barge-in, dead air and clipping, each flagged where it happens', async () => {
    const conv = plantedConversation();
    const rec = await recordingOf(conv, 'planted');
    const file = plantedCallFile('p', conv, 'p.wav');
    const turns: Turn[] = file.turns.map((t) => turn(t.index, t.caller ? [t.caller.startMs!, t.caller.endMs!] : null, t.agent ? [t.agent.startMs!, t.agent.endMs!] : null, t.timings?.endToEndMs ?? null));
    const result = analyzeCallAudio(rec, turns, { caller: 0, agent: 1 }, th);
    const at = (kind: string) => result.flags.filter((f) => f.kind === kind);

    const echo = at('audio_echo');
    expect(echo.length).toBeGreaterThan(0);
    expect(echo[0]!.evidence).toMatchObject({ source: 1, target: 0 });
    expect(Math.abs((echo[0]!.evidence.delayMs as number) - PLANTED.echoDelayMs)).toBeLessThanOrEqual(1);
    expect(Math.abs((echo[0]!.evidence.levelDb as number) - 20 * Math.log10(PLANTED.echoGain))).toBeLessThan(1.5);
    // Every echo flag lies over agent speech (plus the delay).
    for (const f of echo) expect(conv.agentSpeech.some((a) => f.startMs! < a.endMs + 1000 && f.endMs! > a.startMs)).toBe(true);
    expect(result.quality[0]!.echo).toMatchObject({ fromChannel: 1 });

    const [barge] = at('audio_barge_in');
    expect(barge).toBeDefined();
    expect(Math.abs(barge!.startMs! - conv.callerSpeech[1]!.startMs)).toBeLessThan(40);
    expect(Math.abs(barge!.endMs! - conv.agentSpeech[1]!.endMs)).toBeLessThan(40);
    expect(barge!.turnIndex).toBe(2);

    const [dead] = at('audio_dead_air');
    expect(dead).toBeDefined();
    expect(Math.abs(dead!.startMs! - conv.callerSpeech[1]!.endMs)).toBeLessThan(40);
    expect(Math.abs(dead!.endMs! - conv.agentSpeech[2]!.startMs)).toBeLessThan(40);
    expect(at('audio_dead_air')).toHaveLength(1);

    const clip = at('audio_clipping');
    expect(clip).toHaveLength(1);
    expect(clip[0]!.startMs!).toBeGreaterThanOrEqual(conv.callerSpeech[2]!.startMs - 10);
    expect(clip[0]!.endMs!).toBeLessThanOrEqual(conv.callerSpeech[2]!.endMs + 10);
    expect(clip[0]!.turnIndex).toBe(3);

    // The echo did not become caller speech: no false barge-ins during the agent's other replies.
    expect(at('audio_barge_in')).toHaveLength(1);
    // The trace's end-to-end matches the audio, so no disagreement is flagged.
    expect(at('audio_latency_mismatch')).toEqual([]);
  });

  it('flags a trace latency that disagrees with the audio by more than the margin, and not one within it', async () => {
    const conv = buildConversation(12_000, [{ snippet: 'caller-1', atMs: 500 }, { snippet: 'caller-2', atMs: 6500 }], [{ snippet: 'agent-1', atMs: 4500 }, { snippet: 'agent-4', atMs: 9200 }]);
    const rec = await recordingOf(conv, 'mismatch');
    const [c1, c2] = conv.callerSpeech;
    const [a1, a2] = conv.agentSpeech;
    const gap1 = a1!.startMs - c1!.endMs;
    const gap2 = a2!.startMs - c2!.endMs;
    const turns = [
      turn(0, [c1!.startMs, c1!.endMs], [a1!.startMs, a1!.endMs], gap1 - 600), // trace claims 600 ms faster
      turn(1, [c2!.startMs, c2!.endMs], [a2!.startMs, a2!.endMs], gap2 + 100), // within 250 ms
    ];
    const result = analyzeCallAudio(rec, turns, { caller: 0, agent: 1 }, th);
    const mismatch = result.flags.filter((f) => f.kind === 'audio_latency_mismatch');
    expect(mismatch).toHaveLength(1);
    expect(mismatch[0]!.turnIndex).toBe(0);
    expect(mismatch[0]!.evidence.differenceMs as number).toBeGreaterThan(550);
    expect(result.turns[0]!.gapVsEndToEndMs!).toBeGreaterThan(550);
  });

  it('agent audio with no turn, caller speech the trace never turned into a turn, and a trace turn with no speech', async () => {
    const conv = buildConversation(20_000, [{ snippet: 'caller-1', atMs: 500 }, { snippet: 'caller-3', atMs: 14_000 }], [{ snippet: 'agent-1', atMs: 4500 }, { snippet: 'agent-3', atMs: 9000 }]);
    const rec = await recordingOf(conv, 'unmatched');
    const [c1] = conv.callerSpeech;
    const [a1] = conv.agentSpeech;
    const turns = [turn(0, [c1!.startMs, c1!.endMs], [a1!.startMs, a1!.endMs]), turn(1, [18_000, 19_000], null)];
    const result = analyzeCallAudio(rec, turns, { caller: 0, agent: 1 }, th);
    const k = kinds(result.flags);
    expect(k).toContain('audio_agent_speech_without_turn');
    expect(k).toContain('audio_caller_speech_without_turn');
    expect(result.flags.find((f) => f.kind === 'audio_agent_speech_without_turn')!.startMs!).toBeCloseTo(conv.agentSpeech[1]!.startMs, -2);
    expect(result.flags.find((f) => f.kind === 'audio_caller_speech_without_turn')!.startMs!).toBeCloseTo(conv.callerSpeech[1]!.startMs, -2);
    expect(result.flags.find((f) => f.kind === 'audio_turn_not_heard')).toMatchObject({ turnIndex: 1, evidence: { role: 'caller' } });
  });

  it('the agent talking over the caller is flagged, with a negative measured gap', async () => {
    const conv = buildConversation(9000, [{ snippet: 'caller-1', atMs: 500 }], [{ snippet: 'agent-2', atMs: 2500 }]);
    const rec = await recordingOf(conv, 'talkover');
    const [c] = conv.callerSpeech;
    const [a] = conv.agentSpeech;
    const result = analyzeCallAudio(rec, [turn(0, [c!.startMs, c!.endMs], [a!.startMs, a!.endMs])], { caller: 0, agent: 1 }, th);
    expect(kinds(result.flags)).toEqual(expect.arrayContaining(['audio_agent_talk_over', 'audio_negative_gap']));
    expect(result.turns[0]!.measured.responseGapMs!).toBeLessThan(-300);
    expect(result.overlaps[0]).toMatchObject({ kind: 'agent_talk_over' });
  });

  it('mono: nothing measurable per turn, quality still reported', async () => {
    const conv = buildConversation(6000, [{ snippet: 'caller-1', atMs: 500 }], []);
    const path = join(tempDir(), 'mono.wav');
    const { encodeWav } = await import('../../helpers/wav-writer');
    (await import('node:fs')).writeFileSync(path, encodeWav([conv.caller], 8000));
    const rec = await analyzeFile(path);
    const result = analyzeCallAudio(rec, [turn(0, [600, 3800], [4000, 5000], 300)], { caller: null, agent: null }, th);
    expect(result.turns[0]!.measured).toEqual({ callerSpeechStartMs: null, callerSpeechEndMs: null, agentSpeechStartMs: null, agentSpeechEndMs: null, responseGapMs: null });
    expect(result.quality).toHaveLength(1);
    expect(result.quality[0]!.speechRatio).toBeGreaterThan(0.3);
  });
});

describe('pure pieces', () => {
  it('overlaps: who interrupted whom, for how long, who yielded', () => {
    const o = findOverlaps([{ startMs: 1000, endMs: 3000 }, { startMs: 5000, endMs: 5500 }], [{ startMs: 2500, endMs: 4000 }, { startMs: 4800, endMs: 6000 }], 100);
    expect(o).toEqual([
      { kind: 'agent_talk_over', startMs: 2500, endMs: 3000, durationMs: 500, yielded: 'caller' },
      { kind: 'caller_barge_in', startMs: 5000, endMs: 5500, durationMs: 500, yielded: 'caller' },
    ]);
    expect(findOverlaps([{ startMs: 0, endMs: 1000 }], [{ startMs: 950, endMs: 2000 }], 100)).toEqual([]);
  });

  it('words in silence: caller words outside (padded) caller speech', () => {
    const speech = [{ startMs: 1000, endMs: 2000 }];
    const w = (text: string, startMs: number | null, endMs: number | null) => ({ text, startMs, endMs, confidence: null });
    const words = [w('hello', 1000, 1300), w('edge', 1980, 2100), w('ghost', 3000, 3400), w('untimed', null, null), w('instant', 1500, 1500)];
    const silent = wordsInSilence(speech, words, { minCoverage: 0.5, padMs: 60 });
    expect(silent.map((s) => s.word.text)).toEqual(['ghost']);
    expect(silent[0]).toMatchObject({ index: 2, speechCoverage: 0 });
  });

  it('words in silence become a flag on their turn', async () => {
    const conv = buildConversation(8000, [{ snippet: 'caller-2', atMs: 500 }], [{ snippet: 'agent-2', atMs: 4000 }]);
    const rec = await recordingOf(conv, 'ghost-words');
    const [c] = conv.callerSpeech;
    const [a] = conv.agentSpeech;
    const words = [{ text: 'yes', startMs: c!.startMs, endMs: c!.startMs + 200, confidence: 0.9 }, { text: 'cancel', startMs: 7000, endMs: 7400, confidence: 0.4 }];
    const result = analyzeCallAudio(rec, [turn(0, [c!.startMs, c!.endMs], [a!.startMs, a!.endMs], null, words)], { caller: 0, agent: 1 }, th);
    const f = result.flags.find((x) => x.kind === 'audio_words_in_silence');
    expect(f).toMatchObject({ turnIndex: 0, startMs: 7000, endMs: 7400 });
    expect((f!.evidence.words as { text: string }[]).map((x) => x.text)).toEqual(['cancel']);
  });

  it('roles: detected from speech timing with a confidence; identical channels give none; swap', () => {
    const callerSegs = [{ startMs: 0, endMs: 1000 }, { startMs: 3000, endMs: 4000 }];
    const agentSegs = [{ startMs: 1500, endMs: 2500 }, { startMs: 4500, endMs: 5500 }];
    const turns = [turn(0, [0, 1000], [1500, 2500]), turn(1, [3000, 4000], [4500, 5500])];
    expect(detectRoles([agentSegs, callerSegs], turns)).toMatchObject({ caller: 1, agent: 0, source: 'detected' });
    expect(detectRoles([agentSegs, callerSegs], turns).confidence).toBeGreaterThan(0.9);
    const both = [...callerSegs, ...agentSegs].sort((a, b) => a.startMs - b.startMs);
    expect(detectRoles([both, both], turns).confidence).toBe(0);
    expect(swapRoles({ caller: 1, agent: 0 })).toEqual({ caller: 0, agent: 1, source: 'user', confidence: 1 });
  });
});
