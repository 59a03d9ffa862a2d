/** Every entry of a zip read back as raw entries, so a test can alter one and re-zip with tests/helpers/raw-zip. */
import yauzl from 'yauzl';
import type { RawEntry } from '../../helpers/raw-zip';

export function readEntries(path: string): Promise<RawEntry[]> {
  return new Promise((res, rej) => {
    yauzl.open(path, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return rej(err);
      const out: RawEntry[] = [];
      zip.on('entry', (e: yauzl.Entry) => {
        zip.openReadStream(e, (e2, stream) => {
          if (e2 || !stream) return rej(e2);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.push({ name: e.fileName, data: Buffer.concat(chunks) });
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => res(out));
      zip.readEntry();
    });
  });
}
