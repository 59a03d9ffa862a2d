import type { AsrChannel, AsrTranscript } from '../../../../shared/model/asr';
import type { Word } from '../../../../shared/model/call';
import type { AsrAdapter } from './asr-adapter';
import { countBackwards, detectJson, isNum, isObject, isStr, joinWords, JsonAt, millis, optConfidence, secondsToMs } from './asr-json';

/**
 * AWS Transcribe output, two unrelated shapes:
 * - batch transcription: `results.items[]` with times and confidences as decimal strings in seconds,
 *   punctuation as separate untimed items, `channel_label` "ch_0"/"ch_1" (channel identification) or
 *   `speaker_label` "spk_0"… (speaker labels; older files carry them only in `speaker_labels.segments`);
 * - Call Analytics: `Transcript[]` turns per `ParticipantRole` (AGENT / CUSTOMER) with `Items[]` in ms.
 */
export const awsTranscribeAdapter: AsrAdapter = {
  id: 'aws-transcribe',
  label: 'AWS Transcribe output (batch or Call Analytics)',
  detect: (file) => detectJson(file, awsTranscribeScore, ['"jobName"', '"ParticipantRole"']),
  read: (file) => readAwsTranscribe(file.path, file.json()),
};

export function awsTranscribeScore(json: unknown): number {
  if (!isObject(json)) return 0;
  const r = json.results;
  if (isObject(r) && (Array.isArray(r.transcripts) || Array.isArray(r.items))) {
    if (isStr(json.jobName)) return 1;
    const t: unknown = Array.isArray(r.transcripts) ? r.transcripts[0] : undefined;
    return isObject(t) && isStr(t.transcript) ? 0.85 : 0.6;
  }
  const t = json.Transcript;
  if (Array.isArray(t) && t.length > 0) {
    const s: unknown = t[0];
    if (isObject(s) && isStr(s.ParticipantRole) && isNum(s.BeginOffsetMillis)) {
      return isStr(json.JobName) || isObject(json.ConversationCharacteristics) ? 1 : 0.9;
    }
  }
  return 0;
}

export function readAwsTranscribe(path: string, json: unknown): AsrTranscript {
  const root = new JsonAt(path, json);
  const obj = root.object();
  if ('Transcript' in obj && !('results' in obj)) return readCallAnalytics(root);
  return readBatch(root);
}

interface Item {
  punctuation: boolean;
  content: string;
  startMs: number | null;
  endMs: number | null;
  confidence: number | null;
  channelLabel: string | null;
  speakerLabel: string | null;
}

interface Group {
  channel: number | null;
  speaker: string | null;
  words: Word[];
}

function readBatch(root: JsonAt): AsrTranscript {
  const notes: string[] = [];
  const requestId = root.key('jobName').optString();
  checkStatus(root.key('status'), 'COMPLETED');
  const results = root.key('results');
  results.object();
  const channelSequences = channelLabelSequences(results.key('channel_labels'));
  const sequences = channelSequences ?? [(results.key('items').optItems() ?? []).map(readItem)];
  const all = sequences.flat();
  const byChannel = all.some((it) => it.channelLabel !== null);
  if (!byChannel && all.some((it) => !it.punctuation && it.speakerLabel === null)) {
    labelSpeakersFromSegments(results.key('speaker_labels'), all);
  }
  const bySpeaker = !byChannel && all.some((it) => it.speakerLabel !== null);

  const groups = new Map<string, Group>();
  let unlabelled = 0;
  const keyOf = (it: Item): string => (byChannel ? `ch:${it.channelLabel ?? ''}` : bySpeaker ? `spk:${it.speakerLabel ?? ''}` : 'mono');
  for (const seq of sequences) {
    // Punctuation follows its word; in a time-sorted two-channel list the previous item may be the other
    // channel's, so a labelled mark goes to the last word of its own label.
    const lastOf = new Map<string, Word>();
    let last: Word | null = null;
    let pending = '';
    for (const it of seq) {
      if (it.punctuation) {
        const labelled = (byChannel && it.channelLabel !== null) || (bySpeaker && it.speakerLabel !== null);
        const target = labelled ? lastOf.get(keyOf(it)) : last;
        if (target) target.text += it.content;
        else pending += it.content;
        continue;
      }
      const key = keyOf(it);
      let g = groups.get(key);
      if (!g) {
        g = { channel: byChannel ? channelIndex(it.channelLabel) : null, speaker: bySpeaker ? it.speakerLabel : null, words: [] };
        groups.set(key, g);
      }
      if ((byChannel && it.channelLabel === null) || (bySpeaker && it.speakerLabel === null)) unlabelled++;
      const w: Word = { text: pending + it.content, startMs: it.startMs, endMs: it.endMs, confidence: it.confidence };
      pending = '';
      g.words.push(w);
      lastOf.set(key, w);
      last = w;
    }
  }

  const ordered = [...groups.values()].sort((a, b) => (a.channel ?? Infinity) - (b.channel ?? Infinity));
  const channels: AsrChannel[] = ordered.map((g) => ({ channel: g.channel, speaker: g.speaker, words: g.words, text: joinWords(g.words) }));
  if (byChannel) {
    notes.push(`channel identification: ${ordered.map((g) => `ch_${g.channel ?? '?'} → channel ${g.channel ?? '?'}`).join(', ')}`);
  } else if (bySpeaker) {
    notes.push(`speaker labels: ${ordered.map((g) => g.speaker ?? 'unlabelled').join(', ')}`);
  } else {
    const full = results.key('transcripts').optItems()?.[0]?.key('transcript').optString();
    if (channels[0] && full) channels[0].text = full;
    notes.push('no channel or speaker labels: one entry with every word (both sides, if the audio held both)');
  }
  if (channels.length === 0) channels.push({ channel: null, speaker: null, words: [], text: '' });
  if (unlabelled > 0) notes.push(`${unlabelled} words carry no ${byChannel ? 'channel' : 'speaker'} label (kept apart, unlabelled)`);
  if (all.some((it) => it.punctuation)) notes.push('punctuation items (untimed) appended to the preceding word');
  const backwards = countBackwards(channels.flatMap((c) => c.words));
  if (backwards > 0) notes.push(`${backwards} words end before they start (kept as written)`);
  return { engine: 'aws-transcribe', requestId, channels, durationMs: null, notes };
}

/** Per-channel item lists from `channel_labels.channels[]`, when they hold full items (with alternatives). */
function channelLabelSequences(at: JsonAt): Item[][] | null {
  if (at.missing) return null;
  const channels = at.key('channels').items();
  const full = channels.some((ch) => ch.key('items').optItems()?.some((it) => !it.key('alternatives').missing));
  if (!full) return null;
  return channels.map((ch) => {
    const label = ch.key('channel_label').string();
    return (ch.key('items').optItems() ?? []).map((node) => {
      const it = readItem(node);
      return { ...it, channelLabel: it.channelLabel ?? label };
    });
  });
}

function readItem(at: JsonAt): Item {
  const typeAt = at.key('type');
  const type = typeAt.string();
  if (type !== 'pronunciation' && type !== 'punctuation') typeAt.fail(`must be "pronunciation" or "punctuation", found ${JSON.stringify(type)}`);
  const alternatives = at.key('alternatives').items();
  const alt = alternatives[0] ?? at.key('alternatives').fail('is empty');
  const punctuation = type === 'punctuation';
  const channelLabel = at.key('channel_label').optString();
  if (channelLabel !== null) channelIndexOrFail(at.key('channel_label'));
  const time = (k: string): number | null => {
    const t = at.key(k);
    return punctuation && t.missing ? null : secondsToMs(t, 'number-or-string');
  };
  return {
    punctuation,
    content: alt.key('content').string(),
    startMs: time('start_time'),
    endMs: time('end_time'),
    // Punctuation confidence is always "0.0": meaningless, so not carried.
    confidence: punctuation ? null : optConfidence(alt.key('confidence'), 'number-or-string'),
    channelLabel,
    speakerLabel: at.key('speaker_label').optString(),
  };
}

/**
 * Older speaker-label files keep labels only in `speaker_labels.segments[].items[]` (start_time, end_time,
 * speaker_label): match words by start time, else by the segment their start falls in.
 */
function labelSpeakersFromSegments(at: JsonAt, items: Item[]): void {
  if (at.missing) return;
  const segments = at.key('segments').items().map((s) => ({
    startMs: secondsToMs(s.key('start_time'), 'number-or-string'),
    endMs: secondsToMs(s.key('end_time'), 'number-or-string'),
    speaker: s.key('speaker_label').string(),
    itemStarts: (s.key('items').optItems() ?? [])
      .filter((i) => !i.key('start_time').missing)
      .map((i) => ({ startMs: secondsToMs(i.key('start_time'), 'number-or-string'), speaker: i.key('speaker_label').optString() })),
  }));
  const byStart = new Map<number, string>();
  for (const s of segments) for (const i of s.itemStarts) byStart.set(i.startMs, i.speaker ?? s.speaker);
  for (const it of items) {
    if (it.punctuation || it.speakerLabel !== null || it.startMs === null) continue;
    const start = it.startMs;
    it.speakerLabel = byStart.get(start) ?? segments.find((s) => s.startMs <= start && start < s.endMs)?.speaker ?? null;
  }
}

function channelIndex(label: string | null): number | null {
  const m = label === null ? null : /^ch_(\d+)$/.exec(label);
  return m ? Number(m[1]) : null;
}

function channelIndexOrFail(at: JsonAt): number {
  const n = channelIndex(at.string());
  if (n === null) at.fail(`must be a channel label like "ch_0", found ${JSON.stringify(at.value)}`);
  return n;
}

function checkStatus(at: JsonAt, done: string): void {
  const status = at.optString();
  if (status !== null && status !== done) at.fail(`job status is ${status}, not ${done}: the file holds no finished transcript`);
}

function readCallAnalytics(root: JsonAt): AsrTranscript {
  const notes: string[] = [];
  const requestId = root.key('JobName').optString();
  checkStatus(root.key('JobStatus'), 'COMPLETED');
  const cc = root.key('ConversationCharacteristics');
  const durationMs = cc.missing || cc.key('TotalConversationDurationMillis').missing ? null : millis(cc.key('TotalConversationDurationMillis'));
  const channelOfRole = new Map<string, number>();
  for (const def of root.key('ChannelDefinitions').optItems() ?? []) {
    channelOfRole.set(def.key('ParticipantRole').string(), def.key('ChannelId').number());
  }

  const groups = new Map<string, { words: Word[]; texts: string[] }>();
  let textOnly = 0;
  for (const seg of root.key('Transcript').items()) {
    const role = seg.key('ParticipantRole').string();
    let g = groups.get(role);
    if (!g) groups.set(role, (g = { words: [], texts: [] }));
    g.texts.push(seg.key('Content').string().trim());
    const items = seg.key('Items').optItems();
    if (!items) {
      textOnly++;
      continue;
    }
    let last: Word | null = null;
    let pending = '';
    for (const it of items) {
      const type = it.key('Type').string();
      const content = it.key('Content').string();
      if (type === 'punctuation') {
        if (last) last.text += content;
        else pending += content;
        continue;
      }
      if (type !== 'pronunciation') it.key('Type').fail(`must be "pronunciation" or "punctuation", found ${JSON.stringify(type)}`);
      last = {
        text: pending + content,
        startMs: millis(it.key('BeginOffsetMillis')),
        endMs: millis(it.key('EndOffsetMillis')),
        confidence: optConfidence(it.key('Confidence')),
      };
      pending = '';
      g.words.push(last);
    }
  }

  const channels: AsrChannel[] = [...groups.entries()].map(([role, g]) => ({
    channel: channelOfRole.get(role) ?? null,
    speaker: role,
    words: g.words,
    text: g.texts.filter((t) => t.length > 0).join(' '),
  }));
  notes.push(`Call Analytics: participant roles ${[...groups.keys()].join(', ')} (times in ms)`);
  if (textOnly > 0) notes.push(`${textOnly} transcript segments have no word items (text only)`);
  const backwards = countBackwards(channels.flatMap((c) => c.words));
  if (backwards > 0) notes.push(`${backwards} words end before they start (kept as written)`);
  return { engine: 'aws-transcribe', requestId, channels, durationMs, notes };
}
