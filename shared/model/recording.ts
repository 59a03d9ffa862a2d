import type { ChannelRoles } from './call';

export type AudioCodec = 'pcm_s8' | 'pcm_u8' | 'pcm_s16le' | 'pcm_s24le' | 'pcm_s32le' | 'pcm_f32le' | 'pcm_f64le' | 'pcm_mulaw' | 'pcm_alaw';

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
