import { describe, expect, it } from 'vitest';
import { assemblyAiAdapter } from '../../../../electron/main/import/asr/assemblyai';
import { fileOf, fixture, fixtureJson, fixtureWith, importError } from './helpers';

const CALLER_TEXT = "Hi, I'd like to check my account balance. Yeah, it's four two seven nine. Great, thank you. Bye.";

describe('AssemblyAI transcripts', () => {
  it('multichannel: channel "1" (left) → 0, "2" → 1; times already in ms; audio_duration in seconds', () => {
    const t = assemblyAiAdapter.read(fixture('assemblyai-multichannel.json'));
    expect(t.engine).toBe('assemblyai');
    expect(t.requestId).toBe('5d8f2c1a-7b3e-4a96-8e0d-1c4b9f6a2e73');
    expect(t.durationMs).toBe(22000);
    expect(t.channels.map((c) => [c.channel, c.speaker, c.words.length])).toEqual([
      [0, null, 18],
      [1, null, 37],
    ]);
    expect(t.channels[0]!.words[0]).toEqual({ text: 'Hi,', startMs: 3800, endMs: 4020, confidence: 0.9881 });
    expect(t.channels[0]!.words[13]).toEqual({ text: 'nine.', startMs: 12520, endMs: 13050, confidence: 0.6218 });
    expect(t.channels[0]!.text).toBe(CALLER_TEXT);
    expect(t.channels[1]!.words[0]).toEqual({ text: 'Thanks', startMs: 400, endMs: 720, confidence: 0.99602 });
    expect(t.notes).toEqual(['multichannel: channel "1" → 0, channel "2" → 1 (0 = left)']);
  });

  it('speaker labels: one entry per speaker, channel unknown', () => {
    const t = assemblyAiAdapter.read(fixture('assemblyai-speakers.json'));
    expect(t.requestId).toBe('9a1e4c7b-2f5d-48a0-b6c3-e8d1f0a5b294');
    expect(t.channels.map((c) => [c.channel, c.speaker, c.words.length])).toEqual([
      [null, 'A', 37],
      [null, 'B', 18],
    ]);
    expect(t.channels[1]!.text).toBe(CALLER_TEXT);
    expect(t.notes).toEqual(['speaker labels: A, B']);
  });

  it('without labels: one mixed entry carrying the transcript text', () => {
    const json = fixtureJson('assemblyai-speakers.json') as { words: { speaker: string | null }[] };
    for (const w of json.words) w.speaker = null;
    const t = assemblyAiAdapter.read(fileOf('unlabelled.json', json));
    expect(t.channels.map((c) => [c.channel, c.speaker, c.words.length])).toEqual([[null, null, 55]]);
    expect(t.channels[0]!.text.startsWith('Thanks for calling Northwind Bank.')).toBe(true);
    expect(t.notes).toEqual(['no channel or speaker labels: one entry with every word (both sides, if the audio held both)']);
  });

  it('falls back to utterance words when the word list is empty', () => {
    const t = assemblyAiAdapter.read(fixtureWith('assemblyai-multichannel.json', [['words'], []]));
    expect(t.channels.map((c) => [c.channel, c.words.length])).toEqual([
      [0, 18],
      [1, 37],
    ]);
    expect(t.notes).toContain('words taken from 7 utterances (the top-level word list is empty)');
  });

  it('refuses unfinished or failed transcripts and bad values, naming the JSON path', () => {
    const e1 = importError(() =>
      assemblyAiAdapter.read(fixtureWith('assemblyai-speakers.json', [['status'], 'error'], [['error'], 'Download error, unable to download https://storage.example.net/x.wav'])),
    );
    expect(e1.path).toBe('/calls/assemblyai-speakers.json');
    expect([e1.location, e1.problem]).toEqual(['$.status', 'transcription failed: Download error, unable to download https://storage.example.net/x.wav']);

    const e2 = importError(() => assemblyAiAdapter.read(fixtureWith('assemblyai-speakers.json', [['status'], 'processing'])));
    expect([e2.location, e2.problem]).toEqual(['$.status', 'transcript status is processing, not completed: the file holds no finished transcript']);

    const e3 = importError(() => assemblyAiAdapter.read(fixtureWith('assemblyai-multichannel.json', [['words', 4, 'channel'], '0'])));
    expect([e3.location, e3.problem]).toEqual(['$.words[4].channel', 'must be a channel number from "1", found a string ("0")']);

    const e4 = importError(() => assemblyAiAdapter.read(fixtureWith('assemblyai-multichannel.json', [['words', 4, 'start'], '2580'])));
    expect([e4.location, e4.problem]).toEqual(['$.words[4].start', 'must be a number, found a string ("2580")']);

    const e5 = importError(() => assemblyAiAdapter.read(fixtureWith('assemblyai-multichannel.json', [['words', 4, 'text'], null])));
    expect([e5.location, e5.problem]).toEqual(['$.words[4].text', 'must be a string, found null']);
  });
});
