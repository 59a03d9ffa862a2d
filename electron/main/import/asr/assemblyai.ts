import type { AsrChannel, AsrTranscript } from '../../../../shared/model/asr';
import type { Word } from '../../../../shared/model/call';
import type { AsrAdapter } from './asr-adapter';
import { countBackwards, describeValue, detectJson, isNum, isObject, isStr, joinWords, JsonAt, millis, optConfidence, optSecondsToMs } from './asr-json';

/**
 * AssemblyAI transcripts (`GET /v2/transcript/{id}`): `words[{text, start, end, confidence, speaker,
 * channel?}]` with times in **milliseconds**; `speaker` "A", "B"… with `speaker_labels`; `channel` "1"
 * (left), "2"… with `multichannel`; `utterances` regroup the same words; `audio_duration` in seconds.
 */
export const assemblyAiAdapter: AsrAdapter = {
  id: 'assemblyai',
  label: 'AssemblyAI transcript',
  detect: (file) => detectJson(file, assemblyAiScore, ['"acoustic_model"', '"speech_model"', '"audio_duration"']),
  read: (file) => readAssemblyAi(file.path, file.json()),
};

const TRANSCRIPT_KEYS = ['audio_duration', 'audio_url', 'speech_model', 'speech_models', 'speech_model_used', 'acoustic_model', 'language_model', 'audio_channels'];

export function assemblyAiScore(json: unknown): number {
  if (!isObject(json) || !isStr(json.id) || !isStr(json.status)) return 0;
  if (!Array.isArray(json.words) && !Array.isArray(json.utterances) && !isStr(json.text)) return 0;
  if (TRANSCRIPT_KEYS.some((k) => k in json)) return 1;
  const w: unknown = Array.isArray(json.words) ? json.words[0] : undefined;
  return isObject(w) && isStr(w.text) && isNum(w.start) && isNum(w.end) && isNum(w.confidence) ? 0.7 : 0;
}

interface LabelledWord {
  word: Word;
  speaker: string | null;
  channel: number | null;
}

export function readAssemblyAi(path: string, json: unknown): AsrTranscript {
  const root = new JsonAt(path, json);
  root.object();
  const statusAt = root.key('status');
  const status = statusAt.optString();
  if (status === 'error') statusAt.fail(`transcription failed: ${root.key('error').optString() ?? 'no reason given'}`);
  if (status !== null && status !== 'completed') statusAt.fail(`transcript status is ${status}, not completed: the file holds no finished transcript`);
  const notes: string[] = [];
  const wordNodes = root.key('words').optItems();
  const utterances = root.key('utterances').optItems();
  let words: LabelledWord[];
  if (wordNodes && wordNodes.length > 0) {
    words = wordNodes.map(readWord);
  } else if (utterances && utterances.length > 0) {
    words = utterances.flatMap((u) => u.key('words').items().map(readWord));
    notes.push(`words taken from ${utterances.length} utterances (the top-level word list is empty)`);
  } else {
    words = [];
  }

  const byChannel = words.some((w) => w.channel !== null);
  const bySpeaker = !byChannel && words.some((w) => w.speaker !== null);
  const groups = new Map<string, { channel: number | null; speaker: string | null; words: Word[] }>();
  for (const w of words) {
    const key = byChannel ? `ch:${w.channel ?? ''}` : bySpeaker ? `spk:${w.speaker ?? ''}` : 'mono';
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { channel: byChannel ? w.channel : null, speaker: bySpeaker ? w.speaker : null, words: [] }));
    g.words.push(w.word);
  }
  const ordered = [...groups.values()].sort((a, b) => (a.channel ?? Infinity) - (b.channel ?? Infinity));
  const channels: AsrChannel[] = ordered.map((g) => ({ channel: g.channel, speaker: g.speaker, words: g.words, text: joinWords(g.words) }));
  if (byChannel) {
    notes.unshift(`multichannel: ${ordered.map((g) => `channel "${(g.channel ?? -2) + 1}" → ${g.channel ?? '?'}`).join(', ')} (0 = left)`);
  } else if (bySpeaker) {
    notes.unshift(`speaker labels: ${ordered.map((g) => g.speaker ?? 'unlabelled').join(', ')}`);
  } else {
    notes.unshift('no channel or speaker labels: one entry with every word (both sides, if the audio held both)');
    const text = root.key('text').optString();
    if (channels[0] && text !== null) channels[0].text = text;
  }
  if (channels.length === 0) channels.push({ channel: null, speaker: null, words: [], text: root.key('text').optString() ?? '' });
  const unlabelled = byChannel ? words.filter((w) => w.channel === null).length : bySpeaker ? words.filter((w) => w.speaker === null).length : 0;
  if (unlabelled > 0) notes.push(`${unlabelled} words carry no ${byChannel ? 'channel' : 'speaker'} (kept apart, unlabelled)`);
  const backwards = countBackwards(channels.flatMap((c) => c.words));
  if (backwards > 0) notes.push(`${backwards} words end before they start (kept as written)`);
  return {
    engine: 'assemblyai',
    requestId: root.key('id').optString(),
    channels,
    durationMs: optSecondsToMs(root.key('audio_duration')),
    notes,
  };
}

function readWord(at: JsonAt): LabelledWord {
  return {
    word: {
      text: at.key('text').string().trim(),
      startMs: millis(at.key('start')),
      endMs: millis(at.key('end')),
      confidence: optConfidence(at.key('confidence')),
    },
    speaker: at.key('speaker').optString(),
    channel: channelIndex(at.key('channel')),
  };
}

/** AssemblyAI numbers channels from "1" (left); ours are 0-based like the recording's. */
function channelIndex(at: JsonAt): number | null {
  if (at.missing) return null;
  const v = at.value;
  const n = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : typeof v === 'number' && Number.isInteger(v) ? v : NaN;
  if (!(n >= 1)) at.fail(`must be a channel number from "1", found ${describeValue(v)}`);
  return n - 1;
}
