/**
 * Opening untrusted packages: malicious zips (traversal, absolute paths, symbolic links, duplicate
 * entries, decompression bombs), malformed manifests and tampered files are refused with a clear error,
 * and nothing is written outside a temporary folder that is removed again.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../electron/main/db/open';
import { exportPackage } from '../../../electron/main/packages/export-service';
import { manifestHash } from '../../../electron/main/packages/integrity';
import { openPackage } from '../../../electron/main/packages/open-package';
import { PackageError } from '../../../electron/main/packages/open-sealed-zip';
import { verifyPackage } from '../../../electron/main/packages/verify-runner';
import { rawZip, type RawEntry } from '../../helpers/raw-zip';
import { BILLING_ID, BILLING_TRACE, builtInRules, storeWith } from './package-fixtures';
import { readEntries } from './zip-entries';

let dir: string;
let db: Db;
let good: RawEntry[];
const ruleSet = builtInRules();

const openDirsBefore = (): string[] => readdirSync(tmpdir()).filter((n) => n.startsWith('turnscope-open-'));

async function refused(entries: RawEntry[] | Buffer, name: string): Promise<PackageError> {
  const path = join(dir, `${name}.zip`);
  writeFileSync(path, Buffer.isBuffer(entries) ? entries : rawZip(entries));
  const before = openDirsBefore();
  const err = await openPackage(path).then(
    (p) => {
      p.close();
      return null;
    },
    (e: unknown) => e,
  );
  expect(err, name).toBeInstanceOf(PackageError);
  // The temporary folder the package was unpacked into is gone again.
  expect(openDirsBefore().sort()).toEqual(before.sort());
  return err as PackageError;
}

const withManifest = (m: object): RawEntry[] => good.map((e) => (e.name === 'manifest.json' ? { name: e.name, data: Buffer.from(JSON.stringify(m)) } : e));
const manifestOf = (): Record<string, unknown> => JSON.parse(good.find((e) => e.name === 'manifest.json')!.data.toString('utf8')) as Record<string, unknown>;

beforeAll(async () => {
  // A temp root of this file's own (vitest runs each file in its own process), so the "nothing left behind"
  // checks cannot see folders that other test files create and remove in parallel.
  process.env.TMPDIR = mkdtempSync(join(tmpdir(), 'turnscope-pkg-safety-'));
  ({ dir, db } = await storeWith([BILLING_TRACE]));
  const zip = join(dir, 'good.zip');
  await exportPackage(db, BILLING_ID, zip, { ruleSet, toolVersion: 'test', turns: [3, 4] });
  good = await readEntries(zip);
});

afterAll(() => db.close());

describe('opening untrusted packages', () => {
  it('opens an intact package (re-zipped byte for byte by the test writer)', async () => {
    const path = join(dir, 'rezipped.zip');
    writeFileSync(path, rawZip(good));
    const p = await openPackage(path);
    expect(p.manifest.selection.turns).toEqual([3, 4]);
    expect(p.mocks.map((m) => m.name)).toEqual(['lookup_account', 'get_payment_history']);
    p.close();
    expect(existsSync(p.dir)).toBe(false);
  });

  it('refuses path traversal, absolute paths, symbolic links and duplicate entries, writing nothing outside', async () => {
    const outside = join(dir, 'escaped.txt');
    const cases: Array<[string, RawEntry[], RegExp]> = [
      ['traversal', [...good, { name: '../escaped.txt', data: Buffer.from('x') }], /invalid relative path|outside/],
      ['absolute', [...good, { name: `${outside}`, data: Buffer.from('x') }], /absolute path|invalid/],
      ['symlink', [...good, { name: 'audio/link.wav', data: Buffer.from('/etc/passwd'), mode: 0o120777 }], /symbolic link/],
      ['duplicate', [...good, { name: 'README.md', data: Buffer.from('second copy') }], /appears twice/],
    ];
    for (const [name, entries, why] of cases) {
      const err = await refused(entries, name);
      expect(err.kind).toBe('invalid');
      expect(err.message, name).toMatch(why);
    }
    expect(existsSync(outside)).toBe(false);
    expect(existsSync(join(dir, '..', 'escaped.txt'))).toBe(false);
  });

  it('refuses a decompression bomb by its ratio and an entry that lies about its size', async () => {
    const zeros = Buffer.alloc(50 * 1024 * 1024);
    const bomb = deflatedZip([...good.map((e) => ({ name: e.name, data: e.data })), { name: 'audio/bomb.wav', data: zeros }]);
    expect((await refused(bomb, 'bomb')).message).toMatch(/decompression bomb/);
    const liar = [...good, { name: 'audio/liar.wav', data: Buffer.alloc(4096, 1), declaredSize: 16 }];
    expect((await refused(liar, 'liar')).kind).toBe('invalid');
  });

  it('refuses malformed manifests with the reason', async () => {
    const noManifest = await refused(good.filter((e) => e.name !== 'manifest.json'), 'no-manifest');
    expect(noManifest.message).toMatch(/no manifest\.json/);
    const notJson = await refused(good.map((e) => (e.name === 'manifest.json' ? { name: e.name, data: Buffer.from('{"format": ') } : e)), 'not-json');
    expect(notJson.message).toMatch(/not valid JSON/);
    const other = await refused(withManifest({ ...manifestOf(), format: 'something.else' }), 'other-format');
    expect(other.message).toMatch(/not a Turnscope regression package/);
    const future = await refused(withManifest({ ...manifestOf(), version: 2 }), 'future');
    expect(future.message).toMatch(/version 2 is not supported/);
    const m = manifestOf();
    const badPath = { ...m, files: [...(m.files as object[]), { path: '../x', role: 'clip', bytes: 1, sha256: 'a'.repeat(64) }] };
    expect((await refused(withManifest({ ...badPath, manifestSha256: manifestHash(badPath) }), 'bad-path')).message).toMatch(/schema: files\.\d+\.path/);
    const extra = { ...m, surprise: true };
    expect((await refused(withManifest({ ...extra, manifestSha256: manifestHash(extra) }), 'extra-field')).message).toMatch(/unknown field "surprise"/);
  });

  it('refuses tampered packages: a changed file, a changed manifest, a missing or an unlisted file', async () => {
    const clip = good.find((e) => e.name.endsWith('.wav'))!;
    const changedClip = good.map((e) => (e === clip ? { name: e.name, data: Buffer.concat([e.data.subarray(0, 100), Buffer.from([e.data[100]! ^ 1]), e.data.subarray(101)]) } : e));
    const a = await refused(changedClip, 'changed-file');
    expect([a.kind, a.problem]).toEqual(['tampered', `"${clip.name}" does not match its SHA-256 in the manifest`]);

    const m = manifestOf() as { expectations: { turns: Array<{ latency: { maxEndToEndMs: number } | null }> } };
    m.expectations.turns[0]!.latency!.maxEndToEndMs = 99999;
    const b = await refused(withManifest(m), 'changed-manifest');
    expect(b.kind).toBe('tampered');
    expect(b.message).toMatch(/manifest\.json was changed after it was sealed/);

    expect((await refused(good.filter((e) => e !== clip), 'missing-file')).message).toMatch(/missing from the zip/);
    expect((await refused([...good, { name: 'audio/extra.wav', data: Buffer.from('RIFF') }], 'unlisted')).message).toMatch(/not in the manifest/);
  });

  it('verify refuses a tampered package before importing anything', async () => {
    const path = join(dir, 'tampered-verify.zip');
    const readme = good.find((e) => e.name === 'README.md')!;
    writeFileSync(path, rawZip(good.map((e) => (e === readme ? { name: e.name, data: Buffer.from('edited') } : e))));
    await expect(verifyPackage(path, { trace: BILLING_TRACE, ruleSet })).rejects.toMatchObject({ kind: 'tampered' });
  });

  it('refuses a file that is not a zip at all', async () => {
    const path = join(dir, 'plain.zip');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path, readFileSync(BILLING_TRACE));
    await expect(openPackage(path)).rejects.toMatchObject({ kind: 'invalid', message: expect.stringMatching(/not a readable zip archive/) });
  });
});

/** A zip with deflated entries (the raw writer only stores), for the ratio guard. */
function deflatedZip(entries: Array<{ name: string; data: Buffer }>): Buffer {
  const stored = rawZip(entries.map((e) => ({ name: e.name, data: e.data })));
  // Rebuild: local header + compressed data per entry, then the central directory with method 8.
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  let cdAt = stored.readUInt32LE(stored.length - 6);
  for (const e of entries) {
    const central = stored.subarray(cdAt, cdAt + 46 + Buffer.byteLength(e.name));
    const crc = central.readUInt32LE(16);
    const body = deflateRawSync(e.data);
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const c = Buffer.from(central);
    c.writeUInt16LE(8, 10);
    c.writeUInt32LE(body.length, 20);
    c.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(c);
    offset += 30 + name.length + body.length;
    cdAt += central.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
