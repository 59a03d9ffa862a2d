import type { SourceFile } from '../formats/trace-adapter';
import { bestDetection } from '../best-detection';
import type { AsrAdapter } from './asr-adapter';
import { assemblyAiAdapter } from './assemblyai';
import { awsTranscribeAdapter } from './aws-transcribe';
import { deepgramAdapter } from './deepgram';
import { whisperAdapter } from './whisper';

/** Every ASR engine output Turnscope reads. Order breaks ties between equal detection scores. */
export const ASR_ADAPTERS: readonly AsrAdapter[] = [deepgramAdapter, whisperAdapter, awsTranscribeAdapter, assemblyAiAdapter];

export function asrAdapterById(id: string): AsrAdapter | undefined {
  return ASR_ADAPTERS.find((a) => a.id === id);
}

/** The engine whose output this file's content matches best, or null when none does. */
export function detectAsrFormat(file: SourceFile): { adapter: AsrAdapter; score: number } | null {
  return bestDetection(ASR_ADAPTERS, file);
}
