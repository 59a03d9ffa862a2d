/**
 * Entry points into an Ogg Opus or Ogg Vorbis stream for the span analysis (span-entry.ts): a page that
 * starts with a whole packet, found by walking pages (capture pattern, CRC, same logical stream), and the
 * frame of the first sample a fresh decoder makes of it, from the granule positions:
 * - Opus: the granule of the page before. The one-pass output is granule − pre-skip, and a fresh decoder
 *   drops pre-skip samples at its own start, so the two cancel. The decoder needs a few seconds to settle
 *   (its prediction state), so the entry is taken that much earlier and those samples serve as warm-up.
 * - Vorbis: the granule of the page before, plus the samples of the entry page's first packet (a fresh
 *   decoder uses that packet only to prime its overlap), which depend on the two packets' block sizes:
 *   codec-parser reads those from the setup header.
 * Chained streams (another logical stream in the file) are not split.
 */
import CodecParser from 'codec-parser';
import { pageAt, u32, type OggPage } from './ogg-pages';
import type { SpanEntry, SpanPlanner } from './span-entry';
import type { ReadAt } from './wav-header';

/** Consecutive pages from the first whole page at or after file offset `from`, up to `bytes` further. */
function pagesFrom(readAt: ReadAt, from: number, bytes: number): OggPage[] {
  const b = readAt(from, bytes);
  const pages: OggPage[] = [];
  let i = 0;
  while (i < b.length && pages.length === 0) {
    const p = pageAt(b, i, from);
    if (p) pages.push(p);
    else i++;
  }
  if (pages.length === 0) return pages;
  i = pages[0]!.at - from + pages[0]!.size;
  for (let p = pageAt(b, i, from); p; p = pageAt(b, i, from)) {
    pages.push(p);
    i += p.size;
  }
  return pages;
}

const SCAN = 1 << 18;

/** codec-parser's results (typed as a bare iterator). */
function drain<T>(it: Iterator<T>): T[] {
  const out: T[] = [];
  for (let r = it.next(); !r.done; r = it.next()) out.push(r.value);
  return out;
}

export function oggPlanner(codec: 'opus' | 'vorbis', audioStart: number, fileSize: number, readAt: ReadAt): SpanPlanner | null {
  const head = pagesFrom(readAt, audioStart, 1 << 16);
  const first = head[0];
  if (!first || first.at !== audioStart) return null;
  const id = readAt(first.at + 27 + readAt(first.at + 26, 1)[0]!, 64);
  let channels: number;
  let sampleRate: number;
  let preSkip = 0;
  if (codec === 'opus') {
    channels = id[9]!;
    preSkip = id[10]! | (id[11]! << 8);
    sampleRate = 48_000;
  } else {
    channels = id[11]!;
    sampleRate = u32(id, 12);
  }
  // Header packets (Opus: head + tags; Vorbis: identification, comment, setup); audio starts on a new page.
  const headerPackets = codec === 'opus' ? 2 : 3;
  let packets = 0;
  let k = 0;
  while (k < head.length && packets < headerPackets) packets += head[k++]!.packetsEnded;
  const audioPage = head[k];
  if (packets < headerPackets || !audioPage) return null;
  const headers: [number, number][] = [[audioStart, audioPage.at]];
  const last = pagesFrom(readAt, Math.max(audioPage.at, fileSize - SCAN), SCAN).pop();
  if (!last || last.granule === null || last.serial !== first.serial || last.at + last.size !== fileSize) return null;
  const frames = last.granule - preSkip;
  // Opus settles within ~3 s of a fresh start (measured); Vorbis and the rest are exact at once.
  const settle = codec === 'opus' ? 4 * sampleRate : 0;
  const audioBytes = fileSize - audioPage.at;

  /** The fresh decoder's first frame for entry page `p` after page `prev`. */
  const firstFrame = (prev: OggPage, p: OggPage): number | null => {
    if (codec === 'opus') return prev.granule;
    // Samples of the entry page's first packet, as codec-parser works them out from the block sizes.
    const parser = new CodecParser('audio/ogg', { enableFrameCRC32: false });
    const parsed = [
      ...drain(parser.parseChunk(readAt(audioStart, audioPage.at - audioStart))),
      ...drain(parser.parseChunk(readAt(prev.at, p.at + p.size - prev.at))),
      ...drain(parser.flush()),
    ] as unknown as { pageSequenceNumber: number; codecFrames: { samples: number }[] }[];
    const samples = parsed.find((x) => x.pageSequenceNumber === p.sequence)?.codecFrames[0]?.samples;
    return samples === undefined || prev.granule === null ? null : prev.granule + samples;
  };

  return {
    codec,
    bitsPerSample: 0,
    sampleRate,
    channels,
    frames,
    entryBefore(frame): SpanEntry | null {
      const target = frame - settle;
      if (target <= 0) return { headers: [], byteFrom: audioStart, firstFrame: 0 };
      const guess = audioPage.at + Math.floor((target / frames) * audioBytes);
      for (let back = SCAN; back <= 1 << 28; back *= 4) {
        const from = Math.max(audioPage.at, guess - back);
        const pages = pagesFrom(readAt, from, back + SCAN);
        // The last whole-packet page whose predecessor's granule leaves room for the entry packet's samples
        // (a Vorbis packet is at most 8192 of them); its first frame is then worked out exactly.
        let best: [OggPage, OggPage] | null = null;
        const room = codec === 'vorbis' ? 8192 : 0;
        for (let i = 1; i < pages.length; i++) {
          const prev = pages[i - 1]!;
          const p = pages[i]!;
          if (p.serial !== first.serial || prev.serial !== first.serial) return null;
          if (prev.granule === null || p.continued || prev.continued) continue;
          if (prev.granule > target - room) break;
          best = [prev, p];
        }
        if (best) {
          const at = firstFrame(best[0], best[1]);
          return at !== null && at <= target ? { headers, byteFrom: best[1].at, firstFrame: at } : null;
        }
        if (from === audioPage.at) break;
      }
      return null;
    },
  };
}
