import { describe, expect, it } from 'vitest';
import { assemblyAiAdapter } from '../../../../electron/main/import/asr/assemblyai';
import { attachAsrWords } from '../../../../electron/main/import/asr/attach-asr';
import { awsTranscribeAdapter } from '../../../../electron/main/import/asr/aws-transcribe';
import { deepgramAdapter } from '../../../../electron/main/import/asr/deepgram';
import { whisperAdapter } from '../../../../electron/main/import/asr/whisper';
import type { AsrChannel, AsrTranscript } from '../../../../shared/model/asr';
import type { Turn, Utterance, Word } from '../../../../shared/model/call';
import { fixture, fixtureWith } from './helpers';

function utterance(text: string, startMs: number | null, endMs: number | null, words: Word[] = []): Utterance {
  return { text, startMs, endMs, words };
}

function turn(index: number, caller: Utterance | null, agent: Utterance | null): Turn {
  return {
    index,
    caller,
    agent,
    referenceText: null,
    intent: null,
    expectedIntent: null,
    timings: { sttMs: null, llmMs: null, ttsMs: null, overheadMs: null, endToEndMs: null, timeToFirstWordMs: null },
    toolCalls: [],
  };
}

/**
 * The trace of the call the fixtures transcribe: a greeting turn without caller speech, then three caller
 * turns whose spans sit a little inside the recognizers' first and last word times. Turn 2's STT text was
 * lost (empty), so it must be filled from the words.
 */
function traceTurns(): Turn[] {
  return [
    turn(0, null, utterance('Thanks for calling Northwind Bank. How can I help you today?', 400, 3100)),
    turn(1, utterance("Hi, I'd like to check my account balance.", 3850, 6300), utterance('Sure. Can you tell me the last four digits of your card?', 7100, 9900)),
    turn(2, utterance('', 10650, 13000), utterance('Thanks. Your balance is one thousand two hundred and four dollars.', 13800, 17400)),
    turn(3, utterance('Great, thank you. Bye.', 18250, 20050), utterance("You're welcome. Goodbye!", 20600, 21900)),
  ];
}

const texts = (t: Turn): string[] => t.caller?.words.map((w) => w.text) ?? [];
const messages = (notes: { message: string }[]): string[] => notes.map((n) => n.message);
const warnings = (notes: { level: string; message: string }[]): string[] => notes.filter((n) => n.level === 'warning').map((n) => n.message);

const TURN1_WORDS = ['Hi,', "I'd", 'like', 'to', 'check', 'my', 'account', 'balance.'];
const TURN2_WORDS = ['Yeah,', "it's", 'four', 'two', 'seven', 'nine.'];
const TURN3_WORDS = ['Great,', 'thank', 'you.', 'Bye.'];

function transcriptOf(channels: AsrChannel[], engine: AsrTranscript['engine'] = 'deepgram'): AsrTranscript {
  return { engine, requestId: null, channels, durationMs: null, notes: [] };
}

const w = (text: string, startMs: number | null, endMs: number | null, confidence: number | null = 0.9): Word => ({ text, startMs, endMs, confidence });

describe('attachAsrWords: choosing the caller channel', () => {
  it('uses the recording\'s caller channel when roles give one; fills words, and text only where the trace had none', () => {
    const turns = traceTurns();
    const { turns: out, notes } = attachAsrWords(turns, deepgramAdapter.read(fixture('deepgram-multichannel-utterances.json')), { callerChannel: 0 });
    expect(out[0]).toBe(turns[0]);
    expect(texts(out[1]!)).toEqual(TURN1_WORDS);
    expect(out[1]!.caller!.words[0]).toEqual({ text: 'Hi,', startMs: 3800, endMs: 4020, confidence: 0.99 });
    expect(out[1]!.caller!.text).toBe("Hi, I'd like to check my account balance.");
    expect(texts(out[2]!)).toEqual(TURN2_WORDS);
    expect(out[2]!.caller!.text).toBe("Yeah, it's four two seven nine.");
    expect(out[2]!.caller!.words[5]).toEqual({ text: 'nine.', startMs: 12520, endMs: 13050, confidence: 0.62 });
    expect(texts(out[3]!)).toEqual(TURN3_WORDS);
    // the trace's own caller times are kept, not replaced by the words'
    expect([out[1]!.caller!.startMs, out[1]!.caller!.endMs]).toEqual([3850, 6300]);
    expect(notes).toEqual([
      { level: 'info', message: 'Deepgram: model nova-2 (2-general-nova 2024-01-09.29447)' },
      { level: 'info', message: 'Deepgram: multichannel: 2 channels (0 = left)' },
      { level: 'info', message: 'Deepgram: 7 utterances present; word times taken from the channel words they regroup' },
      { level: 'info', message: "Deepgram: caller words from channel 0 (the recording's caller channel)" },
      { level: 'info', message: 'Deepgram: caller text of turn 2 taken from the recognized words (the trace had none)' },
      { level: 'info', message: 'Deepgram words for 3 of 3 caller turns' },
    ]);
  });

  it('without roles, picks the channel whose words overlap the caller turns, and says how it chose', () => {
    const { turns: out, notes } = attachAsrWords(traceTurns(), deepgramAdapter.read(fixture('deepgram-multichannel-utterances.json')), { callerChannel: null });
    expect(texts(out[1]!)).toEqual(TURN1_WORDS);
    expect(notes).toContainEqual({
      level: 'info',
      message:
        "Deepgram: caller words from channel 0, chosen by overlap with the caller turns (channel 0: 18 of 18 words inside caller turns; channel 1: 0 of 37 words inside caller turns); set the recording's channel roles to override",
    });
    expect(messages(notes).at(-1)).toBe('Deepgram words for 3 of 3 caller turns');
  });

  it('trusts the roles over overlap: a wrong caller channel attaches nothing and says so', () => {
    const { turns: out, notes } = attachAsrWords(traceTurns(), deepgramAdapter.read(fixture('deepgram-multichannel-utterances.json')), { callerChannel: 1 });
    expect(out.every((t) => (t.caller?.words.length ?? 0) === 0)).toBe(true);
    expect(warnings(notes)).toEqual([
      'Deepgram: 37 of 37 words from channel 1 fall outside every caller turn (first at 0.40 s) and were not attached: the trace may lack caller turns, or its times may be offset from the audio',
    ]);
    expect(messages(notes)).toContain('Deepgram: no recognized words inside the caller span of turns 1, 2, 3');
    expect(messages(notes).at(-1)).toBe('Deepgram words for 0 of 3 caller turns');
  });

  it('diarized single channel: picks the speaker by overlap (channel roles cannot apply)', () => {
    const { turns: out, notes } = attachAsrWords(traceTurns(), deepgramAdapter.read(fixture('deepgram-mono-diarized.json')), { callerChannel: 0 });
    expect(texts(out[2]!)).toEqual(TURN2_WORDS);
    expect(notes).toContainEqual({
      level: 'info',
      message: 'Deepgram: caller words from speaker 1, chosen by overlap with the caller turns (speaker 1: 18 of 18 words inside caller turns; speaker 0: 0 of 37 words inside caller turns)',
    });
    expect(warnings(notes)).toEqual([]);
  });

  it('AWS Call Analytics: the CUSTOMER participant is the caller, by the engine\'s own label', () => {
    const { turns: out, notes } = attachAsrWords(traceTurns(), awsTranscribeAdapter.read(fixture('aws-call-analytics.json')), { callerChannel: null });
    expect(texts(out[1]!)).toEqual(TURN1_WORDS);
    expect(texts(out[3]!)).toEqual(TURN3_WORDS);
    expect(messages(notes)).toContain("AWS Transcribe: caller words from participant CUSTOMER (the engine's own role label)");
    expect(messages(notes).at(-1)).toBe('AWS Transcribe words for 3 of 3 caller turns');
  });

  it('warns when the engine\'s CUSTOMER channel disagrees with the recording\'s roles, and still follows the engine', () => {
    const transcript = awsTranscribeAdapter.read(
      fixtureWith('aws-call-analytics.json', [['ChannelDefinitions'], [{ ChannelId: 0, ParticipantRole: 'AGENT' }, { ChannelId: 1, ParticipantRole: 'CUSTOMER' }]]),
    );
    const { turns: out, notes } = attachAsrWords(traceTurns(), transcript, { callerChannel: 0 });
    expect(texts(out[1]!)).toEqual(TURN1_WORDS);
    expect(warnings(notes)).toEqual([
      "AWS Transcribe: participant CUSTOMER is on channel 1, but the recording's caller channel is 0: check the channel roles",
    ]);
  });

  it('gives the same caller words from Deepgram, AWS channel identification and AssemblyAI multichannel', () => {
    const dg = attachAsrWords(traceTurns(), deepgramAdapter.read(fixture('deepgram-multichannel-utterances.json')), { callerChannel: 0 }).turns;
    const aws = attachAsrWords(traceTurns(), awsTranscribeAdapter.read(fixture('aws-transcribe-channels.json')), { callerChannel: 0 }).turns;
    const aai = attachAsrWords(traceTurns(), assemblyAiAdapter.read(fixture('assemblyai-multichannel.json')), { callerChannel: null }).turns;
    for (const i of [1, 2, 3]) {
      expect(texts(aws[i]!)).toEqual(texts(dg[i]!));
      expect(texts(aai[i]!)).toEqual(texts(dg[i]!));
      expect(aws[i]!.caller!.words.map((x) => [x.startMs, x.endMs])).toEqual(dg[i]!.caller!.words.map((x) => [x.startMs, x.endMs]));
    }
    // AssemblyAI's own confidences, not another engine's: 0.62 * 0.99 + 0.008
    expect(aai[2]!.caller!.words[5]!.confidence).toBe(0.6218);
  });

  it('one mixed transcript (Whisper API): only words inside caller spans, agent words noted, confidences null', () => {
    const { turns: out, notes } = attachAsrWords(traceTurns(), whisperAdapter.read(fixture('whisper-api-verbose.json')), { callerChannel: 0 });
    expect(texts(out[1]!)).toEqual(['Hi', "I'd", 'like', 'to', 'check', 'my', 'account', 'balance']);
    expect(out[2]!.caller!.text).toBe("Yeah it's four two seven nine");
    expect(out.flatMap((t) => t.caller?.words ?? []).every((x) => x.confidence === null)).toBe(true);
    expect(messages(notes)).toEqual([
      'Whisper: OpenAI verbose_json, language english',
      'Whisper: no word confidences: the OpenAI transcription API returns none (segment avg_logprob is only a rough proxy)',
      "Whisper: segment 3 (10.60–13.06 s): below Whisper's own quality thresholds (avg_logprob < -1 or compression_ratio > 2.4), text may be wrong",
      "Whisper: one mixed transcript: words inside caller turns taken as the caller's (agent speech overlapping them would be included)",
      'Whisper: caller text of turn 2 taken from the recognized words (the trace had none)',
      "Whisper: 37 of 55 words from the transcript fall outside every caller turn (first at 0.40 s) and were not attached: in a single-channel transcript most of them are the agent's",
      'Whisper words for 3 of 3 caller turns',
    ]);
    expect(warnings(notes)).toEqual([]);
  });

  it('caller-only faster-whisper output: the hallucinated tail after the last caller turn is left out', () => {
    const { turns: out, notes } = attachAsrWords(traceTurns(), whisperAdapter.read(fixture('faster-whisper-segments.json')), { callerChannel: null });
    expect(texts(out[3]!)).toEqual(TURN3_WORDS);
    expect(out[3]!.caller!.words[3]).toEqual({ text: 'Bye.', startMs: 19700, endMs: 20100, confidence: 0.7945 });
    expect(messages(notes)).toContain(
      "Whisper: 2 of 20 words from the transcript fall outside every caller turn (first at 20.60 s) and were not attached: in a single-channel transcript most of them are the agent's",
    );
  });

  it('a recording caller channel missing from the transcript falls back to overlap, with a warning', () => {
    const { notes } = attachAsrWords(traceTurns(), assemblyAiAdapter.read(fixture('assemblyai-multichannel.json')), { callerChannel: 5 });
    expect(warnings(notes)[0]).toBe("AssemblyAI: the recording's caller channel 5 is not in the transcript (channel 0, channel 1): chosen by overlap instead");
    expect(messages(notes).at(-1)).toBe('AssemblyAI words for 3 of 3 caller turns');
  });

  it('a transcript holding only a channel the roles say is not the caller attaches nothing', () => {
    const t = transcriptOf([
      { channel: 0, speaker: null, words: [w('hi', 3900, 4000)], text: 'hi' },
      { channel: 1, speaker: null, words: [], text: '' },
    ]);
    const { turns: out, notes } = attachAsrWords(traceTurns(), t, { callerChannel: 1 });
    expect(out.every((x) => (x.caller?.words.length ?? 0) === 0)).toBe(true);
    expect(warnings(notes)).toEqual(['Deepgram: the transcript holds only channel 0, but the caller is on channel 1: nothing attached']);
  });

  it('flags an uncertain choice when two channels overlap the caller turns about equally', () => {
    const t = transcriptOf([
      { channel: 0, speaker: null, words: [w('yes', 4000, 4400)], text: 'yes' },
      { channel: 1, speaker: null, words: [w('right', 4100, 4400)], text: 'right' },
    ]);
    const { turns: out, notes } = attachAsrWords(traceTurns(), t, { callerChannel: null });
    expect(texts(out[1]!)).toEqual(['yes']);
    expect(warnings(notes)).toEqual([
      "Deepgram: caller words from channel 0, chosen by overlap with the caller turns (channel 0: 1 of 1 words inside caller turns; channel 1: 1 of 1 words inside caller turns); the choice is uncertain; set the recording's channel roles to override",
    ]);
  });

  it('attaches nothing when no word overlaps any caller turn (another call\'s audio)', () => {
    const t = transcriptOf([
      { channel: 0, speaker: null, words: [w('hello', 30000, 30400)], text: 'hello' },
      { channel: 1, speaker: null, words: [w('there', 31000, 31400)], text: 'there' },
    ]);
    const { notes } = attachAsrWords(traceTurns(), t, { callerChannel: null });
    expect(warnings(notes)).toEqual(["Deepgram: no recognized word overlaps any caller turn: nothing attached (is this transcript of the same call's audio?)"]);
    expect(messages(notes).at(-1)).toBe('Deepgram words for 0 of 3 caller turns');
  });
});

describe('attachAsrWords: placing words', () => {
  it('never overwrites caller words the trace already has', () => {
    const turns = traceTurns();
    const traceWords = [w('hi', 3850, 4010, null), w('balance', 5480, 6300, null)];
    turns[1] = { ...turns[1]!, caller: utterance("Hi, I'd like to check my account balance.", 3850, 6300, traceWords) };
    const { turns: out, notes } = attachAsrWords(turns, deepgramAdapter.read(fixture('deepgram-multichannel-utterances.json')), { callerChannel: 0 });
    expect(out[1]).toBe(turns[1]);
    expect(out[1]!.caller!.words).toEqual(traceWords);
    expect(texts(out[2]!)).toEqual(TURN2_WORDS);
    expect(messages(notes)).toContain('Deepgram: turn 1 already had caller words from the trace: kept them (8 recognized words not attached)');
    expect(messages(notes).at(-1)).toBe('Deepgram words for 2 of 3 caller turns');
  });

  it('words of a separated caller channel outside every caller turn are a warning (a turn the trace lost)', () => {
    const turns = traceTurns();
    turns[3] = { ...turns[3]!, caller: null };
    const { turns: out, notes } = attachAsrWords(turns, deepgramAdapter.read(fixture('deepgram-multichannel-utterances.json')), { callerChannel: 0 });
    expect(out[3]!.caller).toBeNull();
    expect(warnings(notes)).toEqual([
      'Deepgram: 4 of 18 words from channel 0 fall outside every caller turn (first at 18.20 s) and were not attached: the trace may lack caller turns, or its times may be offset from the audio',
    ]);
    expect(messages(notes).at(-1)).toBe('Deepgram words for 2 of 2 caller turns');
  });

  it('a word just past a caller span\'s edge is attached within the tolerance, and not with tolerance 0', () => {
    const turns = traceTurns();
    turns[3] = { ...turns[3]!, caller: utterance('Great, thank you. Bye.', 18250, 19500) };
    const transcript = deepgramAdapter.read(fixture('deepgram-multichannel-utterances.json'));
    // "Bye." is 19700–20100: 200 ms after the span's end.
    const tolerant = attachAsrWords(turns, transcript, { callerChannel: 0 });
    expect(texts(tolerant.turns[3]!)).toEqual(TURN3_WORDS);
    expect(messages(tolerant.notes)).toContain("Deepgram: 1 word within 250 ms of a caller turn's edge attached to it");
    const strict = attachAsrWords(turns, transcript, { callerChannel: 0 }, { edgeToleranceMs: 0 });
    expect(texts(strict.turns[3]!)).toEqual(['Great,', 'thank', 'you.']);
    expect(warnings(strict.notes)[0]).toMatch(/^Deepgram: 1 of 18 words from channel 0 fall outside every caller turn \(first at 19\.70 s\)/);
  });

  it('a word overlapping two caller spans goes to the one it overlaps most; a tie goes to the earlier', () => {
    const turns = [turn(0, utterance('a', 1000, 2000), null), turn(1, utterance('b', 2100, 3000), null)];
    const words = [
      w('w1', 1900, 2300), // 100 ms in the first, 200 ms in the second
      w('w2', 1950, 2150), // 50 / 50
      w('w3', 2500, 2500), // zero length, inside the second
      w('w4', 1500, null), // no end: a point at 1.5 s
      w('w5', null, null), // no time at all
    ];
    const { turns: out, notes } = attachAsrWords(turns, transcriptOf([{ channel: null, speaker: null, words, text: '' }], 'assemblyai'), { callerChannel: null });
    expect(texts(out[0]!)).toEqual(['w4', 'w2']);
    expect(texts(out[1]!)).toEqual(['w1', 'w3']);
    expect(messages(notes)).toContain('AssemblyAI: 1 word without times not attached');
  });

  it('caller turns without times cannot receive words, and say so', () => {
    const turns = traceTurns();
    turns[2] = { ...turns[2]!, caller: utterance('', null, null) };
    const { turns: out, notes } = attachAsrWords(turns, deepgramAdapter.read(fixture('deepgram-multichannel-utterances.json')), { callerChannel: 0 });
    expect(out[2]!.caller!.words).toEqual([]);
    expect(warnings(notes)[0]).toBe('Deepgram: turn 2: the caller has no start or end time, so no words can be placed there');
    expect(messages(notes).at(-1)).toBe('Deepgram words for 2 of 3 caller turns');
  });

  it('a call without caller turns attaches nothing', () => {
    const { notes } = attachAsrWords([turn(0, null, utterance('Hello?', 0, 800))], deepgramAdapter.read(fixture('deepgram-mono.json')), { callerChannel: null });
    expect(messages(notes).slice(-2)).toEqual(['Deepgram: the call has no caller turns: nothing to attach', 'Deepgram words for 0 of 0 caller turns']);
  });

  it('does not modify its input', () => {
    const turns = traceTurns();
    const transcript = deepgramAdapter.read(fixture('deepgram-multichannel-utterances.json'));
    const before = JSON.stringify({ turns, transcript });
    const { turns: out } = attachAsrWords(turns, transcript, { callerChannel: 0 });
    expect(JSON.stringify({ turns, transcript })).toBe(before);
    out[1]!.caller!.words[0]!.text = 'changed';
    expect(transcript.channels[0]!.words[0]!.text).toBe('Hi,');
  });
});
