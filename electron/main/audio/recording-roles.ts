import type { Db } from '../db/open';
import { reanalyzeRecordingAudio, swapRecordingRoles } from '../db/queries/audio-write';
import { getCallDetail, getRecording } from '../db/queries/calls-read';
import { resourcesDir } from '../paths';
import { loadAudioThresholds } from './audio-thresholds';

export class RolesError extends Error {
  override name = 'RolesError';
}

/**
 * Exchanges which channel is the caller and which the agent on a call's recording (when the format did
 * not say and detection got it wrong), then re-measures every turn and re-derives the audio flags from the
 * stored per-channel analysis, without decoding the recording again.
 */
export function swapCallRoles(db: Db, callId: string): { caller: number | null; agent: number | null } {
  const call = getCallDetail(db, callId);
  if (!call) throw new RolesError(`no call with id "${callId}"`);
  const rec = call.recordings[0];
  if (!rec) throw new RolesError(`call "${callId}" has no recording`);
  if (rec.channels < 2) throw new RolesError(`the recording of "${callId}" is mono: caller and agent share its one channel`);
  const result = swapRecordingRoles(db, rec.id, call.turns, loadAudioThresholds(resourcesDir()));
  if (!result) throw new RolesError(`the recording of "${callId}" has no stored audio analysis; re-import it`);
  const after = getRecording(db, rec.id)!;
  return after.roles;
}

/** Re-derives the audio findings of a call (after thresholds changed) from the stored analysis. */
export function reanalyzeCallAudio(db: Db, callId: string): boolean {
  const call = getCallDetail(db, callId);
  const rec = call?.recordings[0];
  if (!call || !rec) return false;
  return reanalyzeRecordingAudio(db, rec.id, call.turns, loadAudioThresholds(resourcesDir())) !== null;
}
