import type { ChannelRoles } from './call';

export type AudioCodec =
  | 'pcm_s8' | 'pcm_u8' | 'pcm_s16le' | 'pcm_s24le' | 'pcm_s32le' | 'pcm_f32le' | 'pcm_f64le' | 'pcm_mulaw' | 'pcm_alaw'
  | 'mp3' | 'opus' | 'vorbis' | 'flac';

/** Facts about one recording, measured at import from the file itself. */
export interface RecordingInfo {
  id: string;
  callId: string;
  /** Absolute path of the audio file on this machine. */
  path: string;
  sha256: string;
  codec: AudioCodec;
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  durationMs: number;
  byteSize: number;
  roles: ChannelRoles;
  /** Peak resolutions stored for this recording, finest first (samples per min/max pair). */
  peakLevels: number[];
  /** Per-channel quality from the audio analysis; null when the recording was not analysed. */
  quality?: ChannelQualityInfo[] | null;
  audio?: RecordingAudioInfo | null;
}

/**
 * Min/max envelope of one channel at one resolution. `data` interleaves min,max per bucket, scaled to -1..1.
 * Kept as a plain number array so it crosses IPC and HTTP as JSON without a codec.
 */
export interface ChannelPeaks {
  channel: number;
  samplesPerPeak: number;
  data: number[];
}

export interface PeaksResponse {
  recordingId: string;
  sampleRate: number;
  durationMs: number;
  channels: ChannelPeaks[];
}

/** Quality of one channel, measured from the audio at import (audio forensics). */
export interface ChannelQualityInfo {
  channel: number;
  role: 'caller' | 'agent' | null;
  /** Speech level over the noise floor in the speech band, dB; null when the channel has no speech. */
  snrDb: number | null;
  /** Share of samples in clipping runs (0..1). */
  clippingRatio: number;
  rmsDbfs: number;
  /** Share of the recording during which this channel has speech (0..1). */
  speechRatio: number;
  /** Audio of another channel leaking into this one (echo / TTS bleed): delay and level relative to the source. */
  echo: { delayMs: number; levelDb: number; fromChannel: number | null } | null;
  clipEventCount: number;
  dcOffset: number;
  noiseDbfs: number;
  peakDbfs: number;
}

/** A stretch of a recording whose audio was lost (a damaged page or frame): silence in the decode, in place. */
export interface AudioGap {
  startMs: number;
  durationMs: number;
}

/** How the recording was analysed: decode completeness and where the channel roles came from. */
export interface RecordingAudioInfo {
  decodeComplete: boolean;
  decodeProblems: string[];
  /** Where audio was lost inside the recording, and silence stands in for it. */
  decodeGaps: AudioGap[];
  rolesSource: 'trace' | 'detected' | 'user' | 'none';
  rolesConfidence: number | null;
  analyzerVersion: number;
  thresholds: { id: string; version: number };
}

/** When each side actually spoke in a turn, measured from the recording (null where not measurable, e.g. mono). */
export interface MeasuredTurnSpeech {
  callerSpeechStartMs: number | null;
  callerSpeechEndMs: number | null;
  agentSpeechStartMs: number | null;
  agentSpeechEndMs: number | null;
  /** Agent speech start minus caller speech end; negative when the agent started first. */
  responseGapMs: number | null;
}
