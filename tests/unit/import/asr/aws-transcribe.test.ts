import { describe, expect, it } from 'vitest';
import { awsTranscribeAdapter } from '../../../../electron/main/import/asr/aws-transcribe';
import { fileOf, fixture, fixtureJson, fixtureWith, importError, setAt } from './helpers';

const CALLER_TEXT = "Hi, I'd like to check my account balance. Yeah, it's four two seven nine. Great, thank you. Bye.";

interface AwsItem {
  speaker_label?: string;
}

function itemsOf(json: unknown): AwsItem[] {
  return (json as { results: { items: AwsItem[] } }).results.items;
}

describe('AWS Transcribe batch output', () => {
  it('channel identification: ch_0/ch_1 → channels 0/1, string numbers parsed, punctuation joined to its word', () => {
    const t = awsTranscribeAdapter.read(fixture('aws-transcribe-channels.json'));
    expect(t.engine).toBe('aws-transcribe');
    expect(t.requestId).toBe('nwb-call-20260314-1522-stereo');
    expect(t.durationMs).toBeNull();
    expect(t.channels.map((c) => [c.channel, c.speaker, c.words.length])).toEqual([
      [0, null, 18],
      [1, null, 37],
    ]);
    const caller = t.channels[0]!;
    // items "3.8"/"4.02"/"0.99" + punctuation ","
    expect(caller.words[0]).toEqual({ text: 'Hi,', startMs: 3800, endMs: 4020, confidence: 0.99 });
    expect(caller.words[13]).toEqual({ text: 'nine.', startMs: 12520, endMs: 13050, confidence: 0.62 });
    expect(caller.text).toBe(CALLER_TEXT);
    expect(t.channels[1]!.words[0]).toEqual({ text: 'Thanks', startMs: 400, endMs: 720, confidence: 1 });
    expect(t.channels[1]!.words[4]).toEqual({ text: 'Bank.', startMs: 1840, endMs: 2100, confidence: 1 });
    expect(t.notes).toEqual(['channel identification: ch_0 → channel 0, ch_1 → channel 1', 'punctuation items (untimed) appended to the preceding word']);
  });

  it('reads the same words from results.items alone (time-ordered, channels interleaved)', () => {
    const fromChannels = awsTranscribeAdapter.read(fixture('aws-transcribe-channels.json'));
    const fromItems = awsTranscribeAdapter.read(fixtureWith('aws-transcribe-channels.json', [['results', 'channel_labels'], undefined]));
    expect(fromItems.channels).toEqual(fromChannels.channels);
  });

  it('punctuation goes to its own channel\'s last word when the two sides talk over each other', () => {
    const word = (id: number, ch: number, start: string, end: string, content: string, confidence: string) => ({
      id, channel_label: `ch_${ch}`, start_time: start, end_time: end, alternatives: [{ confidence, content }], type: 'pronunciation',
    });
    const mark = (id: number, ch: number, content: string) => ({ id, channel_label: `ch_${ch}`, alternatives: [{ confidence: '0.0', content }], type: 'punctuation' });
    const items = [word(0, 0, '5.0', '5.3', 'Wait', '0.97'), word(1, 1, '5.2', '5.4', 'So', '0.91'), mark(2, 0, ','), word(3, 0, '5.5', '5.8', 'stop', '0.95'), mark(4, 1, '?'), mark(5, 0, '.')];
    const t = awsTranscribeAdapter.read(fileOf('overlap.json', { jobName: 'x', accountId: '1', status: 'COMPLETED', results: { transcripts: [{ transcript: 'Wait, So? stop.' }], items } }));
    expect(t.channels.map((c) => [c.channel, c.words.map((w) => w.text)])).toEqual([
      [0, ['Wait,', 'stop.']],
      [1, ['So?']],
    ]);
    expect(t.channels[0]!.words[1]).toEqual({ text: 'stop.', startMs: 5500, endMs: 5800, confidence: 0.95 });
  });

  it('speaker labels on items: one entry per speaker in order of appearance', () => {
    const t = awsTranscribeAdapter.read(fixture('aws-transcribe-speakers.json'));
    expect(t.requestId).toBe('nwb-call-20260314-1522-mono');
    expect(t.channels.map((c) => [c.channel, c.speaker, c.words.length])).toEqual([
      [null, 'spk_0', 37],
      [null, 'spk_1', 18],
    ]);
    expect(t.channels[1]!.text).toBe(CALLER_TEXT);
    expect(t.notes[0]).toBe('speaker labels: spk_0, spk_1');
  });

  it('older files with speaker labels only in speaker_labels.segments get the same result', () => {
    const json = fixtureJson('aws-transcribe-speakers.json');
    for (const it of itemsOf(json)) delete it.speaker_label;
    const legacy = awsTranscribeAdapter.read(fileOf('legacy.json', json));
    expect(legacy.channels).toEqual(awsTranscribeAdapter.read(fixture('aws-transcribe-speakers.json')).channels);
  });

  it('no labels at all: one mixed entry with the job transcript', () => {
    const json = fixtureJson('aws-transcribe-speakers.json');
    for (const it of itemsOf(json)) delete it.speaker_label;
    setAt(json, ['results', 'speaker_labels'], undefined);
    const t = awsTranscribeAdapter.read(fileOf('mono.json', json));
    expect(t.channels.map((c) => [c.channel, c.speaker, c.words.length])).toEqual([[null, null, 55]]);
    expect(t.channels[0]!.text.startsWith('Thanks for calling Northwind Bank. How can I help you today? Hi,')).toBe(true);
    expect(t.notes[0]).toBe('no channel or speaker labels: one entry with every word (both sides, if the audio held both)');
  });

  it('bad values name the file and JSON path', () => {
    const e1 = importError(() => awsTranscribeAdapter.read(fixtureWith('aws-transcribe-speakers.json', [['results', 'items', 0, 'alternatives', 0, 'confidence'], 'high'])));
    expect(e1.path).toBe('/calls/aws-transcribe-speakers.json');
    expect([e1.location, e1.problem]).toEqual(['$.results.items[0].alternatives[0].confidence', 'must be a number or a decimal string, found a string ("high")']);

    const e2 = importError(() => awsTranscribeAdapter.read(fixtureWith('aws-transcribe-speakers.json', [['results', 'items', 2, 'type'], 'word'])));
    expect([e2.location, e2.problem]).toEqual(['$.results.items[2].type', 'must be "pronunciation" or "punctuation", found "word"']);

    const e3 = importError(() => awsTranscribeAdapter.read(fixtureWith('aws-transcribe-speakers.json', [['status'], 'IN_PROGRESS'])));
    expect([e3.location, e3.problem]).toEqual(['$.status', 'job status is IN_PROGRESS, not COMPLETED: the file holds no finished transcript']);

    const e4 = importError(() =>
      awsTranscribeAdapter.read(fixtureWith('aws-transcribe-channels.json', [['results', 'channel_labels'], undefined], [['results', 'items', 0, 'channel_label'], 'left'])),
    );
    expect([e4.location, e4.problem]).toEqual(['$.results.items[0].channel_label', 'must be a channel label like "ch_0", found "left"']);

    const e5 = importError(() => awsTranscribeAdapter.read(fixtureWith('aws-transcribe-speakers.json', [['results', 'items', 0, 'start_time'], undefined])));
    expect([e5.location, e5.problem]).toEqual(['$.results.items[0].start_time', 'missing (expected a number)']);
  });
});

describe('AWS Transcribe Call Analytics output', () => {
  it('one entry per participant role, times already in ms, duration from the conversation characteristics', () => {
    const t = awsTranscribeAdapter.read(fixture('aws-call-analytics.json'));
    expect(t.requestId).toBe('nwb-call-20260314-1522-analytics');
    expect(t.durationMs).toBe(22500);
    expect(t.channels.map((c) => [c.channel, c.speaker, c.words.length])).toEqual([
      [null, 'AGENT', 37],
      [null, 'CUSTOMER', 18],
    ]);
    const customer = t.channels[1]!;
    expect(customer.words[0]).toEqual({ text: 'Hi,', startMs: 3800, endMs: 4020, confidence: 0.99 });
    expect(customer.words[17]).toEqual({ text: 'Bye.', startMs: 19700, endMs: 20100, confidence: 0.85 });
    expect(customer.text).toBe(CALLER_TEXT);
    expect(t.notes).toEqual(['Call Analytics: participant roles AGENT, CUSTOMER (times in ms)']);
  });

  it('uses ChannelDefinitions when the file carries them; segments without Items are text only', () => {
    const t = awsTranscribeAdapter.read(
      fixtureWith(
        'aws-call-analytics.json',
        [['ChannelDefinitions'], [{ ChannelId: 0, ParticipantRole: 'CUSTOMER' }, { ChannelId: 1, ParticipantRole: 'AGENT' }]],
        [['Transcript', 6, 'Items'], undefined],
      ),
    );
    expect(t.channels.map((c) => [c.channel, c.speaker, c.words.length])).toEqual([
      [1, 'AGENT', 34],
      [0, 'CUSTOMER', 18],
    ]);
    expect(t.channels[0]!.text.endsWith("You're welcome. Goodbye!")).toBe(true);
    expect(t.notes).toContain('1 transcript segments have no word items (text only)');
  });

  it('bad values name the file and JSON path', () => {
    const e1 = importError(() => awsTranscribeAdapter.read(fixtureWith('aws-call-analytics.json', [['Transcript', 1, 'Items', 0, 'BeginOffsetMillis'], '3800'])));
    expect([e1.location, e1.problem]).toEqual(['$.Transcript[1].Items[0].BeginOffsetMillis', 'must be a number, found a string ("3800")']);
    const e2 = importError(() => awsTranscribeAdapter.read(fixtureWith('aws-call-analytics.json', [['Transcript', 3, 'ParticipantRole'], undefined])));
    expect([e2.location, e2.problem]).toEqual(['$.Transcript[3].ParticipantRole', 'missing (expected a string)']);
  });
});
