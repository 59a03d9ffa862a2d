import type { AsrChannel, AsrTranscript } from '../../../../shared/model/asr';
import type { Word } from '../../../../shared/model/call';
import type { AsrAdapter } from './asr-adapter';
import { countBackwards, detectJson, isObject, isStr, joinWords, JsonAt, optConfidence, optSecondsToMs, secondsToMs } from './asr-json';

/**
 * Deepgram pre-recorded (`/v1/listen`) responses: `results.channels[i].alternatives[0].words[]`, times in
 * seconds. One channel per audio channel with `multichannel=true` (0 = left); `speaker` on words with
 * `diarize=true`; `results.utterances` with `utterances=true` (the same words regrouped, so only a fallback).
 */
export const deepgramAdapter: AsrAdapter = {
  id: 'deepgram',
  label: 'Deepgram pre-recorded response',
  detect: (file) => detectJson(file, deepgramScore, ['"model_info"', '"transaction_key"']),
  read: (file) => readDeepgram(file.path, file.json()),
};

export function deepgramScore(json: unknown): number {
  if (!isObject(json) || !isObject(json.results)) return 0;
  const channels = json.results.channels;
  if (!Array.isArray(channels) || channels.length === 0) return 0;
  const first: unknown = channels[0];
  if (!isObject(first) || !Array.isArray(first.alternatives)) return 0;
  if (isObject(json.metadata)) return isStr(json.metadata.request_id) ? 1 : 0.9;
  return 0.8;
}

interface SpokenWord {
  word: Word;
  speaker: number | null;
}

export function readDeepgram(path: string, json: unknown): AsrTranscript {
  const root = new JsonAt(path, json);
  root.object();
  const notes: string[] = [];
  const md = root.key('metadata');
  const requestId = md.missing ? null : md.key('request_id').optString();
  const durationMs = md.missing ? null : optSecondsToMs(md.key('duration'));
  const models = md.missing ? [] : modelNames(md);
  const results = root.key('results');
  const channelsAt = results.key('channels');
  const channelNodes = channelsAt.items();
  if (channelNodes.length === 0) channelsAt.fail('has no channels');

  let multiAlternatives = false;
  const perChannel = channelNodes.map((ch) => {
    const alternatives = ch.key('alternatives').items();
    if (alternatives.length > 1) multiAlternatives = true;
    const alt = alternatives[0];
    if (!alt) return { words: [] as SpokenWord[], transcript: '' };
    const words = (alt.key('words').optItems() ?? []).map(readWord);
    return { words, transcript: alt.key('transcript').optString() ?? joinWords(words.map((w) => w.word)) };
  });

  const utterances = results.key('utterances').optItems();
  if (utterances) {
    if (perChannel.every((c) => c.words.length === 0) && utterances.length > 0) {
      fillFromUtterances(perChannel, utterances);
      notes.push(`words taken from ${utterances.length} utterances (the channels carry none)`);
    } else {
      notes.push(`${utterances.length} utterances present; word times taken from the channel words they regroup`);
    }
  }

  const multichannel = perChannel.length > 1;
  const diarized = perChannel.some((c) => c.words.some((w) => w.speaker !== null));
  let channels: AsrChannel[];
  if (multichannel) {
    channels = perChannel.map((c, i) => ({ channel: i, speaker: null, words: c.words.map((w) => w.word), text: c.transcript }));
    notes.unshift(`multichannel: ${perChannel.length} channels (0 = left)`);
    if (diarized) notes.push('speaker labels within channels not used: the channels already separate the sides');
  } else if (diarized) {
    channels = splitBySpeaker(perChannel[0]?.words ?? []);
    notes.unshift(`single channel, diarized: speakers ${channels.map((c) => c.speaker ?? 'unlabelled').join(', ')}`);
  } else {
    const only = perChannel[0] ?? { words: [], transcript: '' };
    channels = [{ channel: null, speaker: null, words: only.words.map((w) => w.word), text: only.transcript }];
    notes.unshift('single channel, no speaker labels: one entry with every word (both sides, if the audio held both)');
  }
  if (models.length > 0) notes.unshift(`model ${models.join(', ')}`);
  if (multiAlternatives) notes.push('several alternatives per channel: the first (most likely) used');

  const words = channels.flatMap((c) => c.words);
  if (words.length > 0 && words.every((w) => w.confidence === null)) notes.push('no word confidences in the file');
  const backwards = countBackwards(words);
  if (backwards > 0) notes.push(`${backwards} words end before they start (kept as written)`);
  const intents = results.key('intents');
  if (!intents.missing && !intents.key('segments').missing) {
    notes.push(`${intents.key('segments').items().length} intent segments present but not imported (only word times and confidences are attached)`);
  }
  return { engine: 'deepgram', requestId, channels, durationMs, notes };
}

function readWord(at: JsonAt): SpokenWord {
  const punctuated = at.key('punctuated_word').optString();
  const speaker = at.key('speaker').optNumber();
  return {
    word: {
      text: (punctuated ?? at.key('word').string()).trim(),
      startMs: secondsToMs(at.key('start')),
      endMs: secondsToMs(at.key('end')),
      confidence: optConfidence(at.key('confidence')),
    },
    speaker,
  };
}

/** Utterance words regrouped by channel, for responses trimmed down to `results.utterances`. */
function fillFromUtterances(perChannel: { words: SpokenWord[]; transcript: string }[], utterances: JsonAt[]): void {
  for (const u of utterances) {
    const chAt = u.key('channel');
    const ch = chAt.optNumber() ?? 0;
    const target = (Number.isInteger(ch) ? perChannel[ch] : undefined) ?? chAt.fail(`channel ${ch} is not one of the ${perChannel.length} result channels`);
    const words = u.key('words').items().map(readWord);
    target.words.push(...words);
  }
  for (const c of perChannel) {
    c.words.sort((a, b) => (a.word.startMs ?? 0) - (b.word.startMs ?? 0));
    c.transcript = joinWords(c.words.map((w) => w.word));
  }
}

function splitBySpeaker(words: SpokenWord[]): AsrChannel[] {
  const groups = new Map<number | null, Word[]>();
  for (const w of words) {
    const list = groups.get(w.speaker);
    if (list) list.push(w.word);
    else groups.set(w.speaker, [w.word]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a ?? Infinity) - (b ?? Infinity))
    .map(([speaker, ws]) => ({ channel: null, speaker: speaker === null ? null : String(speaker), words: ws, text: joinWords(ws) }));
}

/** "nova-2 (2-general-nova 2024-01-09.29447)" from `metadata.model_info`, read leniently: it is informational. */
function modelNames(md: JsonAt): string[] {
  const info = md.key('model_info').value;
  if (!isObject(info)) return [];
  return Object.values(info)
    .filter(isObject)
    .map((m) => {
      const detail = [m.name, m.version].filter(isStr).join(' ');
      return isStr(m.arch) ? (detail ? `${m.arch} (${detail})` : m.arch) : detail;
    })
    .filter((s) => s.length > 0);
}
