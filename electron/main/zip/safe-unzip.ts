import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';

/** Why an archive was refused: the archive, the entry when there is one, and what is wrong. */
export class ZipError extends Error {
  override name = 'ZipError';
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}

export interface UnzipLimits {
  maxEntries: number;
  /** Sum of all uncompressed sizes. */
  maxTotalBytes: number;
  maxEntryBytes: number;
  /** Uncompressed ÷ compressed above which an entry (over 1 MiB) counts as a decompression bomb. */
  maxRatio: number;
}

export const DEFAULT_UNZIP_LIMITS: UnzipLimits = {
  maxEntries: 50_000,
  maxTotalBytes: 8 * 1024 ** 3,
  maxEntryBytes: 4 * 1024 ** 3,
  maxRatio: 200,
};

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

function openZip(path: string): Promise<ZipFile> {
  return new Promise((res, rej) =>
    // strictFileNames refuses backslashes; decodeStrings makes yauzl refuse absolute paths and "..".
    yauzl.open(path, { lazyEntries: true, autoClose: true, validateEntrySizes: true, strictFileNames: true, decodeStrings: true }, (err, zip) =>
      err || !zip ? rej(err ?? new Error('cannot open')) : res(zip),
    ),
  );
}

/** Reads the whole central directory first, so every entry is vetted before a byte is written. */
function listEntries(path: string, zip: ZipFile, limits: UnzipLimits): Promise<Entry[]> {
  return new Promise((res, rej) => {
    const entries: Entry[] = [];
    const seen = new Set<string>();
    let total = 0;
    const fail = (problem: string): void => {
      zip.close();
      rej(new ZipError(path, problem));
    };
    zip.on('error', (err: Error) => rej(new ZipError(path, `not a readable zip archive (${err.message})`)));
    zip.on('entry', (e: Entry) => {
      if (entries.length >= limits.maxEntries) return fail(`more than ${limits.maxEntries} entries`);
      const name = e.fileName;
      const key = name.toLowerCase().replace(/\/+$/, '');
      if (seen.has(key)) return fail(`entry "${name}" appears twice`);
      seen.add(key);
      const mode = (e.externalFileAttributes >>> 16) & S_IFMT;
      if (mode === S_IFLNK) return fail(`entry "${name}" is a symbolic link`);
      if (e.uncompressedSize > limits.maxEntryBytes) return fail(`entry "${name}" would expand to ${e.uncompressedSize} bytes (limit ${limits.maxEntryBytes})`);
      if (e.uncompressedSize > 1 << 20 && e.uncompressedSize / Math.max(1, e.compressedSize) > limits.maxRatio) {
        return fail(`entry "${name}" expands ${Math.round(e.uncompressedSize / Math.max(1, e.compressedSize))}× (a decompression bomb?)`);
      }
      total += e.uncompressedSize;
      if (total > limits.maxTotalBytes) return fail(`the archive would expand to more than ${limits.maxTotalBytes} bytes`);
      entries.push(e);
      zip.readEntry();
    });
    zip.on('end', () => res(entries));
    zip.readEntry();
  });
}

function openEntry(zip: ZipFile, entry: Entry): Promise<NodeJS.ReadableStream> {
  return new Promise((res, rej) => zip.openReadStream(entry, (err, stream) => (err || !stream ? rej(err ?? new Error('no stream')) : res(stream))));
}

/**
 * Extracts an untrusted zip into `dest` (created, must not exist or be empty): path traversal, absolute
 * paths, symbolic links, duplicate entries and decompression bombs (size and ratio limits) are refused
 * before anything is written, and an entry that inflates past its declared size stops the extraction.
 * Nothing is ever written outside `dest`; on any error `dest` is removed.
 */
export async function safeUnzip(path: string, dest: string, limits: UnzipLimits = DEFAULT_UNZIP_LIMITS): Promise<string[]> {
  let zip: ZipFile;
  try {
    zip = await openZip(path);
  } catch (err) {
    throw new ZipError(path, `not a readable zip archive (${err instanceof Error ? err.message : String(err)})`);
  }
  const entries = await listEntries(path, zip, limits);
  // Entries are read again from a fresh handle: the first pass consumed the directory.
  const reader = await openZip(path);
  const root = resolve(dest);
  mkdirSync(root, { recursive: true });
  const written: string[] = [];
  try {
    for (const e of entries) {
      const target = resolve(root, e.fileName);
      if (target !== root && !target.startsWith(root + sep)) throw new ZipError(path, `entry "${e.fileName}" points outside the archive folder`);
      if (e.fileName.endsWith('/')) {
        mkdirSync(target, { recursive: true });
        continue;
      }
      mkdirSync(dirname(target), { recursive: true });
      let count = 0;
      const guard = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          count += chunk.length;
          cb(count > e.uncompressedSize ? new ZipError(path, `entry "${e.fileName}" inflates past its declared size`) : null, chunk);
        },
      });
      await pipeline(await openEntry(reader, e), guard, createWriteStream(target, { flags: 'wx' }));
      written.push(target);
    }
  } catch (err) {
    rmSync(root, { recursive: true, force: true });
    if (err instanceof ZipError) throw err;
    throw new ZipError(path, `cannot extract: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    reader.close();
  }
  return written;
}
