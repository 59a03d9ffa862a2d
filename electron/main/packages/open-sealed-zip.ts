/**
 * Opening an untrusted package or evidence packet. The zip is unpacked by the safe extractor into a new
 * temporary folder (traversal, absolute paths, symbolic links, duplicate entries and decompression bombs
 * are refused before a byte is written; nothing lands outside that folder), then:
 *
 * 1. manifest.json must exist, be small, be JSON, claim our format and a version we read, and match the
 *    published schema;
 * 2. its manifestSha256 must equal the hash of its canonical JSON (else it was edited: tampered);
 * 3. every file it lists must exist with the listed size and SHA-256, and no file may be in the zip that
 *    it does not list (else: tampered).
 *
 * Invalid and tampered packages are refused with a PackageError naming the problem; the temporary folder
 * is removed on every error and by `close()`.
 */
import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { safeUnzip, ZipError, type UnzipLimits } from '../zip/safe-unzip';
import { manifestHash, sha256File } from './integrity';
import { schemaProblems } from './schemas';

export type PackageProblem = 'invalid' | 'tampered';

export class PackageError extends Error {
  override name = 'PackageError';
  constructor(
    readonly kind: PackageProblem,
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${kind === 'tampered' ? 'refused as tampered: ' : 'not a valid package: '}${problem}`);
  }
}

/** Packages hold short clips and at most one recording: far below the importer's archive limits. */
export const PACKAGE_UNZIP_LIMITS: UnzipLimits = {
  maxEntries: 2000,
  maxTotalBytes: 4 * 1024 ** 3,
  maxEntryBytes: 2 * 1024 ** 3,
  maxRatio: 200,
};

const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

export interface SealedKind {
  schema: 'package' | 'evidence';
  format: string;
  version: number;
  label: string;
}

export interface OpenedZip<M> {
  /** The folder the zip was unpacked into (temporary). */
  dir: string;
  manifest: M;
  /** Absolute path of a listed file inside `dir`. */
  file(path: string): string;
  close(): void;
}

function walk(root: string, dir = root): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    const st = lstatSync(full);
    if (st.isDirectory()) out.push(...walk(root, full));
    else out.push(relative(root, full).split(sep).join('/'));
  }
  return out;
}

export async function openSealedZip<M extends { files: Array<{ path: string; bytes: number; sha256: string }> }>(
  zipPath: string,
  kind: SealedKind,
  limits: UnzipLimits = PACKAGE_UNZIP_LIMITS,
): Promise<OpenedZip<M>> {
  const base = mkdtempSync(join(tmpdir(), 'turnscope-open-'));
  const dir = join(base, 'content');
  const close = (): void => rmSync(base, { recursive: true, force: true });
  const invalid = (problem: string): PackageError => new PackageError('invalid', zipPath, problem);
  const tampered = (problem: string): PackageError => new PackageError('tampered', zipPath, problem);
  try {
    try {
      await safeUnzip(zipPath, dir, limits);
    } catch (err) {
      if (err instanceof ZipError) throw invalid(err.problem);
      throw err;
    }
    const manifestPath = join(dir, 'manifest.json');
    let size: number;
    try {
      size = statSync(manifestPath).size;
    } catch {
      throw invalid('it has no manifest.json at its top level');
    }
    if (size > MAX_MANIFEST_BYTES) throw invalid(`manifest.json is ${size} bytes (limit ${MAX_MANIFEST_BYTES})`);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(manifestPath, 'utf8'));
    } catch (err) {
      throw invalid(`manifest.json is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
    }
    const claimed = json !== null && typeof json === 'object' ? (json as { format?: unknown; version?: unknown }) : {};
    if (claimed.format !== kind.format) throw invalid(`manifest.json is not a ${kind.label} (format ${JSON.stringify(claimed.format ?? null)})`);
    if (claimed.version !== kind.version) throw invalid(`${kind.label} version ${JSON.stringify(claimed.version ?? null)} is not supported (this Turnscope reads version ${kind.version})`);
    const problem = schemaProblems(kind.schema, json);
    if (problem) throw invalid(`manifest.json does not match the ${kind.label} schema: ${problem}`);
    const manifest = json as M & { manifestSha256: string };
    if (manifestHash(manifest) !== manifest.manifestSha256) throw tampered('manifest.json was changed after it was sealed (its hash does not match)');

    const listed = new Map<string, { bytes: number; sha256: string }>();
    for (const f of manifest.files) {
      if (listed.has(f.path.toLowerCase()) || f.path.toLowerCase() === 'manifest.json') throw invalid(`manifest.json lists "${f.path}" twice`);
      listed.set(f.path.toLowerCase(), f);
    }
    for (const present of walk(dir)) {
      if (present === 'manifest.json') continue;
      if (!listed.has(present.toLowerCase())) throw tampered(`"${present}" is in the zip but not in the manifest`);
    }
    for (const f of manifest.files) {
      let actual: { sha256: string; bytes: number };
      try {
        actual = await sha256File(join(dir, f.path));
      } catch {
        throw tampered(`"${f.path}" is listed in the manifest but missing from the zip`);
      }
      if (actual.bytes !== f.bytes) throw tampered(`"${f.path}" is ${actual.bytes} bytes, the manifest says ${f.bytes}`);
      if (actual.sha256 !== f.sha256) throw tampered(`"${f.path}" does not match its SHA-256 in the manifest`);
    }
    return { dir, manifest, file: (p) => join(dir, ...p.split('/')), close };
  } catch (err) {
    close();
    throw err;
  }
}
