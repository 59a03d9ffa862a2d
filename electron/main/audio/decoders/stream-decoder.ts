import type { AudioCodec, AudioGap } from '../../../../shared/model/recording';

/** Decoded samples, one float (-1..1) array per channel. Valid only until the decoder's next call. */
export interface DecodedAudio {
  channelData: readonly Float32Array[];
  frames: number;
  sampleRate: number;
}

export interface DecodeEnd {
  tail: DecodedAudio[];
  /** Why the decode is partial (empty when the whole stream decoded cleanly). */
  problems: string[];
  /** Frames the container says it holds, when it says (FLAC STREAMINFO, Ogg granule position). */
  declaredFrames: number | null;
  /** Frames known lost inside the stream (unreadable frames stepped over), which a shortfall may be due to. */
  lostFrames: number;
  /** Stretches lost inside the stream whose place the decode filled with silence. */
  gaps: AudioGap[];
}

/**
 * One codec behind one streaming shape: the reader pushes the file's bytes in order (only those between
 * `start` and `end`, at most `maxInput` at a time so the decoded output stays small) and gets back
 * whatever audio those bytes completed.
 */
export interface StreamDecoder {
  readonly codec: AudioCodec;
  /** Sample size for PCM and FLAC; 0 for lossy codecs, which have none. */
  readonly bitsPerSample: number;
  readonly start: number;
  readonly end: number;
  readonly maxInput: number;
  /** Frames the stream holds as its container tells before decoding (WAV, FLAC, Ogg), a hint; null when unknown. */
  readonly expectedFrames: number | null;
  /** Frames the decoder has reported as corrupt so far (skipped or concealed). */
  readonly errorCount: number;
  push(bytes: Uint8Array): Promise<DecodedAudio[]>;
  finish(): Promise<DecodeEnd>;
  free(): void;
}
