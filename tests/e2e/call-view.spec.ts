import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, SCREENSHOTS, test } from './fixtures';
import { AppPage } from './pages/app-page';

test('a new user loads the sample calls, opens one, sees waveform, turns and timings', async ({ page, host }) => {
  const app = new AppPage(page);
  await app.open(host.url);
  await expect(app.emptyLibrary).toBeVisible();
  await page.screenshot({ path: join(SCREENSHOTS, '01-empty-library.png') });

  await app.loadSamples();
  await expect(app.callRows).toHaveCount(4);
  await page.screenshot({ path: join(SCREENSHOTS, '02-call-list.png') });

  await app.openCall('sample-billing-dispute');
  // Stereo telephone call: one lane per channel, labelled by who speaks on it.
  await expect(page.locator('.lane-label > span:first-child')).toHaveText(['Caller · ch 0', 'Agent · ch 1']);
  // Each lane carries what the audio analysis measured on it.
  await expect(page.getByTestId('lane-0')).toContainText(/SNR -?\d+ dB/);
  expect(await app.drawnPixels()).toBeGreaterThan(2000);
  await expect(app.turn(0)).toBeVisible();
  // Every turn with a reported end-to-end time shows it in its latency band.
  const bands = await page.locator('[data-testid^="e2e-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-band')));
  expect(bands).toContain('critical');
  expect(bands).toContain('healthy');
  await page.screenshot({ path: join(SCREENSHOTS, '03-call-view.png'), fullPage: true });
});

test('clicking turn 3 moves the playhead into turn 3', async ({ page, host }) => {
  const app = new AppPage(page);
  await app.open(host.url);
  await app.loadSamples();
  await app.openCall('sample-billing-dispute');
  const turn = app.turn(3);
  const start = Number(await turn.getAttribute('data-start-ms'));
  const end = Number(await turn.getAttribute('data-end-ms'));
  expect(end).toBeGreaterThan(start);
  const before = await app.cursorFraction();

  await turn.getByRole('button', { name: 'Play turn 3' }).click();

  await expect.poll(() => app.playheadMs()).toBeGreaterThanOrEqual(Math.floor(start));
  const ms = await app.playheadMs();
  expect(ms).toBeLessThan(end);
  await expect(turn).toHaveAttribute('aria-current', 'true');
  // The selected turn opens its waterfall: the trace's spans over what the audio measured.
  const waterfall = page.getByTestId('waterfall-3');
  await expect(waterfall).toContainText('llm');
  await expect(waterfall).toContainText(/audio: measured gap \d+ ms/);
  // wavesurfer's own cursor moved with it: the player really seeked.
  const durationMs = await page.evaluate(() => {
    const text = document.querySelector('[data-testid="playhead"]')?.textContent ?? '';
    const [m, s] = (text.split('/')[1] ?? '').trim().split(':');
    return (Number(m) * 60 + Number(s)) * 1000;
  });
  const fraction = await app.cursorFraction();
  expect(fraction).not.toBe(before);
  expect(fraction * durationMs).toBeGreaterThanOrEqual(start - 100);
  expect(fraction * durationMs).toBeLessThanOrEqual(end);
  await page.screenshot({ path: join(SCREENSHOTS, '04-turn-3-selected.png'), fullPage: true });
});

test('space plays and pauses the call', async ({ page, host }) => {
  const app = new AppPage(page);
  await app.open(host.url);
  await app.loadSamples();
  await app.openCall('sample-pharmacy-refill');
  await expect(page.locator('.lane-label > span:first-child')).toHaveText(['Caller + agent (mono)']);
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  await expect.poll(() => app.playheadMs()).toBeGreaterThan(200);
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
});

test('the host refuses a wrong token', async ({ page, host }) => {
  const wrong = host.url.replace(host.token, 'x'.repeat(host.token.length));
  const res = await page.goto(wrong);
  expect(res?.status()).toBe(401);
  await expect(page.locator('body')).toContainText('missing or wrong token');
  const api = await page.request.post(`http://127.0.0.1:${host.port}/api/listCalls`, {
    headers: { 'X-Turnscope-Token': 'wrong' },
    data: {},
  });
  expect(api.status()).toBe(401);
});

test('swapping caller and agent relabels the lanes and re-measures the call', async ({ page, host }) => {
  const app = new AppPage(page);
  await app.open(host.url);
  await app.loadSamples();
  await app.openCall('sample-billing-dispute');
  await expect(page.locator('.lane-label > span:first-child')).toHaveText(['Caller · ch 0', 'Agent · ch 1']);
  await page.getByRole('button', { name: 'Swap caller/agent' }).click();
  await expect(page.locator('.lane-label > span:first-child')).toHaveText(['Agent · ch 0', 'Caller · ch 1']);
  await expect(page.getByText(/roles: user/)).toBeVisible();
  await page.getByRole('button', { name: 'Swap caller/agent' }).click();
  await expect(page.locator('.lane-label > span:first-child')).toHaveText(['Caller · ch 0', 'Agent · ch 1']);
});

test('an analyst corrects a reference inline; the turn is re-scored at once', async ({ page, host }) => {
  const app = new AppPage(page);
  await app.open(host.url);
  await app.loadSamples();
  await app.openCall('sample-pharmacy-refill');
  const line = page.getByTestId('turn-analysis-1');
  await expect(line).toContainText('WER 0.0%');
  await page.getByRole('button', { name: 'Edit reference of turn 1' }).click();
  const box = page.getByLabel('What the caller really said (reference)');
  const original = await box.inputValue();
  await box.fill(`${original} and also my insurance card`);
  await box.press('Enter');
  // Five words the recognizer never produced: five deletions.
  await expect(line).toContainText(/\(0 S, 5 D, 0 I of \d+\)/);
  await expect(page.getByTestId('turn-1').getByTestId('alignment')).toBeVisible();
  await page.screenshot({ path: join(SCREENSHOTS, '08-reference-edited.png'), fullPage: true });
  // The correction is stored: it survives a reload.
  await page.reload();
  await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'true');
  await app.openCall('sample-pharmacy-refill');
  await expect(page.getByTestId('turn-analysis-1')).toContainText(/5 D/);
});

test('a call whose recording has a damaged page: the flag says where audio was lost, and clicking it goes there', async ({ page, host }) => {
  // A LiveKit-style Opus recording with 40 bytes flipped half way, imported with the CLI into the store the app shows.
  const root = join(import.meta.dirname, '..', '..');
  const dir = mkdtempSync(join(tmpdir(), 'turnscope-damaged-'));
  const opus = readFileSync(join(root, 'tests/fixtures/audio-forensics/codecs/span-call.opus'));
  for (let i = opus.length >> 1; i < (opus.length >> 1) + 40; i++) opus[i] = opus[i]! ^ 0x5a;
  writeFileSync(join(dir, 'damaged.opus'), opus);
  const sample = JSON.parse(readFileSync(join(root, 'resources/samples/pharmacy-refill.call.json'), 'utf8'));
  writeFileSync(join(dir, 'damaged.call.json'), JSON.stringify({ ...sample, call: { ...sample.call, id: 'damaged-opus' }, recording: { path: 'damaged.opus' } }));
  execFileSync(process.execPath, [join(root, 'bin/turnscope.js'), '--db', join(host.dataDir, 'store.db'), 'import', dir, '--no-progress'], { stdio: 'ignore' });

  const app = new AppPage(page);
  await app.open(host.url);
  await app.openCall('damaged-opus');
  const lost = page.locator('.flag', { has: page.locator('.flag-kind', { hasText: 'audio lost' }) });
  await expect(lost).toHaveCount(1);
  await expect(lost).toContainText(/\d+ ms of the recording could not be read \(damaged\): silence stands in for it/);
  // The stretch is marked on the waveform too, over every lane.
  await expect(page.getByTestId('waveform-lanes').locator('div').first()).toBeAttached();
  const marked = await app.waveformLanes.evaluate((el) => {
    const root = el.querySelector('div')?.shadowRoot ?? el.shadowRoot ?? el;
    return Array.from(root.querySelectorAll('[part~="region"]')).filter((r) => /audio lost/.test(r.textContent ?? '')).length;
  });
  expect(marked).toBe(1);
  await lost.getByRole('button').click();
  const at = await app.playheadMs();
  expect(at).toBeGreaterThan(10_000);
  await page.screenshot({ path: join(SCREENSHOTS, '11-audio-lost.png'), fullPage: true });
});
