/**
 * Speech the caller's channel "has" only because the agent's voice leaks into it is not the caller
 * speaking. Given a detected leak (delay, level), a frame of the target channel is echo when its speech-band
 * level is no more than `marginDb` above the source's level at that delay plus the leak's level. Those
 * frames are cut out of the target's segments, so leaked agent audio neither looks like a barge-in nor
 * moves the caller's measured speech times.
 */
import { ENVELOPE_FRAME_MS } from './channel-analyzer';
import type { Span } from './spans';

export function removeEcho(
  segments: readonly Span[],
  target: Int16Array,
  source: Int16Array,
  leak: { delayMs: number; levelDb: number },
  options: { marginDb: number; mergeGapMs: number; minSpeechMs: number; noiseDbfs: number },
): Span[] {
  const F = ENVELOPE_FRAME_MS;
  const shift = Math.round(leak.delayMs / F);
  const isEcho = (i: number): boolean => {
    const s = source[i - shift];
    if (s === undefined) return false;
    return target[i]! / 100 <= s / 100 + leak.levelDb + options.marginDb;
  };
  // Inside a segment the detector bridged short pauses; once echo is cut out, only frames that are really
  // louder than the channel's noise are left as the target's own speech.
  const loud = (i: number): boolean => target[i]! / 100 > options.noiseDbfs + 6;
  const out: Span[] = [];
  for (const seg of segments) {
    const a = Math.floor(seg.startMs / F);
    const b = Math.ceil(seg.endMs / F);
    let echoFrames = 0;
    for (let i = a; i < b; i++) if (isEcho(i)) echoFrames++;
    if (echoFrames === 0) {
      out.push(seg);
      continue;
    }
    const runs: Span[] = [];
    let runStart: number | null = null;
    for (let i = a; i <= b; i++) {
      const speech = i < b && !isEcho(i) && loud(i);
      if (speech && runStart === null) runStart = i;
      if (!speech && runStart !== null) {
        runs.push({ startMs: runStart === a ? seg.startMs : runStart * F, endMs: i === b ? seg.endMs : i * F });
        runStart = null;
      }
    }
    const merged: Span[] = [];
    for (const r of runs) {
      const last = merged[merged.length - 1];
      if (last && r.startMs - last.endMs < options.mergeGapMs) last.endMs = r.endMs;
      else merged.push({ ...r });
    }
    out.push(...merged.filter((r) => r.endMs - r.startMs >= options.minSpeechMs));
  }
  return out;
}
