import { dirname, isAbsolute, join } from 'node:path';
import type { ImportNote } from '../../../../../shared/model/dto';
import type { NormalizedCall } from '../../../../../shared/model/normalized';

export type FileExists = (path: string) => boolean;

/** LiveKit's recorder writes stereo Opus with the caller's input on channel 0 and the agent's output on 1. */
const CALLER_CHANNEL = 0;
const AGENT_CHANNEL = 1;

/**
 * Where the session's `audio.ogg` is now. The report names it by the absolute path on the machine that ran
 * the agent; an analyst usually copies the whole session folder, so the file next to the report is tried
 * first, then the original path. A reference to a file that is not there would fail the whole call at
 * import, so a missing recording gives no reference and a note instead.
 */
export function findRecording(
  reportPath: string,
  recordingPath: string | null,
  exists: FileExists,
  aligned: boolean,
  notes: ImportNote[],
): NormalizedCall['recordingRef'] {
  if (recordingPath === null) {
    notes.push({ level: 'info', message: 'no recording named: the session ran without audio recording' });
    return null;
  }
  const name = recordingPath.split(/[\\/]/).pop() ?? recordingPath;
  const beside = join(dirname(reportPath), name);
  const found = exists(beside) ? name : isAbsolute(recordingPath) && exists(recordingPath) ? recordingPath : null;
  if (found === null) {
    notes.push({ level: 'warning', message: `recording ${name} named by the report is neither next to it nor at ${recordingPath}` });
    return null;
  }
  notes.push({ level: 'info', message: `recording ${name}: stereo, channel ${CALLER_CHANNEL} caller, channel ${AGENT_CHANNEL} agent (LiveKit recorder layout)` });
  if (!aligned) notes.push({ level: 'warning', message: 'no audio_recording_started_at: turn times may be offset from the recording' });
  return { path: found, callerChannel: CALLER_CHANNEL, agentChannel: AGENT_CHANNEL, sha256: null };
}
