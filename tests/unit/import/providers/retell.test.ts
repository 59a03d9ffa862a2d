import { describe, expect, it } from 'vitest';
import { retellAdapter } from '../../../../electron/main/import/formats/retell/retell-adapter';
import { retellOutcome } from '../../../../electron/main/import/formats/retell/retell-outcome';
import { fixture, fixtureWith, memoryFile, noteTexts, readOne } from './helpers';

const ANALYZED = 'retell/call-analyzed-v5.json';
const ENDED = 'retell/call-ended-event-type.json';
const OLD = 'retell/get-call-2024.json';

describe('Retell call_analyzed webhook (v5)', () => {
  const call = readOne(retellAdapter, fixture(ANALYZED));

  it('reads ids, agent version, start and duration', () => {
    expect(call.externalId).toBe('call_7f3a9c2e51d84b6f90ab12cd');
    expect(call.sourceFormat).toBe('retell-call');
    expect(call.agent).toEqual({ name: 'Front desk – Harbor Dental', version: '7' });
    expect(call.startedAt).toBe('2025-08-21T16:50:01.120Z');
    expect(call.durationMs).toBe(93780);
    expect(call.metadata).toMatchObject({ provider: 'retell', agentId: 'agent_4e1b9d7c0a2f8e6d', webhookEvent: 'call_analyzed', twilioCallSid: 'CA7e1f0a2b3c4d5e6f708192a3b4c5d6e7' });
  });

  it('builds turns and leaves the transfer target out', () => {
    expect(call.turns.map((t) => [t.caller?.text ?? null, t.agent?.text ?? null])).toEqual([
      [null, 'Thanks for calling Harbor Dental, how can I help?'],
      ['I need to move my appointment.', "Sure, let me pull that up. What's your name?"],
      ['Alex Moreno.', 'Thanks Alex. I see you on Monday at ten. When would you like to move it to?'],
      ['Actually, can I just talk to someone at the desk?', 'Of course, transferring you now.'],
      ['Hi Jo, I need to reschedule.', null],
    ]);
    expect(noteTexts(call)).toContain('info: 1 utterance by the transfer target left out of turns');
  });

  it('converts word times from seconds to ms, with no confidence', () => {
    const words = call.turns[1]!.caller!.words;
    expect(words).toHaveLength(6);
    expect(words[0]).toEqual({ text: 'I', startMs: 4480, endMs: 4750, confidence: null });
    expect(words[5]).toEqual({ text: 'appointment.', startMs: 5830, endMs: 6100, confidence: null });
    expect(call.turns[1]!.caller).toMatchObject({ startMs: 4480, endMs: 6100 });
    expect(call.turns[0]!.agent!.words[0]).toEqual({ text: 'Thanks', startMs: 1140, endMs: 1410, confidence: null });
  });

  it('aligns latency values by order and warns about the extra LLM value', () => {
    expect(call.turns[1]!.timings).toEqual({ sttMs: null, llmMs: 410, ttsMs: 180, overheadMs: null, endToEndMs: 1020, timeToFirstWordMs: 1020 });
    expect(call.turns[3]!.timings).toMatchObject({ llmMs: 520, ttsMs: 190, endToEndMs: 1100 });
    expect(call.turns[4]!.timings.endToEndMs).toBeNull();
    expect(noteTexts(call)).toEqual(
      expect.arrayContaining([
        'info: latency.e2e.values: per-turn latency aligned by order: 3 values for 3 turns',
        'warning: latency.llm.values: 4 latency values for 3 turns: aligned by order, last 1 value unused',
        'info: no per-turn STT timing: Retell reports transcription latency only in aggregate (asr p50 95 ms)',
      ]),
    );
    expect(call.metadata.latency).toMatchObject({ asr: { p50: 95, num: 9 }, e2e: { p50: 1100, num: 3 } });
  });

  it('places tool calls where the transcript has them and joins results by id', () => {
    expect(call.turns[2]!.toolCalls).toEqual([
      { id: 'tc_5b1e', name: 'lookup_patient', arguments: { name: 'Alex Moreno' }, result: { patient_id: 'pt_2291', next_visit: '2025-08-25T10:00' }, startMs: 11600, endMs: 12300 },
    ]);
    expect(call.turns[3]!.toolCalls[0]).toMatchObject({ id: 'tc_9c2d', name: 'transfer_to_desk', arguments: {}, result: 'ok' });
    expect(noteTexts(call)).toContain('info: transcript entries left out: node_transition (1)');
  });

  it('maps call_transfer to escalated and picks the multichannel recording with roles unset', () => {
    expect(call.outcome).toBe('escalated');
    expect(call.endedReason).toBe('call_transfer');
    expect(call.recordingRef).toEqual({ path: 'https://dxc03zgurdly9.cloudfront.net/7f3a9c2e51d84b6f/recording_multichannel.wav', callerChannel: null, agentChannel: null, sha256: null });
    expect(noteTexts(call)).toEqual(
      expect.arrayContaining([
        'warning: multichannel recording (recording_multi_channel_url): Retell does not document which channel is the caller (UNVERIFIED), so channel roles are left unset',
        'info: no word confidences: Retell exports none',
        'info: caller word times for 4 of 4 caller turns',
      ]),
    );
  });
});

describe('Retell call_ended webhook written with event_type', () => {
  const call = readOne(retellAdapter, fixture(ENDED));

  it('places tool-only transcript_with_tool_calls entries by time_sec', () => {
    expect(call.turns.map((t) => t.toolCalls.map((c) => c.id))).toEqual([[], ['tc_01'], ['tc_02'], []]);
    expect(call.turns[1]!.toolCalls[0]).toMatchObject({ name: 'check_stock', result: { in_stock: 3 }, startMs: 7600, endMs: 8100 });
  });

  it('is resolved with a mono recording and says the analysis is missing', () => {
    expect(call.outcome).toBe('resolved');
    expect(call.agent.version).toBe('3');
    expect(call.metadata.webhookEvent).toBe('call_ended');
    expect(call.recordingRef?.path).toBe('https://dxc03zgurdly9.cloudfront.net/c81d0e2f4a6b48d9/recording.wav');
    expect(noteTexts(call)).toEqual(
      expect.arrayContaining([
        'info: call_ended webhook: no call_analysis (Retell sends it later with call_analyzed)',
        'info: mono recording (recording_url): caller and agent are mixed on one channel',
        'info: latency.tts.values: per-turn latency aligned by order: 2 values for 2 turns',
      ]),
    );
    expect(call.turns[2]!.timings).toMatchObject({ endToEndMs: 1500, llmMs: 540, ttsMs: 190 });
  });
});

describe('Retell get-call from before v3.19.0', () => {
  const call = readOne(retellAdapter, fixture(OLD));

  it('keeps the top-level latency summaries without inventing per-turn values', () => {
    expect(call.turns).toHaveLength(3);
    expect(call.turns.every((t) => t.timings.endToEndMs === null)).toBe(true);
    expect(call.metadata.latency).toEqual({
      e2e: { p50: 1100, p90: 1150, p95: 1300, p99: 1300, max: 1300, min: 1050, num: 2 },
      llm: { p50: 520, p90: 560, p95: 600, p99: 600, max: 600, min: 480, num: 3 },
      llm_websocket_network_rtt: { p50: 35, p90: 44, p95: 50, p99: 50, max: 50, min: 30, num: 3 },
    });
    expect(noteTexts(call)).toEqual(
      expect.arrayContaining([
        'info: latency from the top-level *_latency fields (export before v3.19.0)',
        'info: no per-turn latency: this export has latency summaries only (in metadata.latency)',
      ]),
    );
  });

  it('derives the duration, has no version, and fails a completed but unsuccessful call', () => {
    expect(call.durationMs).toBe(17800);
    expect(call.agent).toEqual({ name: 'agent_9d8e7f6a5b4c3d2e1f0a', version: null });
    expect(call.outcome).toBe('failed');
    expect(noteTexts(call)).toEqual(
      expect.arrayContaining([
        'info: duration derived as end_timestamp − start_timestamp (export before duration_ms)',
        'info: no agent version: this export has no agent_version',
        'info: outcome failed from disconnection_reason agent_hangup (completed) with call_analysis.call_successful false',
      ]),
    );
  });
});

describe('Retell variants', () => {
  it('borrows words from transcript_object when the interleaved entries lack them', () => {
    const call = readOne(retellAdapter, fixtureWith(ANALYZED, [[['call', 'transcript_with_tool_calls', 1, 'words'], undefined]]));
    expect(call.turns[1]!.caller!.words).toHaveLength(6);
  });

  it('attaches tool calls without position or time to the last turn, with a warning', () => {
    const call = readOne(retellAdapter, fixtureWith(ENDED, [[['call', 'transcript_with_tool_calls', 0, 'time_sec'], undefined]]));
    expect(call.turns[3]!.toolCalls.map((c) => c.id)).toEqual(['tc_01']);
    expect(noteTexts(call)).toContain('warning: 1 tool call without a position or time_sec: attached to the last turn');
  });

  it('imports a call_started webhook as a call with no turns yet', () => {
    const started = memoryFile('started.json', { event: 'call_started', call: { call_id: 'call_s1', agent_id: 'agent_x', call_status: 'ongoing', start_timestamp: 1757003600250 } });
    const call = readOne(retellAdapter, started);
    expect(call.turns).toEqual([]);
    expect(call.outcome).toBe('unknown');
    expect(noteTexts(call)).toContain('warning: call_started webhook: the call had not ended, so there is no transcript or outcome yet');
  });

  it('keeps the analyzed event when several events of one call are imported', () => {
    const ended = fixtureWith(ANALYZED, [[['event'], 'call_ended'], [['call', 'call_analysis'], undefined]]);
    const { calls } = retellAdapter.read([ended, fixture(ANALYZED)]);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.call.metadata.webhookEvent).toBe('call_analyzed');
  });

  it('warns when num disagrees with the values list', () => {
    const call = readOne(retellAdapter, fixtureWith(ENDED, [[['call', 'latency', 'e2e', 'num'], 3]]));
    expect(noteTexts(call)).toContain('warning: latency.e2e: num says 3 but values holds 2');
  });

  it('classifies disconnection reasons', () => {
    const cases: [string, boolean | null, string][] = [
      ['user_hangup', true, 'resolved'],
      ['user_hangup', false, 'failed'],
      ['transfer_cancelled', null, 'escalated'],
      ['voicemail_reached', null, 'abandoned'],
      ['dial_no_answer', null, 'abandoned'],
      ['error_llm_websocket_open', null, 'failed'],
      ['max_duration_reached', null, 'failed'],
      ['brand_new_reason', null, 'unknown'],
    ];
    for (const [reason, ok, outcome] of cases) expect([reason, ok, retellOutcome(reason, 'ended', ok).outcome]).toEqual([reason, ok, outcome]);
    expect(retellOutcome(null, 'error', null).outcome).toBe('failed');
  });
});

describe('Retell bad input', () => {
  const errorOf = (file: ReturnType<typeof memoryFile>): string => {
    const { calls, failed } = retellAdapter.read([file]);
    expect(calls).toHaveLength(0);
    return failed[0]!.error;
  };

  it('names the JSON path of a wrong type', () => {
    expect(errorOf(fixtureWith(ANALYZED, [[['call', 'transcript_object', 1, 'words', 0, 'start'], '4.48']]))).toBe(
      '/virtual/call-analyzed-v5.json: at $.call.transcript_object[1].words[0].start: must be a number, found the string "4.48"',
    );
    expect(errorOf(fixtureWith(ANALYZED, [[['call', 'latency', 'e2e', 'values', 2], null]]))).toContain('at $.call.latency.e2e.values[2]: missing required number');
    expect(errorOf(fixtureWith(OLD, [[['start_timestamp'], '2024-06-27']]))).toContain('at $.start_timestamp: must be a number');
  });

  it('refuses a call without call_id', () => {
    expect(errorOf(memoryFile('x.json', { event: 'call_ended', call: { agent_id: 'a' } }))).toBe('/virtual/x.json: at $.call.call_id: missing required string');
  });

  it('reports truncated JSON and still reads the other files', () => {
    const cut = memoryFile('cut.json', fixture(ANALYZED).text().slice(0, 1500));
    expect(retellAdapter.detect(cut)).toBe(0.5);
    const { calls, failed } = retellAdapter.read([fixture(ENDED), cut]);
    expect(calls.map((c) => c.call.externalId)).toEqual(['call_c81d0e2f4a6b48d9a1e3']);
    expect(failed[0]!.error).toMatch(/^\/virtual\/cut\.json: at line \d+, column \d+: invalid JSON/);
  });
});
