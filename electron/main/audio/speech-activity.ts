/**
 * Speech activity of one channel from its per-5 ms sub-band energies (channel-analyzer.ts).
 *
 * Telephone audio is noisy in ways a plain energy gate gets wrong: steady hiss, hum, line noise. So each
 * sub-band keeps its own noise floor (a sliding minimum of its smoothed energy, i.e. minimum statistics,
 * which follows slow changes of the background but not speech), and a frame is speech when some band
 * rises well above its own floor: speech concentrates energy in a few bands, broadband noise spreads
 * it over all of them, so the best band's signal-to-noise ratio separates them far better than the total.
 * Hysteresis (a high threshold to start, a lower one to continue) and a hangover (short pauses do not end
 * a segment) make whole utterances, and each segment's edges are then re-measured on the unsmoothed
 * frames against the band's floor and the segment's own peak, so the times are good to a few milliseconds.
 */
import { FEATURE_FRAME_MS } from './channel-analyzer';
import { log10 } from './fast-log';

export interface SpeechSegment {
  startMs: number;
  endMs: number;
}

export interface VadOptions {
  /** Best-band SNR that starts speech. */
  onsetDb: number;
  /** Best-band SNR that keeps it going. */
  holdDb: number;
  /** Pauses shorter than this stay inside one segment (hangover). */
  mergeGapMs: number;
  /** Shorter bursts are not speech (clicks, pops). */
  minSpeechMs: number;
  /** An edge frame counts while a band is this far above its floor... */
  edgeAboveFloorDb: number;
  /**
   * ...and no more than this far below the segment's loudest frame (whole speech band). 20 dB: quieter edge
   * sounds (breath, a final stop's faint release) sink under a 10 dB-SNR background, so counting them would
   * make the measured edges depend on the noise; at 20 dB they are the same on clean and noisy audio.
   */
  edgeBelowPeakDb: number;
  /** Nothing quieter than this is speech, whatever the floor (digital silence, dither). */
  minLevelDbfs: number;
}

export const DEFAULT_VAD: VadOptions = {
  onsetDb: 10,
  holdDb: 6,
  mergeGapMs: 300,
  minSpeechMs: 60,
  edgeAboveFloorDb: 4,
  edgeBelowPeakDb: 20,
  minLevelDbfs: -70,
};

const DECISION_SMOOTHING = 5; // frames (25 ms), centred
const FLOOR_SMOOTHING = 20; // frames (100 ms)
const FLOOR_WINDOW = 1000; // frames each side (5 s)
const FLOOR_BIAS_DB = 2; // a minimum of noisy estimates sits below their mean
const REFINE_FRAMES = 30; // edges move at most 150 ms from the decision
const EDGE_DIP_FRAMES = 10; // up to 50 ms of quiet inside an edge (stop closures)

/**
 * Speech detection runs on several threads at once up to this length; beyond it, one channel after the
 * other (each needs ~26 bytes per 5 ms frame while it runs: 2 × 19 MB at 80 minutes).
 */
export const CONCURRENT_VAD_MAX_SECONDS = 80 * 60;

export interface ChannelActivity {
  segments: SpeechSegment[];
  /** Per band: the median noise floor over the channel, dB. */
  bandFloorDb: number[];
  /** Speech-band noise floor (median over non-speech frames), dBFS. */
  noiseDbfs: number;
  /** Mean speech-band level over speech frames, dBFS; null with no speech. */
  speechDbfs: number | null;
}

/** Decibels per stored unit of the int16 features (centi-dB). */
export const CENTI_DB = 0.01;

/** 10^(v·k) for every int16 v, for the one k in use (computed lazily, the same expression as per element). */
let powTable: { k: number; table: Float64Array } | null = null;
function powerTable(k: number): Float64Array {
  if (powTable?.k !== k) {
    const table = new Float64Array(65536);
    for (let v = -32768; v < 32768; v++) table[v + 32768] = 10 ** (v * k);
    powTable = { k, table };
  }
  return powTable.table;
}

/** Per-element power of int16 dB-unit values (10^(v·dbPerUnit/10)), by table: no pow() per frame. */
export function toPower(values: Int16Array, dbPerUnit: number, out: Float32Array | Float64Array, n = values.length): void {
  const table = powerTable(dbPerUnit / 10);
  for (let i = 0; i < n; i++) out[i] = table[values[i]! + 32768]!;
}

/** Centred moving average of powers (a running sum), returned in dB. */
export function smoothPowerDb(power: ArrayLike<number>, n: number, width: number, out: Float32Array): Float32Array {
  const half = Math.floor(width / 2);
  let acc = 0;
  let lo = 0;
  let hi = -1;
  for (let i = 0; i < n; i++) {
    const a = Math.max(0, i - half);
    const b = Math.min(n - 1, i + half);
    while (hi < b) acc += power[++hi]!;
    while (lo < a) acc -= power[lo++]!;
    out[i] = 10 * log10(Math.max(acc, 0) / (b - a + 1) + 1e-12);
  }
  return out;
}

/**
 * Centred moving average in the power domain, returned in dB. `scratch` and `out` (length n) may be passed
 * in so a caller smoothing many arrays reuses two buffers instead of allocating per call.
 */
export function smoothDb(values: ArrayLike<number>, width: number, dbPerUnit: number, scratch?: Float32Array, out?: Float32Array): Float32Array {
  const n = values.length;
  const power = scratch ?? new Float32Array(n);
  if (values instanceof Int16Array) toPower(values, dbPerUnit, power, n);
  else {
    const k = dbPerUnit / 10;
    for (let i = 0; i < n; i++) power[i] = 10 ** (values[i]! * k);
  }
  return smoothPowerDb(power, n, width, out ?? new Float32Array(n));
}

/**
 * The minimum over [i − w, i + w] of the 100 ms-smoothed band energy (dB) for every frame i, by a monotonic
 * deque (linear time) kept in a ring of 2w + 2 indices at most, turned straight into the band's floor in
 * centi-dB (bias added, never below `floorMin`).
 */
function slidingMinFloor(x: Float32Array, n: number, w: number, bias: number, floorMin: number, floor: Int16Array): void {
  let size = 1;
  while (size < 2 * w + 2) size <<= 1;
  const mask = size - 1;
  const dq = new Int32Array(size);
  let head = 0;
  let tail = 0;
  let next = 0;
  for (let i = 0; i < n; i++) {
    const hi = Math.min(n - 1, i + w);
    while (next <= hi) {
      while (tail > head && x[dq[(tail - 1) & mask]!]! >= x[next]!) tail--;
      dq[tail++ & mask] = next++;
    }
    while (dq[head & mask]! < i - w) head++;
    floor[i] = Math.round(Math.max(x[dq[head & mask]!]! + bias, floorMin) * 100);
  }
}

/** Every 20th value of a centi-dB array, in dB (a sample of a floor for its median). */
function everyTwentieth(f: Int16Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < f.length; i += 20) out.push(f[i]! / 100);
  return out;
}

function median(values: ArrayLike<number>): number {
  if (values.length === 0) return NaN;
  // A typed array sorts numerically, without a comparator call per comparison.
  const s = Float64Array.from(values).sort();
  return s[Math.floor(s.length / 2)]!;
}

/** Mean of two frames' energies (centi-dB in, dB out). */
const pairDb = (e: Int16Array, i: number, j: number): number => 10 * Math.log10((10 ** (e[i]! / 1000) + 10 ** (e[j]! / 1000)) / 2);

/**
 * Memory: besides its input (int16 per band per 5 ms), this keeps one int16 floor per band, two float
 * arrays per frame, and two float temporaries reused band after band: 26 bytes per 5 ms frame, ~37 MB
 * for a 2-hour channel.
 */
export function detectSpeech(bandEnergy: readonly Int16Array[], speechEnergy: Int16Array, options: VadOptions = DEFAULT_VAD): ChannelActivity {
  const n = Math.min(speechEnergy.length, ...bandEnergy.map((b) => b.length));
  const floorMin = options.minLevelDbfs - options.onsetDb;
  const floors: Int16Array[] = [];
  const best = new Float32Array(n).fill(-Infinity);
  const level = new Float32Array(n).fill(-Infinity);
  const scratch = new Float32Array(n);
  const smoothed = new Float32Array(n);
  for (const e of bandEnergy) {
    // Powers once per band (Float32, as the smoothing always kept them), smoothed twice.
    toPower(e, CENTI_DB, scratch, n);
    const floor = new Int16Array(n);
    slidingMinFloor(smoothPowerDb(scratch, n, FLOOR_SMOOTHING, smoothed), n, FLOOR_WINDOW, FLOOR_BIAS_DB, floorMin, floor);
    floors.push(floor);
    const d = smoothPowerDb(scratch, n, DECISION_SMOOTHING, smoothed);
    for (let i = 0; i < n; i++) {
      best[i] = Math.max(best[i]!, d[i]! - floor[i]! / 100);
      level[i] = Math.max(level[i]!, d[i]!);
    }
  }

  // Frame decisions with hysteresis.
  const speech = new Uint8Array(n);
  let on = false;
  for (let i = 0; i < n; i++) {
    on = level[i]! >= options.minLevelDbfs && best[i]! >= (on ? options.holdDb : options.onsetDb);
    speech[i] = on ? 1 : 0;
  }

  // Runs → segments, bridged over short pauses, short bursts dropped.
  const runs: [number, number][] = [];
  for (let i = 0; i < n; ) {
    if (!speech[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < n && speech[j]) j++;
    runs.push([i, j]);
    i = j;
  }
  const merged: [number, number][] = [];
  const gap = Math.round(options.mergeGapMs / FEATURE_FRAME_MS);
  for (const r of runs) {
    const last = merged[merged.length - 1];
    if (last && r[0] - last[1] < gap) last[1] = r[1];
    else merged.push([r[0], r[1]]);
  }
  const minFrames = Math.round(options.minSpeechMs / FEATURE_FRAME_MS);
  const kept = merged.filter(([a, b]) => b - a >= minFrames);

  // Re-measure each edge on two-frame averages that look away from the speech: an onset frame with the frame
  // before it, an offset frame with the frame after it, so averaging does not pull the edge outwards.
  toPower(speechEnergy, CENTI_DB, scratch, n);
  const speechDb = smoothPowerDb(scratch, n, 2, smoothed);
  const segments: SpeechSegment[] = [];
  let prevEnd = 0;
  kept.forEach(([a, b], k) => {
    const nextStart = kept[k + 1]?.[0] ?? n;
    // The segment's loudest frame over the whole speech band: an edge sound counts while some band of it is
    // within edgeBelowPeakDb of that (and above the band's floor).
    let peak = -Infinity;
    for (let i = a; i < b; i++) peak = Math.max(peak, speechDb[i]!);
    const activeOn = (i: number, j: number): boolean => {
      for (let band = 0; band < bandEnergy.length; band++) {
        const v = pairDb(bandEnergy[band]!, i, j);
        if (v > floors[band]![i]! / 100 + options.edgeAboveFloorDb && v > peak - options.edgeBelowPeakDb && v >= options.minLevelDbfs) return true;
      }
      return false;
    };
    const isOnset = (i: number): boolean => i >= 0 && i < n && activeOn(i, Math.max(0, i - 1));
    const isOffset = (i: number): boolean => i >= 0 && i < n && activeOn(i, Math.min(n - 1, i + 1));
    // Walk outwards over active frames, stepping across short dips (a stop's closure before its release).
    const outward = (from: number, dir: 1 | -1, limit: number): number => {
      const active = dir < 0 ? isOnset : isOffset;
      let edgeAt = from;
      for (let i = from + dir, quiet = 0; dir > 0 ? i <= limit : i >= limit; i += dir) {
        if (active(i)) {
          edgeAt = i;
          quiet = 0;
        } else if (++quiet > EDGE_DIP_FRAMES) break;
      }
      return edgeAt;
    };
    let s = a;
    if (isOnset(s)) s = outward(s, -1, Math.max(prevEnd, a - REFINE_FRAMES));
    else while (s < Math.min(b - 1, a + REFINE_FRAMES) && !isOnset(s)) s++;
    let e = b - 1;
    if (isOffset(e)) e = outward(e, 1, Math.min(nextStart - 1, b - 1 + REFINE_FRAMES));
    else while (e > Math.max(s, b - 1 - REFINE_FRAMES) && !isOffset(e)) e--;
    if (e >= s) segments.push({ startMs: s * FEATURE_FRAME_MS, endMs: (e + 1) * FEATURE_FRAME_MS });
    prevEnd = e + 1;
  });

  // Channel summary: floors and levels in the whole speech band.
  const inSpeech = new Uint8Array(n);
  for (const seg of segments) inSpeech.fill(1, seg.startMs / FEATURE_FRAME_MS, seg.endMs / FEATURE_FRAME_MS);
  const noiseAll = new Float64Array(Math.ceil(n / 4) + segments.length + 1);
  let noiseN = 0;
  let speechPower = 0;
  let speechFrames = 0;
  for (let i = 0; i < n; i += inSpeech[i] ? 1 : 4) {
    if (inSpeech[i]) {
      speechPower += 10 ** (speechDb[i]! / 10);
      speechFrames++;
    } else noiseAll[noiseN++] = speechDb[i]!;
  }
  const noise = noiseAll.subarray(0, noiseN);
  return {
    segments,
    bandFloorDb: floors.map((f) => median(everyTwentieth(f))),
    noiseDbfs: noise.length ? median(noise) : -120,
    speechDbfs: speechFrames ? 10 * Math.log10(speechPower / speechFrames) : null,
  };
}
