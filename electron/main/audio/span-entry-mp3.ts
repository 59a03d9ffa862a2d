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
import { infoTagAt, mpegFrameAt } from './mpeg-frame';
import type { SpanEntry, SpanPlanner } from './span-entry';
import type { ReadAt } from './wav-header';

/** Frames decoded before an entry's audio is trusted (measured: wrong for up to ~4 after a cold start). */
const SETTLE_FRAMES = 10;
/** mpg123's decoder delay, which its gapless mode trims along with the encoder's. */
const DECODER_DELAY = 529;
const BLOCK = 1 << 20;

export function mp3Planner(audioStart: number, fileSize: number, readAt: ReadAt): SpanPlanner | null {
  // Byte offset of every audio frame (the Info frame, which carries no audio, excluded).
  const offsets: number[] = [];
  let first: ReturnType<typeof mpegFrameAt> = null;
  let trim = 0;
  let padding = 0;
  let taggedFrames: number | null = null;
  let block = readAt(audioStart, BLOCK);
  let base = audioStart;
  let pos = audioStart;
  while (pos < fileSize) {
    if (pos + 4 > base + block.length) {
      if (pos + 4 > fileSize) break;
      block = readAt(pos, BLOCK);
      base = pos;
    }
    const f = mpegFrameAt(block, pos - base);
    // A trailing tag (ID3v1, APE) or junk ends the audio; a frame of another kind makes the file unsplittable.
    if (!f) break;
    if (!first) {
      first = f;
      const head = pos + f.length <= base + block.length ? block : readAt(pos, f.length);
      const tag = infoTagAt(head, head === block ? pos - base : 0, f);
      if (tag) {
        // Only the cases whose trimming was measured against mpg123: a LAME tag with its delay and padding
        // (padding at least the decoder's delay, as LAME and libavcodec write), or no tag at all.
        if (tag.delay === null || tag.padding === null || tag.padding < DECODER_DELAY) return null;
        trim = tag.delay + DECODER_DELAY;
        padding = tag.padding;
        taggedFrames = tag.frames;
        pos += f.length;
        continue;
      }
    } else if (f.sampleRate !== first.sampleRate || f.channels !== first.channels || f.layer !== first.layer) return null;
    if (pos + f.length > fileSize) break;
    offsets.push(pos);
    pos += f.length;
  }
  if (!first || offsets.length < 2 * SETTLE_FRAMES) return null;
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

/** Whether what follows the last frame is nothing, or only tags (ID3v1 "TAG", APEv2, Lyrics3). */
function trailerOnly(rest: Uint8Array): boolean {
  if (rest.length === 0) return true;
  const head = String.fromCharCode(...rest.subarray(0, 8));
  return head.startsWith('TAG') || head.startsWith('APETAGEX') || head.startsWith('LYRICSBEGIN'.slice(0, 8));
}
