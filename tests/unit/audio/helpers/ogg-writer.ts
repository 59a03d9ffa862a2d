/** Ogg streams written for tests: pages with lacing, continuation, serial numbers and CRC-32 (RFC 3533). */
export const filled = (n: number, v: number): Uint8Array => new Uint8Array(n).fill(v);

const CRC_TABLE = Array.from({ length: 256 }, (_, i) => {
  let r = i << 24;
  for (let k = 0; k < 8; k++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
  return r >>> 0;
});

/**
 * The pages of an Ogg stream of `packets`, each with at most `body` bytes of data (lacing per RFC 3533, CRC
 * filled in), its logical stream numbered `serial`: apart, so that streams can be interleaved.
 */
export function oggPages(packets: Uint8Array[], body: number, serial = 0): Uint8Array[] {
  // Lacing values of all packets in order, with the bytes each covers.
  const laces: { lace: number; bytes: Uint8Array; packetEnd: boolean }[] = [];
  for (const p of packets) {
    let at = 0;
    for (;;) {
      const n = Math.min(255, p.length - at);
      laces.push({ lace: n, bytes: p.subarray(at, at + n), packetEnd: n < 255 });
      at += n;
      if (n < 255) break;
    }
  }
  const pages: Uint8Array[] = [];
  let continued = false;
  for (let i = 0, seq = 0; i < laces.length; seq++) {
    const mine: typeof laces = [];
    let size = 0;
    while (i < laces.length && mine.length < 255 && size + laces[i]!.lace <= body) {
      size += laces[i]!.lace;
      mine.push(laces[i++]!);
    }
    const page = new Uint8Array(27 + mine.length + size);
    page.set([0x4f, 0x67, 0x67, 0x53, 0, (continued ? 1 : 0) | (seq === 0 ? 2 : 0) | (i === laces.length ? 4 : 0)]);
    new DataView(page.buffer).setUint32(6, mine.some((l) => l.packetEnd) ? seq * 100 : 0xffffffff, true);
    new DataView(page.buffer).setUint32(10, mine.some((l) => l.packetEnd) ? 0 : 0xffffffff, true);
    new DataView(page.buffer).setUint32(14, serial, true);
    new DataView(page.buffer).setUint32(18, seq, true);
    page[26] = mine.length;
    mine.forEach((l, k) => (page[27 + k] = l.lace));
    let o = 27 + mine.length;
    for (const l of mine) {
      page.set(l.bytes, o);
      o += l.lace;
    }
    let crc = 0;
    for (const v of page) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ v) & 0xff]!) >>> 0;
    new DataView(page.buffer).setUint32(22, crc, true);
    pages.push(page);
    continued = !mine.at(-1)!.packetEnd;
  }
  return pages;
}

/** Pages one after another in one array. */
export function joinPages(pages: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(pages.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of pages) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** An Ogg stream of `packets` as one array (see oggPages). */
export function oggStream(packets: Uint8Array[], body: number, serial = 0): Uint8Array {
  return joinPages(oggPages(packets, body, serial));
}

/** Where each page of an undamaged stream starts. */
export function pageOffsets(bytes: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; ) {
    out.push(i);
    const segments = bytes[i + 26]!;
    let body = 0;
    for (let k = 0; k < segments; k++) body += bytes[i + 27 + k]!;
    i += 27 + segments + body;
  }
  return out;
}

