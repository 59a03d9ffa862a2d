/**
 * An MP3's frames walked from the first: each header gives the frame's length, so the walk finds every
 * frame's offset, the Xing/Info tag (which carries no audio), and how the audio ends. The span planner takes
 * entry points from it (span-entry-mp3.ts); the decoder takes what it says of the end: mpg123 itself decodes
 * a file cut short without a word.
 */
import { infoTagAt, mpegFrameAt, type InfoTag, type MpegFrame } from './mpeg-frame';
import type { ReadAt } from './wav-header';

const BLOCK = 1 << 20;

export interface Mp3Walk {
  /** The first frame (the tag's, when there is one). */
  first: MpegFrame;
  tag: InfoTag | null;
  /** Byte offset of every audio frame. */
  offsets: number[];
  /** Where the walk stopped: past the last whole frame. */
  end: number;
  /** How it stopped: at the end of the file, at a frame the file ends inside, at bytes that are no frame, or at a frame of another format. */
  stop: 'end' | 'cut-frame' | 'not-a-frame' | 'format-change';
}

/** The walk from the first frame at `audioStart`; null when there is no frame there. */
export function walkMp3(audioStart: number, fileSize: number, readAt: ReadAt): Mp3Walk | null {
  const offsets: number[] = [];
  let first: MpegFrame | null = null;
  let tag: InfoTag | null = null;
  let block = readAt(audioStart, BLOCK);
  let base = audioStart;
  let pos = audioStart;
  let stop: Mp3Walk['stop'] = 'end';
  while (pos < fileSize) {
    if (pos + 4 > base + block.length) {
      if (pos + 4 > fileSize) {
        // Less than a header left: the start of a frame the file was cut inside, or a byte or two of junk.
        stop = readAt(pos, 1)[0] === 0xff ? 'cut-frame' : 'not-a-frame';
        break;
      }
      block = readAt(pos, BLOCK);
      base = pos;
    }
    const f = mpegFrameAt(block, pos - base);
    if (!f) {
      stop = 'not-a-frame';
      break;
    }
    if (!first) {
      first = f;
      const head = pos + f.length <= base + block.length ? block : readAt(pos, f.length);
      tag = infoTagAt(head, head === block ? pos - base : 0, f);
      if (tag) {
        pos += f.length;
        continue;
      }
    } else if (f.sampleRate !== first.sampleRate || f.channels !== first.channels || f.layer !== first.layer) {
      stop = 'format-change';
      break;
    }
    if (pos + f.length > fileSize) {
      stop = 'cut-frame';
      break;
    }
    offsets.push(pos);
    pos += f.length;
  }
  return first ? { first, tag, offsets, end: pos, stop } : null;
}

/** Whether what follows the last frame is nothing, or only tags (ID3v1 "TAG", APEv2, Lyrics3). */
export function trailerOnly(rest: Uint8Array): boolean {
  if (rest.length === 0) return true;
  const head = String.fromCharCode(...rest.subarray(0, 8));
  return head.startsWith('TAG') || head.startsWith('APETAGEX') || head.startsWith('LYRICSBEGIN'.slice(0, 8));
}

/**
 * What the walk says of a file cut short, or null: a last frame the file ends inside, or fewer frames than
 * the Xing/Info tag counts (its count may or may not include the tag's own frame).
 */
export function mp3CutShort(walk: Mp3Walk): string | null {
  if (walk.stop === 'cut-frame') return `the file ends inside MP3 frame ${walk.offsets.length + 1} (the file was cut short)`;
  const counted = walk.tag?.frames ?? null;
  if (walk.stop === 'end' && counted !== null && walk.offsets.length + 1 < counted) {
    return `the file holds ${walk.offsets.length} of the ${counted} MP3 frames its header counts (the file was cut short)`;
  }
  return null;
}
