import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { safeUnzip, ZipError } from '../../../electron/main/zip/safe-unzip';
import { tempDir } from '../../helpers/call-fixture';
import { rawZip } from '../../helpers/raw-zip';

function yazlZip(files: Record<string, Buffer>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, data] of Object.entries(files)) zip.addBuffer(data, name);
  zip.end();
  return new Promise((res) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c)).on('end', () => res(Buffer.concat(chunks)));
  });
}

async function refused(zipBytes: Buffer, pattern: RegExp): Promise<string> {
  const dir = tempDir();
  const path = join(dir, 'in.zip');
  writeFileSync(path, zipBytes);
  const dest = join(dir, 'out');
  const err = await safeUnzip(path, dest).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ZipError);
  expect((err as ZipError).message).toMatch(pattern);
  expect((err as ZipError).message.startsWith(path)).toBe(true);
  // Nothing left behind, inside or beside the destination.
  expect(existsSync(dest)).toBe(false);
  expect(readdirSync(dir)).toEqual(['in.zip']);
  return (err as ZipError).message;
}

describe('safeUnzip', () => {
  it('extracts an ordinary archive with folders', async () => {
    const dir = tempDir();
    const path = join(dir, 'calls.zip');
    writeFileSync(path, await yazlZip({ 'calls/a.call.json': Buffer.from('{"a":1}'), 'calls/audio/a.wav': Buffer.alloc(5000, 7) }));
    const written = await safeUnzip(path, join(dir, 'out'));
    expect(written.map((p) => p.slice(dir.length))).toEqual(['/out/calls/a.call.json', '/out/calls/audio/a.wav']);
    expect(readFileSync(join(dir, 'out/calls/audio/a.wav')).equals(Buffer.alloc(5000, 7))).toBe(true);
  });

  it('refuses path traversal', () => refused(rawZip([{ name: '../evil.txt', data: Buffer.from('x') }]), /invalid relative path|outside/));
  it('refuses absolute paths', () => refused(rawZip([{ name: '/etc/evil.txt', data: Buffer.from('x') }]), /absolute path/));
  it('refuses symbolic links', () => refused(rawZip([{ name: 'link', data: Buffer.from('/etc/passwd'), mode: 0o120777 }]), /symbolic link/));
  it('refuses duplicate entries (also differing only in case)', () =>
    refused(rawZip([{ name: 'a.json', data: Buffer.from('1') }, { name: 'A.json', data: Buffer.from('2') }]), /appears twice/));
  it('refuses backslash names', () => refused(rawZip([{ name: 'dir\\evil.txt', data: Buffer.from('x') }]), /invalid characters|backslash/i));
  it('refuses a decompression bomb by ratio', async () => {
    await refused(await yazlZip({ 'zeros.bin': Buffer.alloc(20 * 1024 * 1024) }), /expands \d+× \(a decompression bomb\?\)/);
  });
  it('refuses an entry whose data is longer than it declares', () =>
    refused(rawZip([{ name: 'liar.bin', data: Buffer.alloc(4096, 1), declaredSize: 10 }]), /size|declared/));
  it('refuses a file that is not a zip', () => refused(Buffer.from('PK but not really a zip file at all'), /not a readable zip archive/));
});
