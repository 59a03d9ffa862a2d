import { randomUUID } from 'node:crypto';
import type { NormalizedCall } from '../../../shared/model/normalized';
import { readRecording } from '../audio/read-recording';
import type { RecordingToStore } from '../db/queries/calls-write';
import { ImportError } from './import-error';

/** Reads the recording once (hash, format facts, peaks) and checks it against what the trace says about it. */
export function prepareRecording(tracePath: string, call: NormalizedCall, audioPath: string): RecordingToStore {
  const audio = readRecording(audioPath);
  const ref = call.recordingRef;
  if (ref?.sha256 && ref.sha256 !== audio.sha256) {
    throw new ImportError(tracePath, `recording ${audioPath} does not match the sha256 the call file names`, '$.recording.sha256');
  }
  for (const [role, ch] of [['caller', ref?.callerChannel], ['agent', ref?.agentChannel]] as const) {
    if (ch !== null && ch !== undefined && ch >= audio.format.channels) {
      throw new ImportError(
        tracePath,
        `${role} channel ${ch} does not exist: the recording has ${audio.format.channels} channel(s)`,
        `$.recording.channels.${role}`,
      );
    }
  }
  return {
    id: randomUUID(),
    path: audioPath,
    sha256: audio.sha256,
    codec: audio.format.codec,
    sampleRate: audio.format.sampleRate,
    channels: audio.format.channels,
    bitsPerSample: audio.format.bitsPerSample,
    durationMs: audio.format.durationMs,
    byteSize: audio.byteSize,
    callerChannel: ref?.callerChannel ?? null,
    agentChannel: ref?.agentChannel ?? null,
    peaks: audio.peaks,
  };
}
