/**
 * Entry points into an MP3 for the span analysis (span-entry.ts). MP3 has no timestamps: the frames are
 * walked from the first one (a bounded read of the file; each header gives the frame's length), and a
 * frame's place on the recording's timeline is its index times the samples per frame, less the start the
 * decoder trims. mpg123 plays gaplessly: with a LAME/Info tag it drops the encoder's delay plus its own
 * 529-sample decoder delay at the start and the padding at the end; without a tag it drops nothing.
 *
 * A frame's audio may begin in earlier frames (the bit reservoir, up to 511 bytes back), so a decoder
 * started cold makes a few wrong frames first: the entry is taken SETTLE_FRAMES early and those frames are
 * the warm-up. A decoder that never saw the tag also does not drop the padding at the end: the last span
 * stops at the length the tag gives.
 */
import { trailerOnly, walkMp3 } from './mp3-walk';
import type { SpanEntry, SpanPlanner } from './span-entry';
import type { ReadAt } from './wav-header';

/** Frames decoded before an entry's audio is trusted (measured: wrong for up to ~4 after a cold start). */
const SETTLE_FRAMES = 10;
/** mpg123's decoder delay, which its gapless mode trims along with the encoder's. */
const DECODER_DELAY = 529;

export function mp3Planner(audioStart: number, fileSize: number, readAt: ReadAt): SpanPlanner | null {
  const walk = walkMp3(audioStart, fileSize, readAt);
  // Damage part way (bytes that are no frame, another format) is left to the one-pass analysis, which reports it.
  if (!walk || walk.stop === 'format-change' || walk.stop === 'cut-frame') return null;
  const { first, tag, offsets } = walk;
  let trim = 0;
  let padding = 0;
  let taggedFrames: number | null = null;
  if (tag) {
    // Only the cases whose trimming was measured against mpg123: a LAME tag with its delay and padding
    // (padding at least the decoder's delay, as LAME and libavcodec write), or no tag at all.
    if (tag.delay === null || tag.padding === null || tag.padding < DECODER_DELAY) return null;
    trim = tag.delay + DECODER_DELAY;
    padding = tag.padding;
    taggedFrames = tag.frames;
  }
  const pos = walk.end;
  if (offsets.length < 2 * SETTLE_FRAMES) return null;
  // The walk must reach the end of the file (or a trailing ID3v1 / APE tag): damage part way is left to
  // the one-pass analysis, which reports it. A file cut short no longer holds the frames its tag counts,
  // and the decoder then trims its end differently: also one pass.
  if (!trailerOnly(readAt(pos, Math.min(fileSize - pos, 1 << 16)))) return null;
  if (taggedFrames !== null && taggedFrames !== offsets.length && taggedFrames !== offsets.length + 1) return null;
  const spf = first.samplesPerFrame;
  // With the LAME tag the decoder trims its delay and the encoder's at the start, and the padding plus its
  // own delay back at the end.
  const frames = trim > 0 ? offsets.length * spf - trim - (padding - DECODER_DELAY) : offsets.length * spf;
  return {
    codec: 'mp3',
    bitsPerSample: 0,
    sampleRate: first.sampleRate,
    // As WasmStreamDecoder keeps them: a mono MP3 as one channel.
    channels: first.channels,
    frames,
    entryBefore(frame): SpanEntry | null {
      const k = Math.floor((frame + trim) / spf) - SETTLE_FRAMES;
      if (k <= 0) return { headers: [], byteFrom: audioStart, firstFrame: 0 };
      return { headers: [], byteFrom: offsets[k]!, firstFrame: k * spf - trim };
    },
  };
}
