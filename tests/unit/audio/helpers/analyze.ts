import { fileURLToPath } from 'node:url';
import { analyzeSignal } from '../../../../electron/main/audio/analyze-recording';
import { loadAudioThresholds, type AudioThresholds } from '../../../../electron/main/audio/audio-thresholds';
import { summarizeSignal, type RecordingAudio } from '../../../../electron/main/audio/recording-audio';
import { signalOptions } from '../../../../electron/main/import/prepare-recording';

export const RESOURCES = fileURLToPath(new URL('../../../../resources/', import.meta.url));

export const thresholds = (): AudioThresholds => loadAudioThresholds(RESOURCES);

/** The per-recording analysis on this thread, with the shipped thresholds. */
export async function analyzeFile(path: string): Promise<RecordingAudio> {
  const th = thresholds();
  return summarizeSignal(await analyzeSignal(path, signalOptions(th)), th.vad);
}
