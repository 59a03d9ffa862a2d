import { describe, expect, it } from 'vitest';
import { livekitReportAdapter } from '../../../../electron/main/import/formats/livekit-report/livekit-report-adapter';
import { readLivekitReport } from '../../../../electron/main/import/formats/livekit-report/livekit-report';
import { fixture, fixtureJson, fixtureWith, memoryFile, noteTexts, readOne } from './helpers';

const V17 = 'livekit/session-1.7/session_report.json';
const V15 = 'livekit/session-1.5/session_report.json';
const V13 = 'livekit/session-1.3/session_report.json';

describe('LiveKit session report 1.7', () => {
  const call = readOne(livekitReportAdapter, fixture(V17));

  it('names the call by its job and keeps the room ids', () => {
    expect(call.externalId).toBe('AJ_Mq4v9RtYw2');
    expect(call.sourceFormat).toBe('livekit-session-report');
    expect(call.metadata).toMatchObject({ provider: 'livekit', roomId: 'RM_kd82HsQ', room: 'call-_+15550143_x7Qp', sdkVersion: '1.7.0' });
    expect(call.agent).toEqual({ name: null, version: 'livekit-agents@1.7.0' });
  });

  it('counts from the recording start and ends at the close event', () => {
    expect(call.startedAt).toBe('2025-08-21T18:13:21.050Z');
    expect(call.durationMs).toBe(36350);
  });

  it('groups messages into turns: the greeting alone, then caller + reply', () => {
    expect(call.turns).toHaveLength(6);
    expect(call.turns[0]!.caller).toBeNull();
    expect(call.turns[0]!.agent!.text).toBe('Hi, this is Maya at Brightside Dental. How can I help you today?');
    expect(call.turns.map((t) => t.caller?.text ?? null)).toEqual([
      null,
      'Hi, I need to move my cleaning appointment.',
      'Friday morning if you have anything.',
      'Ten thirty, please.',
      'Yes, nine is fine.',
      "No, that's all. Thanks!",
    ]);
    expect(call.turns[3]!.agent!.text).toBe("Sorry, ten thirty was just taken. Would nine o'clock");
  });

  it('places speech on the recording clock in ms, with no word list', () => {
    const t1 = call.turns[1]!;
    expect(t1.caller).toMatchObject({ startMs: 5750, endMs: 7900, words: [] });
    expect(t1.agent).toMatchObject({ startMs: 10300, endMs: 13850 });
  });

  it('maps per-message metrics (seconds) to stage timings', () => {
    expect(call.turns[1]!.timings).toEqual({ sttMs: 580, llmMs: 440, ttsMs: 190, overheadMs: 1190, endToEndMs: 2400, timeToFirstWordMs: 2400 });
    expect(call.turns[2]!.timings).toMatchObject({ sttMs: 550, llmMs: 390, ttsMs: 180, endToEndMs: 1450, overheadMs: 330 });
    // The greeting has LLM and TTS timings but nobody to answer, so no end-to-end.
    expect(call.turns[0]!.timings).toMatchObject({ sttMs: null, llmMs: 380, ttsMs: 170, endToEndMs: null });
    // Preemptive generation: the stages sum past end-to-end, so overhead stays unset instead of negative.
    expect(call.turns[5]!.timings).toMatchObject({ endToEndMs: 850, overheadMs: null });
    expect(noteTexts(call)).toContain('info: overhead left unset for turn 5: STT + LLM + TTS exceed end-to-end (the stages overlap)');
  });

  it('joins function calls to their outputs by call id', () => {
    const tools = call.turns.flatMap((t) => t.toolCalls.map((c) => ({ turn: t.index, ...c })));
    expect(tools.map((c) => [c.turn, c.id, c.name])).toEqual([
      [1, 'call_Hk2x', 'lookup_appointment'],
      [2, 'call_Jp7q', 'find_slots'],
      [3, 'call_Lw3e', 'reschedule_appointment'],
      [4, 'call_Nc0r', 'reschedule_appointment'],
    ]);
    expect(tools[0]).toMatchObject({ arguments: { phone: '+15550143' }, result: { appointment_id: 'apt_5521', when: '2025-08-26T09:30' }, startMs: 9150, endMs: 9650 });
    expect(tools[1]!.result).toEqual(['09:00', '10:30']);
    expect(tools[2]!.result).toBe('slot no longer available');
    expect(noteTexts(call)).toContain('warning: tool reschedule_appointment (call_Lw3e) returned an error');
  });

  it('takes the outcome from the close reason', () => {
    expect(call.outcome).toBe('resolved');
    expect(call.endedReason).toBe('participant_disconnected');
  });

  it('keeps the per-message confidence and transcription delay the turn model has no field for', () => {
    expect(call.metadata.turnDetails).toContainEqual({ turn: 4, transcriptConfidence: 0.74, transcriptionDelayMs: 220, endOfTurnDelayMs: 620 });
    expect(call.metadata.usage).toHaveLength(3);
  });

  it('says what the report could not supply', () => {
    const notes = noteTexts(call);
    expect(notes).toContain('info: no word confidences: LiveKit reports one average per caller message (in metadata.turnDetails)');
    expect(notes).toContain('info: no word times: the session report has per-message speaking times only');
    expect(notes).toContain('info: 1 agent reply interrupted by the caller');
    expect(notes).toContain('info: 1 chat item of other types (config updates) left out');
    expect(notes).toContain('info: 4 tool calls, 4 with results (matched by id)');
    expect(notes).toContain('info: end-to-end latency for 5 of 6 turns');
  });
});

describe('LiveKit recording', () => {
  const json = fixtureJson(V17);
  const at = '/data/sessions/a/session_report.json';

  it('uses audio.ogg next to the report, channel 0 caller and 1 agent', () => {
    const call = readLivekitReport(at, json, (p) => p === '/data/sessions/a/audio.ogg');
    expect(call.recordingRef).toEqual({ path: 'audio.ogg', callerChannel: 0, agentChannel: 1, sha256: null });
  });

  it('falls back to the absolute path the report names', () => {
    const original = '/home/agent/sessions/AJ_Mq4v9RtYw2/audio.ogg';
    const call = readLivekitReport(at, json, (p) => p === original);
    expect(call.recordingRef?.path).toBe(original);
  });

  it('gives no reference (so the import does not fail) when the file is nowhere', () => {
    const call = readLivekitReport(at, json, () => false);
    expect(call.recordingRef).toBeNull();
    expect(noteTexts(call).some((n) => n.startsWith('warning: recording audio.ogg named by the report is neither next to it'))).toBe(true);
  });
});

describe('LiveKit session report 1.5', () => {
  const call = readOne(livekitReportAdapter, fixture(V15));

  it('reads turns, a tool call and the agent handoff', () => {
    expect(call.turns.map((t) => [t.caller?.text ?? null, t.agent?.text ?? null])).toEqual([
      [null, 'Lakeside Auto service desk, how can I help?'],
      ['My check engine light came on this morning.', 'I can book a diagnostic. Is tomorrow at eight okay?'],
      ['Yes, eight works.', 'Booked for eight tomorrow. Goodbye!'],
    ]);
    expect(call.turns[2]!.toolCalls[0]).toMatchObject({ id: 'call_Vb21', name: 'book_diagnostic', result: 'booked' });
    expect(noteTexts(call)).toContain('info: agent handoff greeter → service_booking');
  });

  it('maps user_initiated (the agent ended the session) to resolved', () => {
    expect(call.outcome).toBe('resolved');
    expect(call.agent.version).toBe('livekit-agents@1.5.2');
    expect(call.metadata.usage).toEqual([{ type: 'llm_usage', provider: 'openai', model: 'gpt-4.1-mini', input_tokens: 3020, output_tokens: 61 }]);
  });
});

describe('LiveKit session report 1.3.1 (no per-message metrics, no usage, no recording)', () => {
  const call = readOne(livekitReportAdapter, fixture(V13));

  it('leaves the system prompt out and times unknown', () => {
    expect(call.turns).toHaveLength(3);
    expect(call.turns[2]!.caller!.text).toBe('June ninth, nineteen seventy.');
    expect(call.turns[2]!.agent).toBeNull();
    for (const t of call.turns) {
      expect([t.caller?.startMs ?? null, t.agent?.startMs ?? null, t.timings.endToEndMs]).toEqual([null, null, null]);
    }
    expect(noteTexts(call)).toContain('info: 4 of 4 messages carry no metrics: their speaking times and latencies are unknown');
  });

  it('starts the call at the earliest timestamp and reports the failure', () => {
    expect(call.startedAt).toBe(new Date(1752055200100).toISOString());
    expect(call.durationMs).toBe(21200);
    expect(call.outcome).toBe('failed');
    expect(call.endedReason).toBe('error');
    expect(call.recordingRef).toBeNull();
    expect(call).not.toHaveProperty('metadata.usage');
    expect(noteTexts(call)).toEqual(
      expect.arrayContaining(['warning: 1 error event during the session', 'info: no recording named: the session ran without audio recording']),
    );
  });
});

describe('LiveKit bad input', () => {
  const errorOf = (file: ReturnType<typeof memoryFile>): string => {
    const { calls, failed } = livekitReportAdapter.read([file]);
    expect(calls).toHaveLength(0);
    return failed[0]!.error;
  };

  it('names the JSON path of a wrong type', () => {
    expect(errorOf(fixtureWith(V17, [[['chat_history', 'items'], {}]]))).toBe('/virtual/session_report.json: at $.chat_history.items: must be an array, found an object');
    expect(errorOf(fixtureWith(V17, [[['chat_history', 'items', 4, 'metrics', 'e2e_latency'], '2.4s']]))).toBe(
      '/virtual/session_report.json: at $.chat_history.items[4].metrics.e2e_latency: must be a number, found the string "2.4s"',
    );
    expect(errorOf(fixtureWith(V17, [[['chat_history', 'items', 1, 'role'], 7]]))).toContain('at $.chat_history.items[1].role: must be a string');
  });

  it('refuses a report that names no job, room id or room', () => {
    const anonymous = fixtureWith(V17, [[['job_id'], null], [['room_id'], undefined], [['room'], null]]);
    expect(errorOf(anonymous)).toContain('at $.job_id: missing job_id');
  });

  it('reports truncated JSON with its place and still reads the other files', () => {
    const text = fixture(V15).text();
    const truncated = memoryFile('cut.json', text.slice(0, Math.floor(text.length / 2)));
    expect(livekitReportAdapter.detect(truncated)).toBe(0.5);
    const { calls, failed } = livekitReportAdapter.read([truncated, fixture(V17)]);
    expect(calls.map((c) => c.call.externalId)).toEqual(['AJ_Mq4v9RtYw2']);
    expect(failed[0]!.error).toMatch(/^\/virtual\/cut\.json: at line \d+, column \d+: invalid JSON/);
  });

  it('a time no date can hold (1e308 s) leaves the start unknown instead of failing the call with "Invalid time value"', () => {
    const call = readOne(livekitReportAdapter, fixtureWith(V17, [[['audio_recording_started_at'], 1e308]]));
    expect(call.startedAt).toBeNull();
  });
});
