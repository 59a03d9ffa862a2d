/**
 * Writes a package or packet zip: entries in the order given (manifest first, so `unzip -l` reads like a
 * table of contents), one fixed timestamp for every entry, and the file renamed into place only when
 * complete, so a crash never leaves a half-written zip under the name a user will open.
 */
import { createWriteStream, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';

export type ZipEntry = { path: string; data: Buffer } | { path: string; file: string };

export async function writeZip(outPath: string, entries: readonly ZipEntry[], mtime: Date): Promise<void> {
  mkdirSync(dirname(outPath), { recursive: true });
  const zip = new yazl.ZipFile();
  for (const e of entries) {
    // Audio barely compresses; storing it keeps a package quick to open and the ratio guard meaningful.
    const compress = !/\.(wav|mp3|ogg|opus|flac)$/i.test(e.path);
    if ('data' in e) zip.addBuffer(e.data, e.path, { mtime, mode: 0o100644, compress });
    else zip.addFile(e.file, e.path, { mtime, mode: 0o100644, compress });
  }
  zip.end();
  const partial = `${outPath}.partial`;
  try {
    await pipeline(zip.outputStream, createWriteStream(partial));
    renameSync(partial, outPath);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
}
