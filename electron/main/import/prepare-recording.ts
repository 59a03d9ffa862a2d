import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import type { NormalizedCall } from '../../../shared/model/normalized';
import { analyzeRecordingInWorker } from '../audio/analyze-in-worker';
import { loadAudioThresholds, type AudioThresholds } from '../audio/audio-thresholds';
import { analyzeCallAudio } from '../audio/call-audio';
import type { SignalOptions } from '../audio/analyze-recording';
import type { RecordingToStore } from '../db/queries/calls-write';
import { resourcesDir } from '../paths';
import { ImportError } from './import-error';

export function signalOptions(th: AudioThresholds): SignalOptions {
  return { clipMinRun: th.clipping.minRunSamples, maxClipEvents: 2000, echoMaxLagMs: th.echo.maxDelayMs, echoSourceMinDbfs: th.echo.sourceMinDbfs };
}

/**
 * Analyses the recording once on a worker thread (hash, format facts, peaks, speech activity, quality, echo),
 * checks it against what the trace says about it, and measures the call's turns against the audio.
 */
export async function prepareRecording(tracePath: string, call: NormalizedCall, audioPath: string, thresholds?: AudioThresholds): Promise<RecordingToStore> {
  const th = thresholds ?? loadAudioThresholds(resourcesDir());
  let byteSizeHint = 0;
  try {
    byteSizeHint = statSync(audioPath).size;
  } catch {
    // The analysis reports a missing file with the path.
  }
  // Decoding runs on a worker; awaiting it keeps the host's thread (Electron main, the browser host) responsive.
  const audio = await analyzeRecordingInWorker({ path: audioPath, signal: signalOptions(th), vad: th.vad, byteSizeHint });
  const ref = call.recordingRef;
  if (ref?.sha256 && ref.sha256 !== audio.sha256) {
    throw new ImportError(tracePath, `recording ${audioPath} does not match the sha256 the call file names`, '$.recording.sha256');
  }
  for (const [role, ch] of [['caller', ref?.callerChannel], ['agent', ref?.agentChannel]] as const) {
    if (ch !== null && ch !== undefined && ch >= audio.channels) {
      throw new ImportError(
        tracePath,
        `${role} channel ${ch} does not exist: the recording has ${audio.channels} channel(s)`,
        `$.recording.channels.${role}`,
      );
    }
  }
  if (!audio.decode.complete) {
    call.notes.push({ level: 'warning', message: `recording ${audioPath} decoded only in part: ${audio.decode.problems.join('; ')}` });
  }
  const findings = analyzeCallAudio(audio, call.turns, { caller: ref?.callerChannel ?? null, agent: ref?.agentChannel ?? null }, th);
  if (findings.roles.source === 'detected') {
    call.notes.push({
      level: 'info',
      message: `channel roles detected from speech timing: caller ${findings.roles.caller}, agent ${findings.roles.agent} (confidence ${findings.roles.confidence.toFixed(2)})`,
    });
  }
  return {
    id: randomUUID(),
    path: audioPath,
    sha256: audio.sha256,
    codec: audio.codec,
    sampleRate: audio.sampleRate,
    channels: audio.channels,
    bitsPerSample: audio.bitsPerSample,
    durationMs: audio.durationMs,
    byteSize: audio.byteSize,
    callerChannel: findings.roles.caller,
    agentChannel: findings.roles.agent,
    peaks: audio.peaks,
    audio: {
      analyzerVersion: audio.analyzerVersion,
      container: audio.container,
      recording: audio,
      call: findings,
      thresholds: { id: th.id, version: th.version },
    },
  };
}
