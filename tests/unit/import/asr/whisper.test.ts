import { describe, expect, it } from 'vitest';
import { whisperAdapter } from '../../../../electron/main/import/asr/whisper';
import { fixture, fixtureWith, importError } from './helpers';

const SEGMENT_3_DOUBTFUL =
  "segment 3 (10.60–13.06 s): below Whisper's own quality thresholds (avg_logprob < -1 or compression_ratio > 2.4), text may be wrong";

describe('Whisper JSON', () => {
  it('OpenAI verbose_json: top-level words, float32 seconds to ms, no confidence (null + note)', () => {
    const t = whisperAdapter.read(fixture('whisper-api-verbose.json'));
    expect(t.engine).toBe('whisper');
    expect(t.requestId).toBeNull();
    expect(t.durationMs).toBe(22500);
    expect(t.channels).toHaveLength(1);
    const only = t.channels[0]!;
    expect([only.channel, only.speaker, only.words.length]).toEqual([null, null, 55]);
    // 0.4000000059604645 → 400, 0.7200000286102295 → 720
    expect(only.words[0]).toEqual({ text: 'Thanks', startMs: 400, endMs: 720, confidence: null });
    expect(only.words[11]).toEqual({ text: 'Hi', startMs: 3800, endMs: 4020, confidence: null });
    // 13.0600004196167 → 13060 (Whisper's 20 ms grid moved 13.05 to 13.06)
    expect(only.words[36]).toEqual({ text: 'nine', startMs: 12520, endMs: 13060, confidence: null });
    expect(only.text.startsWith('Thanks for calling Northwind Bank.')).toBe(true);
    expect(t.notes).toEqual([
      'OpenAI verbose_json, language english',
      'no word confidences: the OpenAI transcription API returns none (segment avg_logprob is only a rough proxy)',
      SEGMENT_3_DOUBTFUL,
    ]);
  });

  it('accepts the old typings\' string duration', () => {
    const t = whisperAdapter.read(fixtureWith('whisper-api-verbose.json', [['duration'], '22.5']));
    expect(t.durationMs).toBe(22500);
  });

  it('verbose_json without word granularity: no words, and says why', () => {
    const t = whisperAdapter.read(fixtureWith('whisper-api-verbose.json', [['words'], undefined]));
    expect(t.channels[0]!.words).toEqual([]);
    expect(t.channels[0]!.text).not.toBe('');
    expect(t.notes[1]).toBe('no word times: the file has segments only (request timestamp_granularities[]=word, or word_timestamps=True locally)');
  });

  it('local openai-whisper JSON: segment words, leading space trimmed, probability as confidence', () => {
    const t = whisperAdapter.read(fixture('whisper-local.json'));
    expect(t.durationMs).toBeNull();
    const words = t.channels[0]!.words;
    expect(words).toHaveLength(55);
    expect(words[11]).toEqual({ text: 'Hi,', startMs: 3800, endMs: 4020, confidence: 0.9813 });
    expect(words[36]).toEqual({ text: 'nine.', startMs: 12520, endMs: 13060, confidence: 0.5714 });
    expect(t.notes).toEqual(['local whisper / faster-whisper JSON (word probability as confidence), language en', SEGMENT_3_DOUBTFUL]);
  });

  it('faster-whisper segment list (bare array): words with probability, hallucinated tail flagged', () => {
    const t = whisperAdapter.read(fixture('faster-whisper-segments.json'));
    const only = t.channels[0]!;
    expect(only.words).toHaveLength(20);
    expect(only.words[0]).toEqual({ text: 'Hi,', startMs: 3800, endMs: 4020, confidence: 0.9813 });
    expect(only.words[19]).toEqual({ text: 'you.', startMs: 21000, endMs: 21520, confidence: 0.4417 });
    expect(only.text).toBe("Hi, I'd like to check my account balance. Yeah, it's four two seven nine. Great, thank you. Bye. Thank you.");
    expect(t.notes).toEqual([
      'faster-whisper segment list',
      'segment 4 (20.60–21.52 s): probably silence or noise (no_speech_prob > 0.6 with avg_logprob < -1), words may be invented',
    ]);
  });

  it('wrong types name the file and the JSON path', () => {
    const e1 = importError(() => whisperAdapter.read(fixtureWith('whisper-local.json', [['segments', 1, 'words', 0, 'probability'], '0.98'])));
    expect(e1.path).toBe('/calls/whisper-local.json');
    expect([e1.location, e1.problem]).toEqual(['$.segments[1].words[0].probability', 'must be a number, found a string ("0.98")']);

    const e2 = importError(() => whisperAdapter.read(fixtureWith('whisper-api-verbose.json', [['words', 5, 'start'], undefined])));
    expect([e2.location, e2.problem]).toEqual(['$.words[5].start', 'missing (expected a number)']);

    const e3 = importError(() => whisperAdapter.read(fixtureWith('faster-whisper-segments.json', [[2, 'text'], 42])));
    expect([e3.location, e3.problem]).toEqual(['$[2].text', 'must be a string, found a number (42)']);

    const e4 = importError(() => whisperAdapter.read(fixtureWith('whisper-api-verbose.json', [['duration'], 'about 22 s'])));
    expect([e4.location, e4.problem]).toEqual(['$.duration', 'must be a number or a decimal string, found a string ("about 22 s")']);
  });
});
