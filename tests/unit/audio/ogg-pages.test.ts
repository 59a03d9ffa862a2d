/**
 * The Ogg reader (ogg-pages.ts): the packets of real files, whatever pieces the bytes arrive in, the same
 * as codec-parser cuts them; damaged pages and cut files stepped over and reported, with the packet that
 * a lost page began.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import CodecParser from 'codec-parser';
import { describe, expect, it } from 'vitest';
import { OggPacketReader, type PacketPage } from '../../../electron/main/audio/ogg-pages';
import { filled, joinPages, oggPages, oggStream, pageOffsets } from './helpers/ogg-writer';

const CODECS = fileURLToPath(new URL('../../fixtures/audio-forensics/codecs/', import.meta.url));

function readAll(bytes: Uint8Array, piece: number): { pages: { granule: number | null; last: boolean; packets: number[][] }[]; skipped: [number, number][] } {
  const reader = new OggPacketReader();
  const pages: { granule: number | null; last: boolean; packets: number[][] }[] = [];
  const skipped: [number, number][] = [];
  const take = (ps: PacketPage[]): void => {
    // Packets are views valid until the next call: copied here.
    for (const p of ps) pages.push({ granule: p.granule, last: p.last, packets: p.packets.map((x) => Array.from(x)) });
    skipped.push(...reader.skipped);
  };
  for (let at = 0; at < bytes.length; at += piece) take(reader.push(bytes.subarray(at, at + piece)));
  take(reader.finish());
  return { pages, skipped };
}

/** Audio packets as codec-parser cuts them (it leaves the header packets out). */
function codecParserPackets(bytes: Uint8Array, mime: ConstructorParameters<typeof CodecParser>[0]): number[][] {
  const parser = new CodecParser(mime, { enableFrameCRC32: false });
  const pages = [...parser.parseAll(bytes)] as { codecFrames: { data: Uint8Array }[] }[];
  return pages.flatMap((p) => p.codecFrames.map((f) => Array.from(f.data)));
}

describe('the Ogg packet reader', () => {
  for (const [name, headers, mime] of [['span-call-vorbis.ogg', 3, 'audio/ogg'], ['call-vorbis.ogg', 3, 'audio/ogg'], ['span-call.opus', 2, 'application/ogg']] as const) {
    it(`${name}: the same packets as codec-parser, in pieces of any size`, () => {
      const bytes = new Uint8Array(readFileSync(CODECS + name));
      const whole = readAll(bytes, bytes.length);
      expect(whole.skipped).toEqual([]);
      const packets = whole.pages.flatMap((p) => p.packets);
      expect(packets.slice(headers)).toEqual(codecParserPackets(bytes, mime));
      expect(whole.pages.at(-1)!.last).toBe(true);
      for (const piece of [1, 777, 4096]) expect(readAll(bytes, piece)).toEqual(whole);
    });
  }

  it('packets that go on over several pages are joined, whatever their length (255·k bytes included)', () => {
    const packets = [filled(10, 1), filled(3000, 2), filled(255 * 4, 3), filled(0, 4), filled(700, 5), filled(255, 6)];
    const bytes = oggStream(packets, 600);
    const read = readAll(bytes, 333);
    expect(read.skipped).toEqual([]);
    expect(read.pages.flatMap((p) => p.packets)).toEqual(packets.map((p) => Array.from(p)));
    // The long packet went over pages of at most 600 bytes of body.
    expect(read.pages.length).toBeGreaterThan(6);
  });

  it('two logical streams interleaved page by page: each keeps its own packets, continued ones included', () => {
    const a = [filled(10, 1), filled(2000, 2), filled(30, 3)];
    const b = [filled(1500, 7), filled(20, 8), filled(900, 9)];
    const pa = oggPages(a, 500, 11);
    const pb = oggPages(b, 500, 22);
    const mixed: Uint8Array[] = [];
    for (let k = 0; k < Math.max(pa.length, pb.length); k++) mixed.push(...(pa[k] ? [pa[k]!] : []), ...(pb[k] ? [pb[k]!] : []));
    const reader = new OggPacketReader();
    const bySerial = new Map<number, number[][]>();
    for (const page of reader.push(joinPages(mixed))) bySerial.set(page.serial, [...(bySerial.get(page.serial) ?? []), ...page.packets.map((p) => Array.from(p))]);
    expect(bySerial.get(11)).toEqual(a.map((p) => Array.from(p)));
    expect(bySerial.get(22)).toEqual(b.map((p) => Array.from(p)));
  });

  it('a damaged page inside a long packet loses that packet only', () => {
    const packets = [filled(10, 1), filled(3000, 2), filled(20, 3)];
    const bytes = oggStream(packets, 600);
    // The third page is all in the middle of the 3000-byte packet.
    const third = pageOffsets(bytes)[2]!;
    bytes[third + 40] = bytes[third + 40]! ^ 0x10;
    const read = readAll(bytes, 1000);
    expect(read.skipped.map(([at]) => at)).toEqual([third]);
    expect(read.pages.flatMap((p) => p.packets)).toEqual([Array.from(packets[0]!), Array.from(packets[2]!)]);
  });

  it('a damaged page is stepped over and reported, and the packet it began is dropped, not joined to the next', () => {
    const bytes = new Uint8Array(readFileSync(CODECS + 'span-call-vorbis.ogg'));
    const clean = readAll(bytes, 4096);
    const damaged = Uint8Array.from(bytes);
    const at = Math.floor(bytes.length / 2);
    damaged[at] = damaged[at]! ^ 0xff;
    const read = readAll(damaged, 4096);
    expect(read.skipped).toHaveLength(1);
    const [from, length] = read.skipped[0]!;
    expect(from).toBeLessThanOrEqual(at);
    expect(from + length).toBeGreaterThan(at);
    // One page fewer; every packet read is one of the clean file's (none made of pieces of two).
    expect(read.pages.length).toBe(clean.pages.length - 1);
    const known = new Set(clean.pages.flatMap((p) => p.packets).map((p) => p.join(',')));
    for (const p of read.pages.flatMap((pg) => pg.packets)) expect(known.has(p.join(','))).toBe(true);
  });

  it('a file cut inside a page: the whole pages are read, the rest reported', () => {
    const bytes = new Uint8Array(readFileSync(CODECS + 'span-call.opus'));
    const cut = bytes.subarray(0, bytes.length - 100);
    const read = readAll(cut, 3000);
    expect(read.skipped).toHaveLength(1);
    expect(read.skipped[0]![0] + read.skipped[0]![1]).toBe(cut.length);
    expect(read.pages.at(-1)!.last).toBe(false);
  });
});
