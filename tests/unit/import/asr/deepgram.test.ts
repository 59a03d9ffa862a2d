import { describe, expect, it } from 'vitest';
import { deepgramAdapter } from '../../../../electron/main/import/asr/deepgram';
import { fileOf, fixture, fixtureJson, fixtureWith, importError, setAt } from './helpers';

describe('Deepgram pre-recorded responses', () => {
  it('multichannel: one entry per audio channel, seconds to ms, punctuated words, utterances not double counted', () => {
    const t = deepgramAdapter.read(fixture('deepgram-multichannel-utterances.json'));
    expect(t.engine).toBe('deepgram');
    expect(t.requestId).toBe('b6a0f1c2-4d1e-4f7a-9c55-2e8d3a7b91e0');
    expect(t.durationMs).toBe(22500);
    expect(t.channels.map((c) => [c.channel, c.speaker, c.words.length])).toEqual([
      [0, null, 18],
      [1, null, 37],
    ]);
    const caller = t.channels[0]!;
    // "end": 4.0199995 → 4020 ms; "punctuated_word" wins over the bare lower-case "word".
    expect(caller.words[0]).toEqual({ text: 'Hi,', startMs: 3800, endMs: 4020, confidence: 0.99 });
    expect(caller.words[7]).toEqual({ text: 'balance.', startMs: 5500, endMs: 6420, confidence: 0.91 });
    // "end": 11.179999 → 11180 ms
    expect(caller.words[9]).toEqual({ text: "it's", startMs: 11000, endMs: 11180, confidence: 0.93 });
    expect(caller.words[13]).toEqual({ text: 'nine.', startMs: 12520, endMs: 13050, confidence: 0.62 });
    expect(caller.text).toBe("Hi, I'd like to check my account balance. Yeah, it's four two seven nine. Great, thank you. Bye.");
    expect(t.channels[1]!.words[3]).toEqual({ text: 'Northwind', startMs: 1280, endMs: 1840, confidence: 0.921 });
    expect(t.notes).toEqual([
      'model nova-2 (2-general-nova 2024-01-09.29447)',
      'multichannel: 2 channels (0 = left)',
      '7 utterances present; word times taken from the channel words they regroup',
    ]);
  });

  it('single channel with diarize=true: one entry per speaker, channel unknown', () => {
    const t = deepgramAdapter.read(fixture('deepgram-mono-diarized.json'));
    expect(t.requestId).toBe('7c2e9f14-0a5b-4d8e-b3c1-6f9a2d7e4b08');
    expect(t.channels.map((c) => [c.channel, c.speaker, c.words.length])).toEqual([
      [null, '0', 37],
      [null, '1', 18],
    ]);
    expect(t.channels[1]!.text).toBe("Hi, I'd like to check my account balance. Yeah, it's four two seven nine. Great, thank you. Bye.");
    expect(t.channels[0]!.words[0]).toEqual({ text: 'Thanks', startMs: 400, endMs: 720, confidence: 0.998 });
    expect(t.notes).toContain('single channel, diarized: speakers 0, 1');
    expect(t.notes).toContain('1 intent segments present but not imported (only word times and confidences are attached)');
  });

  it('single channel without diarization: one mixed entry with the engine transcript', () => {
    const t = deepgramAdapter.read(fixture('deepgram-mono.json'));
    expect(t.durationMs).toBe(10000);
    expect(t.channels).toHaveLength(1);
    const only = t.channels[0]!;
    expect([only.channel, only.speaker, only.words.length]).toEqual([null, null, 31]);
    expect(only.text.startsWith('Thanks for calling Northwind Bank. How can I help you today? Hi,')).toBe(true);
    expect(t.notes).toContain('single channel, no speaker labels: one entry with every word (both sides, if the audio held both)');
  });

  it('falls back to utterance words when the channels carry none, regrouped by utterance channel', () => {
    const json = fixtureJson('deepgram-multichannel-utterances.json');
    setAt(json, ['results', 'channels', 0, 'alternatives', 0, 'words'], []);
    setAt(json, ['results', 'channels', 1, 'alternatives', 0, 'words'], []);
    const t = deepgramAdapter.read(fileOf('trimmed.json', json));
    expect(t.channels.map((c) => c.words.length)).toEqual([18, 37]);
    expect(t.channels[0]!.words[8]).toEqual({ text: 'Yeah,', startMs: 10600, endMs: 10920, confidence: 0.88 });
    expect(t.notes).toContain('words taken from 7 utterances (the channels carry none)');
  });

  it('a silent channel (alternatives: []) gives an empty entry, not an error', () => {
    const t = deepgramAdapter.read(fixtureWith('deepgram-multichannel-utterances.json', [['results', 'channels', 1, 'alternatives'], []]));
    expect(t.channels.map((c) => [c.channel, c.words.length, c.text])).toEqual([
      [0, 18, expect.any(String)],
      [1, 0, ''],
    ]);
  });

  it('words without confidence become null, never 0, and are noted', () => {
    const json = fixtureJson('deepgram-mono.json');
    const words = (json as { results: { channels: { alternatives: { words: Record<string, unknown>[] }[] }[] } }).results.channels[0]!.alternatives[0]!.words;
    for (const w of words) delete w.confidence;
    const t = deepgramAdapter.read(fileOf('no-conf.json', json));
    expect(t.channels[0]!.words.every((w) => w.confidence === null)).toBe(true);
    expect(t.notes).toContain('no word confidences in the file');
  });

  it('wrong types name the file and the JSON path', () => {
    const e1 = importError(() =>
      deepgramAdapter.read(fixtureWith('deepgram-mono.json', [['results', 'channels', 0, 'alternatives', 0, 'words', 3, 'start'], '2.24'])),
    );
    expect(e1.path).toBe('/calls/deepgram-mono.json');
    expect(e1.location).toBe('$.results.channels[0].alternatives[0].words[3].start');
    expect(e1.problem).toBe('must be a number, found a string ("2.24")');

    const e2 = importError(() => deepgramAdapter.read(fixtureWith('deepgram-mono.json', [['results', 'channels', 0, 'alternatives', 0, 'words', 0, 'confidence'], 1.4])));
    expect(e2.location).toBe('$.results.channels[0].alternatives[0].words[0].confidence');
    expect(e2.problem).toBe('confidence must be between 0 and 1, found a number (1.4)');

    const e3 = importError(() => deepgramAdapter.read(fixtureWith('deepgram-mono.json', [['results', 'channels'], undefined])));
    expect([e3.location, e3.problem]).toEqual(['$.results.channels', 'missing (expected an array)']);

    const e4 = importError(() => deepgramAdapter.read(fixtureWith('deepgram-mono.json', [['results', 'channels', 0, 'alternatives', 0, 'words', 2, 'end'], -0.5])));
    expect([e4.location, e4.problem]).toEqual(['$.results.channels[0].alternatives[0].words[2].end', 'time must not be negative, found a number (-0.5)']);

    const e5 = importError(() => deepgramAdapter.read(fixtureWith('deepgram-mono.json', [['results', 'channels'], []])));
    expect([e5.location, e5.problem]).toEqual(['$.results.channels', 'has no channels']);
  });
});
