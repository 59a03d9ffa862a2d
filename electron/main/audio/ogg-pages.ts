/**
 * Ogg pages and the packets they carry (RFC 3533), read from bytes that arrive in pieces. Used to find
 * entry points for the split analysis (span-entry-ogg.ts) and to feed packets to libopus and libvorbis
 * (decoders/ogg-direct.ts) without codec-parser, whose objects per packet cost a third of the decoding.
 *
 * A page counts only whole and with its CRC-32 matching. Bytes that are not such a page (a damaged stretch)
 * are stepped over to the next one, and said so; a packet that began on a lost page is dropped with it.
 */
import { concatArrays } from './growable';

export interface OggPage {
  /** Offset of the page in what was read (the file, for pageAt's callers). */
  at: number;
  size: number;
  /** The page continues a packet from the page before. */
  continued: boolean;
  /** First page of its logical stream. */
  first: boolean;
  /** Last page of its logical stream. */
  last: boolean;
  /** Null when no packet ends on the page (granule −1). */
  granule: number | null;
  serial: number;
  sequence: number;
  /** Packets that end on this page. */
  packetsEnded: number;
}

const CRC = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let k = 0; k < 8; k++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    t[i] = r >>> 0;
  }
  return t;
})();

export const u32 = (b: Uint8Array, i: number): number => (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;

/** Largest page: header, 255 lacing values, 255 segments of 255 bytes. */
const MAX_PAGE = 27 + 255 + 255 * 255;

/**
 * The page starting at `i` of `b` (`base`: offset of b[0]) if it is whole and its CRC matches; 'short' when
 * b ends before the page it starts would (more bytes may make it one); null when there is no page at i.
 */
export function pageOrShort(b: Uint8Array, i: number, base: number): OggPage | 'short' | null {
  const have = b.length - i;
  for (let k = 0; k < 5 && k < have; k++) if (b[i + k] !== [0x4f, 0x67, 0x67, 0x53, 0][k]) return null;
  if (have < 27) return 'short';
  const segments = b[i + 26]!;
  if (have < 27 + segments) return 'short';
  let body = 0;
  let ended = 0;
  for (let k = 0; k < segments; k++) {
    const lace = b[i + 27 + k]!;
    body += lace;
    if (lace < 255) ended++;
  }
  const size = 27 + segments + body;
  if (have < size) return 'short';
  let crc = 0;
  for (let k = 0; k < size; k++) {
    const v = k >= 22 && k < 26 ? 0 : b[i + k]!;
    crc = ((crc << 8) ^ CRC[((crc >>> 24) ^ v) & 0xff]!) >>> 0;
  }
  if (crc !== u32(b, i + 22)) return null;
  const lo = u32(b, i + 6);
  const hi = u32(b, i + 10);
  const flags = b[i + 5]!;
  return {
    at: base + i,
    size,
    continued: (flags & 1) === 1,
    first: (flags & 2) === 2,
    last: (flags & 4) === 4,
    granule: hi === 0xffffffff && lo === 0xffffffff ? null : hi * 4294967296 + lo,
    serial: u32(b, i + 14),
    sequence: u32(b, i + 18),
    packetsEnded: ended,
  };
}

/** The page starting at `i` of `b` if it is whole there and its CRC matches. */
export function pageAt(b: Uint8Array, i: number, base: number): OggPage | null {
  const p = pageOrShort(b, i, base);
  return p === 'short' ? null : p;
}

/** A page read by OggPacketReader, with the packets that end on it (views valid until the reader's next call). */
export interface PacketPage extends OggPage {
  packets: Uint8Array[];
}

export class OggPacketReader {
  private buf = new Uint8Array(1 << 16);
  private length = 0;
  /** Stream offset of buf[0]. */
  private base = 0;
  /** Per logical stream (serial number), the packet its last page left open, so far. */
  private readonly open = new Map<number, Uint8Array[]>();
  /** Damaged stretches stepped over since the last call: [offset, bytes]. */
  readonly skipped: [number, number][] = [];

  /** Appends `bytes`; returns the pages they complete. */
  push(bytes: Uint8Array): PacketPage[] {
    this.compact();
    if (this.length + bytes.length > this.buf.length) {
      const grown = new Uint8Array(Math.max(2 * this.buf.length, this.length + bytes.length));
      grown.set(this.buf.subarray(0, this.length));
      this.buf = grown;
    }
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
    return this.read(false);
  }

  /** The end of the stream: what is left is reported as skipped if it is not a whole page. */
  finish(): PacketPage[] {
    return this.read(true);
  }

  private consumed = 0;

  private compact(): void {
    if (this.consumed === 0) return;
    this.buf.copyWithin(0, this.consumed, this.length);
    this.length -= this.consumed;
    this.base += this.consumed;
    this.consumed = 0;
  }

  private read(atEnd: boolean): PacketPage[] {
    this.skipped.length = 0;
    const b = this.buf.subarray(0, this.length);
    const pages: PacketPage[] = [];
    let i = this.consumed;
    let skipFrom = -1;
    while (i < b.length) {
      const p = pageOrShort(b, i, this.base);
      if (p === 'short' && !atEnd && b.length - i < MAX_PAGE) break;
      if (p === null || p === 'short') {
        if (skipFrom < 0) skipFrom = i;
        i++;
        continue;
      }
      if (skipFrom >= 0) {
        this.skip(skipFrom, i);
        skipFrom = -1;
      }
      pages.push({ ...p, packets: this.packets(b, i, p) });
      i += p.size;
    }
    if (skipFrom >= 0) {
      if (atEnd) this.skip(skipFrom, i);
      else i = skipFrom;
    }
    this.consumed = i;
    return pages;
  }

  private skip(from: number, to: number): void {
    this.skipped.push([this.base + from, to - from]);
    // A packet cannot continue across a lost stretch.
    this.open.clear();
  }

  /** The packets ending on page `p` (at `i` of `b`), a continued one joined to its start. */
  private packets(b: Uint8Array, i: number, p: OggPage): Uint8Array[] {
    const segments = b[i + 26]!;
    let at = i + 27 + segments;
    const out: Uint8Array[] = [];
    // The packet in progress, in parts: the one left open by the last page if this page continues it;
    // null while dropping the rest of a packet whose start was lost. An open packet this page does not
    // continue is dropped.
    let parts: Uint8Array[] | null = p.continued ? (this.open.get(p.serial) ?? null) : [];
    let from = at;
    for (let k = 0; k < segments; k++) {
      const lace = b[i + 27 + k]!;
      at += lace;
      if (lace === 255) continue;
      const piece = b.subarray(from, at);
      if (parts !== null) out.push(parts.length === 0 ? piece : concatArrays([...parts, piece], (n) => new Uint8Array(n)));
      parts = [];
      from = at;
    }
    // A last lacing value of 255: the packet goes on on the next page (a copy: the buffer moves).
    const continues = segments > 0 && b[i + 26 + segments] === 255;
    if (continues && parts !== null) this.open.set(p.serial, [...parts, b.slice(from, at)]);
    else this.open.delete(p.serial);
    return out;
  }
}
