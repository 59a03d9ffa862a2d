// `npm test`: type-check, build, unit + store tests (vitest), then end-to-end tests in Chromium (Playwright)
// against the browser host. Ends with one "N passed, N failed" line over everything that ran.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNativeFor } from './ensure-native.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (pkg, file) => join(root, 'node_modules', pkg, file);
const results = join(root, 'test-results');
mkdirSync(results, { recursive: true });

function step(name, args) {
  console.log(`\n== ${name}`);
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  return r.status === 0;
}

ensureNativeFor('node');
let ok = step('type-check (tsc -b)', [bin('typescript', 'bin/tsc'), '-b']);
ok = step('build (electron-vite)', [bin('electron-vite', 'bin/electron-vite.js'), 'build']) && ok;
const unitOk = step('unit and store tests (vitest)', [
  bin('vitest', 'vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile=${join(results, 'vitest.json')}`,
]);
const e2eOk = step('end-to-end tests (Playwright, Chromium, browser host)', [bin('@playwright/test', 'cli.js'), 'test']);

let passed = 0;
let failed = 0;
const vitestJson = join(results, 'vitest.json');
if (existsSync(vitestJson)) {
  const v = JSON.parse(readFileSync(vitestJson, 'utf8'));
  passed += v.numPassedTests;
  failed += v.numFailedTests;
}
const pwJson = join(results, 'playwright.json');
if (existsSync(pwJson)) {
  const p = JSON.parse(readFileSync(pwJson, 'utf8'));
  passed += p.stats.expected;
  failed += p.stats.unexpected + p.stats.flaky;
}
if (!ok || !unitOk || !e2eOk) failed = Math.max(failed, 1);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(ok && unitOk && e2eOk && failed === 0 ? 0 : 1);
