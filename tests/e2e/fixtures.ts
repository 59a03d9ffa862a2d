import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { test as base, expect } from '@playwright/test';

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
  // Nothing leaves the machine: every request the app's page makes, in every test, must go to the host it was
  // served from (or stay inside the page: data: and blob: URLs), and none may even be attempted: the page's
  // Content Security Policy blocks such a request before it is made, so its console report of the block
  // counts too. Either fails the test that made it.
  page: async ({ page, host }, use) => {
    const origin = new URL(host.url).origin;
    const foreign: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.protocol !== 'data:' && url.protocol !== 'blob:' && url.origin !== origin) foreign.push(request.url());
    });
    page.on('console', (message) => {
      if (/Content Security Policy/.test(message.text())) foreign.push(message.text());
    });
    await use(page);
    expect(foreign, 'requests the page made, or tried to make, beyond the Turnscope host').toEqual([]);
  },
});

export { expect };

export const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');
