import type { AsrTranscript } from '../../../../shared/model/asr';
import type { Word } from '../../../../shared/model/call';
import type { AsrAdapter } from './asr-adapter';
import { countBackwards, detectJson, isNum, isNumOrNumStr, isObject, isStr, JsonAt, optConfidence, optSecondsToMs, secondsToMs } from './asr-json';

/**
 * Whisper output in its three common shapes, times in seconds:
 * - OpenAI `verbose_json` (whisper-1): top-level `words[{word, start, end}]` with no confidence, `segments`,
 *   `duration` (a string in old typings);
 * - local openai-whisper JSON (`--word_timestamps True`): `segments[].words[{word, start, end, probability}]`;
 * - faster-whisper segments dumped as dicts, either a bare array or under `segments` (with `info`).
 * Whisper never separates channels or speakers, so there is always one entry.
 */
export const whisperAdapter: AsrAdapter = {
  id: 'whisper',
  label: 'Whisper JSON (OpenAI verbose_json, local whisper, faster-whisper)',
  detect: (file) =>
    detectJson(file, whisperScore, ['"avg_logprob"', '"no_speech_prob"', '"compression_ratio"', '"task": "transcribe"', '"task":"transcribe"']),
  read: (file) => readWhisper(file.path, file.json()),
};

/** Whisper's own decoding thresholds (openai/whisper `transcribe.py` defaults), reused to flag segments. */
const LOGPROB_THRESHOLD = -1;
const COMPRESSION_RATIO_THRESHOLD = 2.4;
const NO_SPEECH_THRESHOLD = 0.6;

const SEGMENT_KEYS = ['avg_logprob', 'no_speech_prob', 'compression_ratio', 'seek', 'tokens'];

const looksLikeSegment = (s: unknown): boolean =>
  isObject(s) && isNum(s.start) && isNum(s.end) && isStr(s.text) && SEGMENT_KEYS.some((k) => k in s);

const looksLikeWord = (w: unknown): boolean => isObject(w) && isStr(w.word) && isNum(w.start) && isNum(w.end);

export function whisperScore(json: unknown): number {
  if (Array.isArray(json)) return json.length > 0 && json.slice(0, 3).every(looksLikeSegment) ? 0.85 : 0;
  if (!isObject(json)) return 0;
  const { segments, words } = json;
  if (Array.isArray(segments) && segments.length > 0 && looksLikeSegment(segments[0])) return 0.95;
  if (isStr(json.text) && Array.isArray(words) && words.length > 0 && looksLikeWord(words[0])) {
    return isStr(json.language) || isNumOrNumStr(json.duration) ? 0.9 : 0.7;
  }
  // A verbose_json of silence: nothing recognized, but still unmistakably the shape.
  if (isStr(json.text) && isStr(json.language) && isNumOrNumStr(json.duration) && Array.isArray(segments)) return 0.6;
  return 0;
}

interface Segment {
  id: number | null;
  startMs: number;
  endMs: number;
  text: string;
  avgLogprob: number | null;
  compressionRatio: number | null;
  noSpeechProb: number | null;
  words: Word[];
}

export function readWhisper(path: string, json: unknown): AsrTranscript {
  const root = new JsonAt(path, json);
  let segmentNodes: JsonAt[];
  let topWordNodes: JsonAt[] | null = null;
  let text: string | null = null;
  let durationMs: number | null = null;
  let language: string | null = null;
  let apiShaped = false;
  if (Array.isArray(json)) {
    segmentNodes = root.items();
  } else {
    root.object();
    segmentNodes = root.key('segments').optItems() ?? [];
    topWordNodes = root.key('words').optItems();
    text = root.key('text').optString();
    durationMs = optSecondsToMs(root.key('duration'), 'number-or-string');
    language = root.key('language').optString();
    const info = root.key('info');
    if (!info.missing) {
      durationMs ??= optSecondsToMs(info.key('duration'), 'number-or-string');
      language ??= info.key('language').optString();
    }
    apiShaped = topWordNodes !== null || !root.key('duration').missing || !root.key('usage').missing;
  }
  const segments = segmentNodes.map(readSegment);
  const words = topWordNodes && topWordNodes.length > 0 ? topWordNodes.map(readWord) : segments.flatMap((s) => s.words);
  const kept = words.filter((w) => w.text.length > 0);
  const withConfidence = kept.some((w) => w.confidence !== null);

  const notes: string[] = [];
  const variant = Array.isArray(json)
    ? 'faster-whisper segment list'
    : withConfidence
      ? 'local whisper / faster-whisper JSON (word probability as confidence)'
      : apiShaped
        ? 'OpenAI verbose_json'
        : 'local whisper JSON';
  notes.push(language ? `${variant}, language ${language}` : variant);
  if (kept.length === 0) {
    notes.push('no word times: the file has segments only (request timestamp_granularities[]=word, or word_timestamps=True locally)');
  } else if (!withConfidence) {
    notes.push('no word confidences: the OpenAI transcription API returns none (segment avg_logprob is only a rough proxy)');
  }
  notes.push(...segmentQualityNotes(segments));
  const backwards = countBackwards(kept);
  if (backwards > 0) notes.push(`${backwards} words end before they start (kept as written)`);

  const transcript = (text ?? segments.map((s) => s.text.trim()).join(' ')).trim();
  return { engine: 'whisper', requestId: null, channels: [{ channel: null, speaker: null, words: kept, text: transcript }], durationMs, notes };
}

function readSegment(at: JsonAt): Segment {
  return {
    id: at.key('id').optNumber(),
    startMs: secondsToMs(at.key('start')),
    endMs: secondsToMs(at.key('end')),
    text: at.key('text').string(),
    avgLogprob: at.key('avg_logprob').optNumber(),
    compressionRatio: at.key('compression_ratio').optNumber(),
    noSpeechProb: at.key('no_speech_prob').optNumber(),
    words: (at.key('words').optItems() ?? []).map(readWord),
  };
}

function readWord(at: JsonAt): Word {
  return {
    // Local whisper keeps the leading space of each token ("␠balance,"); the API does not.
    text: at.key('word').string().trim(),
    startMs: secondsToMs(at.key('start')),
    endMs: secondsToMs(at.key('end')),
    confidence: optConfidence(at.key('probability')),
  };
}

function segmentQualityNotes(segments: Segment[]): string[] {
  const failed = segments.filter(
    (s) => (s.avgLogprob !== null && s.avgLogprob < LOGPROB_THRESHOLD) || (s.compressionRatio !== null && s.compressionRatio > COMPRESSION_RATIO_THRESHOLD),
  );
  const silent = failed.filter((s) => s.noSpeechProb !== null && s.noSpeechProb > NO_SPEECH_THRESHOLD && s.avgLogprob !== null && s.avgLogprob < LOGPROB_THRESHOLD);
  const doubtful = failed.filter((s) => !silent.includes(s));
  const notes: string[] = [];
  if (doubtful.length > 0) {
    notes.push(`${listSegments(doubtful)}: below Whisper's own quality thresholds (avg_logprob < -1 or compression_ratio > 2.4), text may be wrong`);
  }
  if (silent.length > 0) {
    notes.push(`${listSegments(silent)}: probably silence or noise (no_speech_prob > 0.6 with avg_logprob < -1), words may be invented`);
  }
  return notes;
}

function listSegments(segs: Segment[]): string {
  const shown = segs.slice(0, 5).map((s) => `${s.id ?? '?'} (${(s.startMs / 1000).toFixed(2)}–${(s.endMs / 1000).toFixed(2)} s)`);
  const more = segs.length > 5 ? ` and ${segs.length - 5} more` : '';
  return `${segs.length === 1 ? 'segment' : 'segments'} ${shown.join(', ')}${more}`;
}
