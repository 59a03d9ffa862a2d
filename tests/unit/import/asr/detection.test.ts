import { describe, expect, it } from 'vitest';
import { UNPARSED_MARKER_SCORE } from '../../../../electron/main/import/asr/asr-json';
import { ASR_ADAPTERS, asrAdapterById, detectAsrFormat } from '../../../../electron/main/import/asr/registry';
import { ImportError } from '../../../../electron/main/import/import-error';
import { sourceFileFromBytes } from '../../../../electron/main/import/source-file';
import { fileOf, fixture, FIXTURE_NAMES } from './helpers';

const EXPECTED: Record<(typeof FIXTURE_NAMES)[number], string> = {
  'deepgram-mono.json': 'deepgram',
  'deepgram-mono-diarized.json': 'deepgram',
  'deepgram-multichannel-utterances.json': 'deepgram',
  'whisper-api-verbose.json': 'whisper',
  'whisper-local.json': 'whisper',
  'faster-whisper-segments.json': 'whisper',
  'aws-transcribe-channels.json': 'aws-transcribe',
  'aws-transcribe-speakers.json': 'aws-transcribe',
  'aws-call-analytics.json': 'aws-transcribe',
  'assemblyai-multichannel.json': 'assemblyai',
  'assemblyai-speakers.json': 'assemblyai',
};

/** Files that are not ASR output: everything else an import folder holds. Shapes follow formats.md §1–5. */
const NOT_ASR: Record<string, unknown> = {
  'turnscope call file': {
    format: 'turnscope.call',
    version: 1,
    call: { id: 'nwb-0314-1522' },
    turns: [{ index: 1, caller: { text: 'Hi', startMs: 3800, endMs: 4020, words: [{ text: 'Hi', startMs: 3800, endMs: 4020, confidence: 0.99 }] } }],
  },
  'OTLP/JSON trace': {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'bank-agent' } }] },
        scopeSpans: [
          {
            scope: { name: 'pipecat.turn' },
            spans: [
              {
                traceId: '5b8efff798038103d269b633813fc60c',
                spanId: 'eee19b7ec3c1b174',
                name: 'stt',
                startTimeUnixNano: '1710429727812000000',
                endTimeUnixNano: '1710429730217000000',
                attributes: [{ key: 'transcript', value: { stringValue: "Hi, I'd like to check my account balance." } }],
              },
            ],
          },
        ],
      },
    ],
  },
  'Jaeger JSON download': { data: [{ traceID: '5b8efff798038103', spans: [{ traceID: '5b8efff798038103', spanID: 'eee19b7e', operationName: 'stt', startTime: 1710429727812000, duration: 2405000 }], processes: {} }] },
  'Vapi call object': {
    id: '3f0a2b4c-5d6e-4f70-8192-a3b4c5d6e7f8',
    orgId: 'a1b2c3d4-0000-4000-8000-123456789abc',
    type: 'inboundPhoneCall',
    status: 'ended',
    endedReason: 'customer-ended-call',
    transcript: "AI: Thanks for calling Northwind Bank.\nUser: Hi, I'd like to check my account balance.",
    messages: [
      { role: 'bot', message: 'Thanks for calling Northwind Bank.', time: 1710429720400, endTime: 1710429723100, secondsFromStart: 0.4, duration: 2700 },
      { role: 'user', message: "Hi, I'd like to check my account balance.", time: 1710429723800, endTime: 1710429726420, secondsFromStart: 3.8, duration: 2620 },
    ],
    artifact: { recordingUrl: 'https://storage.vapi.ai/3f0a2b4c-mono.wav', stereoRecordingUrl: 'https://storage.vapi.ai/3f0a2b4c-stereo.wav' },
  },
  'Vapi end-of-call-report': {
    message: { type: 'end-of-call-report', endedReason: 'assistant-ended-call', call: { id: '3f0a2b4c', status: 'ended' }, artifact: { messages: [], transcript: '' }, timestamp: 1710429742500 },
  },
  'Retell call object': {
    call_id: 'Jabr9TXYYJHfvl6Syypi88rdAHYHmcq6',
    agent_id: 'oBeDLoLOeuAbiuaMFXRtDOLriTJ5tSxD',
    call_status: 'ended',
    start_timestamp: 1710429720000,
    end_timestamp: 1710429742500,
    transcript: "Agent: Thanks for calling Northwind Bank.\nUser: Hi, I'd like to check my account balance.",
    transcript_object: [
      { role: 'agent', content: 'Thanks for calling Northwind Bank.', words: [{ word: 'Thanks', start: 0.4, end: 0.72 }] },
      { role: 'user', content: "Hi, I'd like to check my account balance.", words: [{ word: 'Hi,', start: 3.8, end: 4.02 }] },
    ],
    disconnection_reason: 'user_hangup',
    latency: { e2e: { p50: 812, values: [790, 834] } },
  },
  'Retell webhook': { event: 'call_ended', call: { call_id: 'Jabr9TXY', transcript_object: [] } },
  'LiveKit session report': {
    job_id: 'AJ_kF3nDq2P8x', room_id: 'RM_9wQ2', room: 'call-0314',
    chat_history: { items: [{ id: 'item_1', type: 'message', role: 'user', content: ["Hi, I'd like to check my account balance."], metrics: { transcription_delay: 0.31 } }] },
    events: [], options: { allow_interruptions: true },
  },
  'OpenAI plain json transcription': { text: "Hi, I'd like to check my account balance." },
  'empty object': {},
  'array of numbers': [1, 2, 3],
  'empty array': [],
};

const RAW_NOT_ASR: Record<string, Buffer> = {
  'Collector JSON Lines': Buffer.from('{"resourceSpans":[]}\n{"resourceSpans":[]}\n'),
  'plain text': Buffer.from('WEBVTT\n\n00:00.400 --> 00:03.100\nThanks for calling Northwind Bank.\n'),
  'empty file': Buffer.alloc(0),
  'binary garbage': Buffer.from([0x52, 0x49, 0x46, 0x46, 0x24, 0x08, 0x00, 0x00, 0x57, 0x41, 0x56, 0x45, 0xff, 0xfe, 0x00, 0x7b]),
  'invalid UTF-8 that starts like JSON': Buffer.concat([Buffer.from('{"text": "caf'), Buffer.from([0xe9]), Buffer.from('"}')]),
};

describe('ASR format detection', () => {
  it('has one adapter per engine with distinct ids', () => {
    expect(ASR_ADAPTERS.map((a) => a.id)).toEqual(['deepgram', 'whisper', 'aws-transcribe', 'assemblyai']);
    expect(asrAdapterById('aws-transcribe')?.label).toBe('AWS Transcribe output (batch or Call Analytics)');
    expect(asrAdapterById('retell')).toBeUndefined();
  });

  for (const name of FIXTURE_NAMES) {
    it(`${name}: detected as ${EXPECTED[name]}, every other engine scores 0`, () => {
      const file = fixture(name);
      const scores = Object.fromEntries(ASR_ADAPTERS.map((a) => [a.id, a.detect(file)]));
      for (const [id, score] of Object.entries(scores)) {
        if (id === EXPECTED[name]) expect(score, id).toBeGreaterThanOrEqual(0.85);
        else expect(score, id).toBe(0);
      }
      expect(detectAsrFormat(file)?.adapter.id).toBe(EXPECTED[name]);
    });
  }

  for (const [what, content] of Object.entries(NOT_ASR)) {
    it(`${what}: no engine claims it`, () => {
      const file = fileOf('input.json', content);
      expect(ASR_ADAPTERS.map((a) => a.detect(file))).toEqual([0, 0, 0, 0]);
      expect(detectAsrFormat(file)).toBeNull();
    });
  }

  for (const [what, bytes] of Object.entries(RAW_NOT_ASR)) {
    it(`${what}: no engine claims it, nothing throws`, () => {
      const file = sourceFileFromBytes('/calls/input.json', bytes);
      expect(detectAsrFormat(file)).toBeNull();
    });
  }

  it('scores lower without the identifying envelope (no jobName / metadata / transcript keys)', () => {
    expect(asrAdapterById('deepgram')!.detect(fileOf('d.json', { results: { channels: [{ alternatives: [] }] } }))).toBe(0.8);
    expect(asrAdapterById('aws-transcribe')!.detect(fileOf('a.json', { results: { transcripts: [{ transcript: 'hi' }], items: [] } }))).toBe(0.85);
    expect(asrAdapterById('assemblyai')!.detect(fileOf('b.json', { id: 'x', status: 'completed', words: [{ text: 'hi', start: 0, end: 200, confidence: 0.9 }] }))).toBe(0.7);
    expect(asrAdapterById('whisper')!.detect(fileOf('w.json', { text: 'hi', words: [{ word: 'hi', start: 0, end: 0.2 }] }))).toBe(0.7);
    expect(asrAdapterById('whisper')!.detect(fileOf('w.json', { text: '', language: 'english', duration: 3.2, segments: [] }))).toBe(0.6);
  });

  for (const name of FIXTURE_NAMES) {
    it(`${name} cut short: still attributed to ${EXPECTED[name]}, and reading it names the file and the place`, () => {
      const whole = fixture(name).bytes;
      const file = sourceFileFromBytes(`/calls/${name}`, whole.subarray(0, Math.floor(whole.length * 0.6)));
      const found = detectAsrFormat(file);
      expect(found?.adapter.id).toBe(EXPECTED[name]);
      expect(found?.score).toBe(UNPARSED_MARKER_SCORE);
      let err: unknown;
      try {
        found!.adapter.read(file);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ImportError);
      expect((err as ImportError).path).toBe(`/calls/${name}`);
      expect((err as ImportError).location).toMatch(/^line \d+, column \d+$/);
    });
  }
});
