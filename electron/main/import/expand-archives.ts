import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { safeUnzip } from '../zip/safe-unzip';

async function fileHash(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Unpacks each zip into the store's archive folder, named by the archive's hash, so its recordings keep
 * a stable path the store can point at, and importing the same zip twice unpacks it once.
 */
export async function expandArchive(zipPath: string, archivesDir: string): Promise<string> {
  const dest = join(archivesDir, (await fileHash(zipPath)).slice(0, 32));
  if (!existsSync(dest)) await safeUnzip(zipPath, dest);
  return dest;
}
