import { describe, expect, it } from 'vitest';
import { vapiAdapter } from '../../../../electron/main/import/formats/vapi/vapi-adapter';
import { vapiOutcome } from '../../../../electron/main/import/formats/vapi/vapi-outcome';
import { fixture, fixtureWith, memoryFile, noteTexts, readOne } from './helpers';

const WEBHOOK = 'vapi/end-of-call-report-2025.json';
const TRANSFER = 'vapi/call-object-transfer.json';
const FLAT_2024 = 'vapi/call-2024-flat.json';
const LLM_FAILED = 'vapi/end-of-call-report-llm-failed.json';

describe('Vapi end-of-call-report webhook (artifact layout)', () => {
  const call = readOne(vapiAdapter, fixture(WEBHOOK));

  it('reads the call id, assistant, start and duration', () => {
    expect(call.externalId).toBe('c0f1e6a4-7d2b-4c3e-9a51-2f8e6b0d4a17');
    expect(call.sourceFormat).toBe('vapi-call');
    expect(call.agent).toEqual({ name: 'Riley – Northgate scheduling', version: null });
    expect(call.startedAt).toBe('2025-08-21T16:50:01.120Z');
    expect(call.durationMs).toBe(31900);
    expect(call.metadata).toMatchObject({ provider: 'vapi', assistantId: 'a6d2f0b3-1c4e-4f7a-8b2d-9e0c5a7f3b61', callType: 'inboundPhoneCall', cost: 0.1121 });
  });

  it('groups bot/user messages into turns and skips the system prompt', () => {
    expect(call.turns.map((t) => [t.caller?.text ?? null, t.agent?.text ?? null])).toEqual([
      [null, 'Thanks for calling Northgate Physio, this is Riley. How can I help?'],
      ["Hi, I'd like to book a follow-up for my knee.", 'Sure. Can I have your date of birth to find your file?'],
      ['March third, nineteen eighty-four.', 'Thanks Dana. I have Thursday at 2 PM or Friday at 11. Which works?'],
      ['Friday at eleven.', "You're booked for Friday at 11. See you then!"],
      ['Great, thanks. Bye.', null],
    ]);
  });

  it('times utterances from secondsFromStart, ending after endTime − time', () => {
    expect(call.turns[0]!.agent).toMatchObject({ startMs: 1140, endMs: 3890, words: [] });
    expect(call.turns[1]!.caller).toMatchObject({ startMs: 4980, endMs: 7360 });
  });

  it('aligns turnLatencies by order to answered caller turns and splits the stages', () => {
    expect(call.turns[0]!.timings.endToEndMs).toBeNull();
    expect(call.turns[1]!.timings).toEqual({ sttMs: 460, llmMs: 420, ttsMs: 180, overheadMs: 20, endToEndMs: 1080, timeToFirstWordMs: 1080 });
    expect(call.turns[2]!.timings).toMatchObject({ sttMs: 430, llmMs: 1310, endToEndMs: 1950 });
    expect(call.turns[4]!.timings.endToEndMs).toBeNull();
    expect(call.metadata.turnDetails).toEqual([
      { turn: 1, transcriberMs: 160, endpointingMs: 300 },
      { turn: 2, transcriberMs: 150, endpointingMs: 280 },
      { turn: 3, transcriberMs: 170, endpointingMs: 260 },
    ]);
    expect(noteTexts(call)).toEqual(
      expect.arrayContaining([
        'info: performanceMetrics.turnLatencies: per-turn latency aligned by order: 3 values for 3 turns',
        'info: turn latencies read as milliseconds (Vapi does not state the unit: UNVERIFIED)',
      ]),
    );
  });

  it('matches tool calls with their results by id', () => {
    expect(call.turns[2]!.toolCalls).toEqual([
      { id: 'call_Qm3vX8', name: 'lookup_patient', arguments: { dob: '1984-03-03' }, result: { patientId: 'p_88213', name: 'Dana Cole' }, startMs: 15290, endMs: 15830 },
    ]);
    expect(call.turns[3]!.toolCalls[0]).toMatchObject({ id: 'call_Tn7pB2', result: 'booked' });
  });

  it('maps customer-ended-call to resolved and prefers the stereo recording, roles unset', () => {
    expect(call.outcome).toBe('resolved');
    expect(call.endedReason).toBe('customer-ended-call');
    expect(call.recordingRef).toEqual({
      path: 'https://storage.vapi.ai/c0f1e6a4-7d2b-4c3e-9a51-2f8e6b0d4a17-1755795033020-stereo.wav',
      callerChannel: null,
      agentChannel: null,
      sha256: null,
    });
    expect(noteTexts(call).some((n) => n.startsWith('warning: stereo recording (stereoUrl): Vapi does not document which channel is the caller (UNVERIFIED)'))).toBe(true);
  });

  it('says what Vapi cannot supply', () => {
    expect(noteTexts(call)).toEqual(
      expect.arrayContaining([
        'info: no word times: Vapi exports none',
        'info: no word confidences: Vapi exports none (user message metadata carries no word list)',
        'info: no agent version: Vapi names only the assistant (a6d2f0b3-1c4e-4f7a-8b2d-9e0c5a7f3b61)',
      ]),
    );
  });
});

describe('Vapi call object with a transfer', () => {
  const call = readOne(vapiAdapter, fixture(TRANSFER));

  it('joins a caller utterance split over two messages', () => {
    expect(call.turns).toHaveLength(3);
    expect(call.turns[1]!.caller).toMatchObject({ text: 'I got charged twice for the same order.', startMs: 4700, endMs: 7800 });
  });

  it('warns when there are more latency values than turns and keeps the first ones', () => {
    expect(call.turns[1]!.timings.endToEndMs).toBe(1090);
    expect(call.turns[2]!.timings.endToEndMs).toBe(1120);
    expect(noteTexts(call)).toContain('warning: performanceMetrics.turnLatencies: 3 latency values for 2 turns: aligned by order, last 1 value unused');
  });

  it('is an escalation with the transfer tool call', () => {
    expect(call.outcome).toBe('escalated');
    expect(call.turns[2]!.toolCalls[0]).toMatchObject({ id: 'call_Xf9k', name: 'transferCall', arguments: { destination: '+15550177' }, result: 'Transfer initiated' });
    expect(call.agent.name).toBe('f1c2d3e4-5a6b-4c7d-8e9f-0a1b2c3d4e5f');
  });
});

describe('Vapi 2024-era call object (flat fields)', () => {
  const call = readOne(vapiAdapter, fixture(FLAT_2024));

  it('reads top-level messages and the deprecated flat stereo URL', () => {
    expect(call.turns).toHaveLength(2);
    expect(call.turns[1]!.caller!.text).toBe('Who is this?');
    expect(call.recordingRef?.path).toMatch(/-stereo\.wav$/);
    expect(noteTexts(call)).toEqual(
      expect.arrayContaining([
        'info: call object: 4 messages (2024-era flat layout)',
        'info: recording from the deprecated flat stereoRecordingUrl',
        'info: no per-turn latency: no performanceMetrics.turnLatencies (older export or no answered turn)',
      ]),
    );
    expect(call.metadata.summary).toBe('Outbound service reminder; the customer went silent.');
  });

  it('maps silence-timed-out to abandoned', () => {
    expect(call.outcome).toBe('abandoned');
    expect(call.durationMs).toBe(44400);
  });
});

describe('Vapi webhook after an LLM failure', () => {
  const call = readOne(vapiAdapter, fixture(LLM_FAILED));

  it('is failed and warns about the turn left without latency', () => {
    expect(call.outcome).toBe('failed');
    expect(call.turns[1]!.timings.endToEndMs).toBe(1100);
    expect(call.turns[2]!.timings.endToEndMs).toBeNull();
    expect(noteTexts(call)).toContain('warning: performanceMetrics.turnLatencies: 1 latency value for 2 turns: aligned by order, last 1 turn without latency');
    expect(call.metadata.callType).toBe('webCall');
  });
});

describe('Vapi variants', () => {
  it('turns a completed call with a failing pass/fail evaluation into failed', () => {
    const call = readOne(vapiAdapter, fixtureWith(WEBHOOK, [[['message', 'analysis', 'successEvaluation'], 'false']]));
    expect(call.outcome).toBe('failed');
  });

  it('classifies endedReason values by family', () => {
    const cases: [string, string][] = [
      ['assistant-said-end-call-phrase', 'resolved'],
      ['assistant-forwarded-call', 'escalated'],
      ['call.in-progress.error-warm-transfer-max-duration', 'failed'],
      ['pipeline-error-deepgram-transcriber-failed', 'failed'],
      ['call.start.error-get-assistant', 'failed'],
      ['customer-busy', 'abandoned'],
      ['voicemail', 'abandoned'],
      ['exceeded-max-duration', 'failed'],
      ['something-new', 'unknown'],
    ];
    for (const [reason, outcome] of cases) expect([reason, vapiOutcome(reason, null).outcome]).toEqual([reason, outcome]);
  });

  it('reads word confidences from user metadata when it holds a word list (shape UNVERIFIED)', () => {
    const words = [
      { word: 'friday', punctuated_word: 'Friday', confidence: 0.97, start: 0.1, end: 0.5 },
      { word: 'at', punctuated_word: 'at', confidence: 0.91, start: 0.5, end: 0.6 },
      { word: 'eleven', punctuated_word: 'eleven.', confidence: 0.62, start: 0.6, end: 1.0 },
    ];
    const call = readOne(vapiAdapter, fixtureWith(WEBHOOK, [[['message', 'artifact', 'messages', 8, 'metadata'], { wordLevelConfidence: words }]]));
    expect(call.turns[3]!.caller!.words).toEqual([
      { text: 'Friday', startMs: null, endMs: null, confidence: 0.97 },
      { text: 'at', startMs: null, endMs: null, confidence: 0.91 },
      { text: 'eleven.', startMs: null, endMs: null, confidence: 0.62 },
    ]);
    expect(noteTexts(call).some((n) => n.startsWith('warning: word confidences read from user message metadata.wordLevelConfidence'))).toBe(true);
  });

  it('warns when secondsFromStart and the epoch times disagree', () => {
    const call = readOne(vapiAdapter, fixtureWith(WEBHOOK, [[['message', 'startedAt'], '2025-08-21T16:49:58.120Z']]));
    expect(noteTexts(call).some((n) => n.startsWith('warning: secondsFromStart and time − startedAt disagree by up to 3000 ms'))).toBe(true);
    expect(call.turns[1]!.caller!.startMs).toBe(4980);
  });

  it('keeps one call when the webhook and the fetched call object both arrive', () => {
    const callObject = fixtureWith(WEBHOOK, [[['message', 'artifact', 'performanceMetrics'], undefined]]).json() as { message: Record<string, unknown> };
    const { call: inner, artifact, analysis } = callObject.message;
    const asObject = memoryFile('call.json', { ...(inner as object), artifact, analysis });
    const { calls } = vapiAdapter.read([asObject, fixture(WEBHOOK)]);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.sourcePaths[0]).toMatch(/end-of-call-report-2025\.json$/);
    expect(noteTexts(calls[0]!.call)).toContain('info: same call also in /virtual/call.json: kept the more complete ' + calls[0]!.sourcePaths[0]);
  });
});

describe('Vapi bad input', () => {
  const errorOf = (file: ReturnType<typeof memoryFile>): string => {
    const { calls, failed } = vapiAdapter.read([file]);
    expect(calls).toHaveLength(0);
    return failed[0]!.error;
  };

  it('names the JSON path of a wrong type', () => {
    expect(errorOf(fixtureWith(WEBHOOK, [[['message', 'artifact', 'messages', 2, 'time'], '1755795006100']]))).toBe(
      '/virtual/end-of-call-report-2025.json: at $.message.artifact.messages[2].time: must be a number, found the string "1755795006100"',
    );
    expect(errorOf(fixtureWith(TRANSFER, [[['artifact', 'messages'], 'none']]))).toContain('at $.artifact.messages: must be an array');
    expect(errorOf(fixtureWith(WEBHOOK, [[['message', 'artifact', 'performanceMetrics', 'turnLatencies', 1, 'turnLatency'], true]]))).toContain(
      'at $.message.artifact.performanceMetrics.turnLatencies[1].turnLatency: must be a number, found a boolean',
    );
    expect(errorOf(fixtureWith(TRANSFER, [[['startedAt'], 'yesterday']]))).toContain('at $.startedAt: must be an ISO date-time');
  });

  it('refuses a webhook without a call id', () => {
    expect(errorOf(fixtureWith(WEBHOOK, [[['message', 'call', 'id'], undefined]]))).toContain('at $.message.call.id: missing required string');
  });

  it('reports truncated JSON and still reads the other files', () => {
    const text = fixture(WEBHOOK).text();
    const cut = memoryFile('cut.json', text.slice(0, 900));
    expect(vapiAdapter.detect(cut)).toBe(0.5);
    const { calls, failed } = vapiAdapter.read([cut, fixture(TRANSFER)]);
    expect(calls).toHaveLength(1);
    expect(failed).toEqual([{ path: '/virtual/cut.json', error: expect.stringMatching(/^\/virtual\/cut\.json: at line \d+, column \d+: invalid JSON/) }]);
  });
});
