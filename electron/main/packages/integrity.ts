/**
 * Hashes that make a package or evidence packet checkable: SHA-256 of each file, and of the manifest's
 * canonical JSON without its own hash field (so pretty-printing or key order never changes the hash).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { canonicalJson } from '../../../shared/analysis/normalize/hash';

export const sha256Hex = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

export async function sha256File(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** SHA-256 of the canonical JSON of `manifest` with `manifestSha256` left out. */
export function manifestHash(manifest: object): string {
  const { manifestSha256: _ignored, ...rest } = manifest as { manifestSha256?: unknown };
  return sha256Hex(canonicalJson(rest));
}

/** The manifest with its hash filled in. */
export function sealManifest<T extends { manifestSha256: string }>(manifest: T): T {
  return { ...manifest, manifestSha256: manifestHash(manifest) };
}
