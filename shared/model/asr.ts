import type { Word } from './call';

/**
 * Words from a speech recognizer's own output file (Deepgram, Whisper, AWS Transcribe, AssemblyAI),
 * attached to a call's caller turns to supply word times and confidences the trace lacks.
 * Times are milliseconds from the start of the audio the engine was given.
 */
export interface AsrTranscript {
  engine: 'deepgram' | 'whisper' | 'aws-transcribe' | 'assemblyai';
  /** The engine's request / job id, when it has one (pairs the file with a call). */
  requestId: string | null;
  /** One entry per channel (multichannel) or per speaker label, or a single entry for mono. */
  channels: AsrChannel[];
  durationMs: number | null;
  notes: string[];
}

export interface AsrChannel {
  /** Channel index in the recording when known (0-based), else null. */
  channel: number | null;
  /** Speaker label from diarization, when that is how the engine separated speech. */
  speaker: string | null;
  words: Word[];
  text: string;
}
