/**
 * What is kept of a recording after the streaming pass: per channel its level, DC, clipping, noise,
 * speech segments and two 10 ms envelopes (full band, speech band), plus echo estimates between the first
 * two channels. Small enough to store (a few MB for two hours) and everything later steps need, so turn
 * measurements can be recomputed (roles swapped, thresholds changed) without decoding the audio again.
 */
import type { RecordingFacts, SignalFeatures } from './analyze-recording';
import { ENVELOPE_FRAME_MS, FEATURE_FRAME_MS } from './channel-analyzer';
import { estimateEcho, type EchoEstimate } from './echo-estimate';
import { detectSpeech, DEFAULT_VAD, type SpeechSegment, type VadOptions } from './speech-activity';

/**
 * Bumped when the analysis changes so stored results can be told apart (and re-run). 4: audio lost inside a
 * damaged Ogg or FLAC recording is silence in its place (the rest keeps its time), and kept as gaps.
 */
export const AUDIO_ANALYZER_VERSION = 4;

export interface ChannelAudio {
  channel: number;
  rmsDbfs: number;
  peakDbfs: number;
  dcOffset: number;
  clippingRatio: number;
  clipEventCount: number;
  /** The first clip events, merged when a few ms apart. */
  clipEvents: { startMs: number; endMs: number }[];
  noiseDbfs: number;
  speechDbfs: number | null;
  /** Speech level over noise level in the speech band; null when the channel has no speech. */
  snrDb: number | null;
  speechRatio: number;
  segments: SpeechSegment[];
  /** Per 10 ms, centi-dBFS: full-band level and speech-band (200 Hz–4 kHz) level. */
  levelEnvelope: Int16Array;
  speechEnvelope: Int16Array;
}

export interface RecordingAudio extends RecordingFacts {
  analyzerVersion: number;
  /** Spans of time the pass was split into over threads (1: one pass); how it ran, not what it found. */
  spans: number;
  channelAudio: ChannelAudio[];
  echo: EchoEstimate[];
}

const db = (x: number): number => 10 * Math.log10(x + 1e-12);

/** 10^(v/1000) for every int16 centi-dB v (the power of a 5 ms frame), built on first use. */
let centiDbPower: Float64Array | null = null;
function centiDbPowerTable(): Float64Array {
  if (!centiDbPower) {
    centiDbPower = new Float64Array(65536);
    for (let v = -32768; v < 32768; v++) centiDbPower[v + 32768] = 10 ** (v / 1000);
  }
  return centiDbPower;
}

/** Pairs of 5 ms speech-band frames → 10 ms frames (power mean). */
function toEnvelope(speech: Int16Array): Int16Array {
  const ratio = ENVELOPE_FRAME_MS / FEATURE_FRAME_MS;
  const out = new Int16Array(Math.ceil(speech.length / ratio));
  const power = centiDbPowerTable();
  for (let i = 0; i < out.length; i++) {
    let p = 0;
    let n = 0;
    for (let j = i * ratio; j < Math.min(speech.length, (i + 1) * ratio); j++, n++) p += power[speech[j]! + 32768]!;
    out[i] = Math.round(db(p / n) * 100);
  }
  return out;
}

const sameVad = (a: VadOptions, b: VadOptions): boolean => (Object.keys(b) as (keyof VadOptions)[]).every((k) => a[k] === b[k]) && Object.keys(a).length === Object.keys(b).length;

/**
 * Runs speech detection per channel and keeps the summary. Each channel's sub-band features are dropped from
 * `f` once used, so a long recording's features are not all alive at once.
 */
export function summarizeSignal(f: SignalFeatures, vad: VadOptions = DEFAULT_VAD): RecordingAudio {
  // Speech activity already run during the pass (on two threads) is used when it was run with these options.
  const done = f.speechActivity && sameVad(f.speechActivity.vad, vad) ? f.speechActivity.channels : null;
  if (f.speechActivity && !done) throw new Error('summarizeSignal: speech activity was run during the pass with other options; analyse again');
  const channelAudio = f.channelFeatures.map((c, channel): ChannelAudio => {
    const activity = done?.[channel] ?? detectSpeech(c.bandEnergy, c.speechEnergy, vad);
    c.bandEnergy = [];
    const speechMs = activity.segments.reduce((s, g) => s + (g.endMs - g.startMs), 0);
    const noise = Math.max(activity.noiseDbfs, -100);
    return {
      channel,
      rmsDbfs: db(c.sumSquares / Math.max(1, c.frames)),
      peakDbfs: 20 * Math.log10(c.peak + 1e-12),
      dcOffset: c.sum / Math.max(1, c.frames),
      clippingRatio: c.clippedSamples / Math.max(1, c.frames),
      clipEventCount: c.clipEventCount,
      clipEvents: c.clipEvents.map((e) => ({ startMs: (e.startSample / c.sampleRate) * 1000, endMs: ((e.startSample + e.samples) / c.sampleRate) * 1000 })),
      noiseDbfs: noise,
      speechDbfs: activity.speechDbfs,
      snrDb: activity.speechDbfs === null ? null : activity.speechDbfs - noise,
      speechRatio: f.durationMs > 0 ? Math.min(1, speechMs / f.durationMs) : 0,
      segments: activity.segments,
      levelEnvelope: c.levelEnvelope,
      speechEnvelope: toEnvelope(c.speechEnergy),
    };
  });
  return {
    analyzerVersion: AUDIO_ANALYZER_VERSION,
    spans: f.spans ?? 1,
    path: f.path,
    container: f.container,
    codec: f.codec,
    sampleRate: f.sampleRate,
    channels: f.channels,
    bitsPerSample: f.bitsPerSample,
    frames: f.frames,
    durationMs: f.durationMs,
    sha256: f.sha256,
    byteSize: f.byteSize,
    decode: f.decode,
    peaks: f.peaks,
    channelAudio,
    echo: f.echo ? estimateEcho(f.echo) : [],
  };
}
