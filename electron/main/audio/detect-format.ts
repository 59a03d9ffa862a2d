/**
 * Which decoder a recording needs, decided from its first bytes (never from its file name: exports often
 * carry the wrong extension, e.g. LiveKit's Opus `audio.ogg` or a WAV named `.mp3`).
 */
import type { ReadAt } from './wav-header';

export type AudioContainer = 'wav' | 'mp3' | 'ogg-opus' | 'ogg-vorbis' | 'flac';

export type Detection = { container: AudioContainer; audioStart: number } | { container: null; seen: string };

const ascii = (b: Uint8Array, from: number, to: number): string => String.fromCharCode(...b.subarray(from, to));

/** Size of an ID3v2 tag at the start (header, syncsafe size, optional footer), 0 when there is none. */
function id3Size(head: Uint8Array): number {
  if (head.length < 10 || ascii(head, 0, 3) !== 'ID3') return 0;
  const size = ((head[6]! & 0x7f) << 21) | ((head[7]! & 0x7f) << 14) | ((head[8]! & 0x7f) << 7) | (head[9]! & 0x7f);
  const footer = (head[5]! & 0x10) !== 0 ? 10 : 0;
  return 10 + size + footer;
}

/** An MPEG audio frame header: 11 sync bits, a real layer, a bitrate and sample-rate index that exist. */
export function isMpegFrameHeader(b: Uint8Array, at: number): boolean {
  if (at + 4 > b.length) return false;
  const b1 = b[at + 1]!;
  const b2 = b[at + 2]!;
  return (
    b[at] === 0xff &&
    (b1 & 0xe0) === 0xe0 &&
    ((b1 >> 3) & 0x03) !== 0x01 && // reserved MPEG version
    ((b1 >> 1) & 0x03) !== 0x00 && // reserved layer
    b2 >> 4 !== 0x0f && // bad bitrate index
    ((b2 >> 2) & 0x03) !== 0x03 // reserved sample rate
  );
}

export function detectAudioFormat(readAt: ReadAt): Detection {
  const head = readAt(0, 64);
  if (head.length >= 12 && ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WAVE') return { container: 'wav', audioStart: 0 };
  if (head.length >= 4 && ascii(head, 0, 4) === 'fLaC') return { container: 'flac', audioStart: 0 };
  if (head.length >= 4 && ascii(head, 0, 4) === 'OggS') {
    // First page: 27-byte header, then one lacing byte per segment, then the first packet (the codec header).
    const segments = head[26] ?? 0;
    const packet = readAt(27 + segments, 8);
    if (packet.length >= 8 && ascii(packet, 0, 8) === 'OpusHead') return { container: 'ogg-opus', audioStart: 0 };
    if (packet.length >= 7 && packet[0] === 1 && ascii(packet, 1, 7) === 'vorbis') return { container: 'ogg-vorbis', audioStart: 0 };
    return { container: null, seen: `an Ogg stream of a codec Turnscope does not decode (first packet starts ${JSON.stringify(ascii(packet, 0, 8))})` };
  }
  const tag = id3Size(head);
  if (tag > 0) {
    const after = readAt(tag, 4);
    if (after.length >= 4 && ascii(after, 0, 4) === 'fLaC') return { container: 'flac', audioStart: tag };
    if (isMpegFrameHeader(after, 0)) return { container: 'mp3', audioStart: tag };
    return { container: null, seen: 'an ID3 tag followed by no MPEG audio frame' };
  }
  if (isMpegFrameHeader(head, 0)) return { container: 'mp3', audioStart: 0 };
  const hex = Buffer.from(head.subarray(0, 8)).toString('hex');
  return { container: null, seen: head.length === 0 ? 'an empty file' : `first bytes ${hex}` };
}
