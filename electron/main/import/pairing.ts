import { basename, dirname, extname, isAbsolute, resolve } from 'node:path';
import type { NormalizedCall } from '../../../shared/model/normalized';

const isUrl = (p: string): boolean => /^[a-z][a-z0-9+.-]*:\/\//i.test(p);

const stemOf = (p: string): string => basename(p).replace(/(\.call)?\.(json|jsonl|ndjson|txt|log)$/i, '').replace(extname(p), '');

/**
 * Finds the local recording of a call, in this order: the path the trace names (relative to the trace);
 * a recording whose file name equals the name in a recording URL the trace names (calls exported from a
 * cloud keep the URL, the analyst downloads the file); a recording named after the call id; a recording
 * with the same name as the trace file, in the same folder.
 */
export function pairRecording(call: NormalizedCall, tracePath: string, recordings: readonly string[]): string | null {
  const ref = call.recordingRef?.path;
  if (ref && !isUrl(ref)) return isAbsolute(ref) ? ref : resolve(dirname(tracePath), ref);
  const byName = (name: string): string | undefined => recordings.find((r) => basename(r) === name);
  if (ref) {
    const fromUrl = byName(decodeURIComponent(basename(new URL(ref).pathname)));
    if (fromUrl) return fromUrl;
  }
  const id = call.externalId;
  const byId = recordings.find((r) => stemOf(r) === id);
  if (byId) return byId;
  const stem = stemOf(tracePath);
  return recordings.find((r) => dirname(r) === dirname(tracePath) && stemOf(r) === stem) ?? null;
}

/** Engine names people put in ASR output file names ("call-17.deepgram.json"), dropped before matching. */
const ASR_SUFFIX = /\.(deepgram|whisper|faster-whisper|aws|transcribe|aws-transcribe|assemblyai|asr|stt|transcript)$/i;

const asrStem = (p: string): string => stemOf(p).replace(ASR_SUFFIX, '');

/**
 * The ASR output files that belong to a call: named after the call id, the trace file or the recording
 * (an engine suffix such as `.deepgram` is ignored).
 */
export function pairAsrFiles(call: NormalizedCall, tracePath: string, recordingPath: string | null, asrPaths: readonly string[]): string[] {
  const names = new Set([call.externalId, stemOf(tracePath).replace(ASR_SUFFIX, '')]);
  if (recordingPath) names.add(stemOf(recordingPath));
  return asrPaths.filter((p) => names.has(asrStem(p)));
}
