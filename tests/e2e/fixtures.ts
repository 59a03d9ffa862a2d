import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { test as base } from '@playwright/test';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface HostInfo {
  url: string;
  port: number;
  token: string;
  dataDir: string;
}

/** Starts `turnscope serve` on a fresh store for one test and stops it afterwards. */
async function startHost(): Promise<{ info: HostInfo; proc: ChildProcess }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'turnscope-e2e-'));
  const proc = spawn(process.execPath, [join(ROOT, 'bin', 'turnscope.js'), '--db', join(dataDir, 'store.db'), 'serve', '--json'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolveLine, reject) => {
    const rl = createInterface({ input: proc.stdout! });
    rl.once('line', resolveLine);
    proc.once('exit', (code) => reject(new Error(`turnscope serve exited with ${code}`)));
  });
  const parsed = JSON.parse(line) as Omit<HostInfo, 'dataDir'>;
  return { info: { ...parsed, dataDir }, proc };
}

export const test = base.extend<{ host: HostInfo }>({
  host: async ({}, use) => {
    const { info, proc } = await startHost();
    await use(info);
    proc.kill('SIGTERM');
  },
});

export { expect } from '@playwright/test';

export const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');
