import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { threeTurnCall, writeCallWithRecording } from '../helpers/call-fixture';
import { expect, SCREENSHOTS, test } from './fixtures';
import { AppPage } from './pages/app-page';

test('importing a folder from the dialog reports each call, including the broken one', async ({ page, host }) => {
  const folder = join(host.dataDir, 'incoming');
  mkdirSync(folder);
  writeCallWithRecording(folder, threeTurnCall('dialog-call'));
  writeFileSync(join(folder, 'broken.call.json'), '{"format": "turnscope.call", "version": 1, "turns": [');

  const app = new AppPage(page);
  await app.open(host.url);
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import calls' });
  await dialog.getByLabel('Paths on this machine').fill(folder);
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  const report = dialog.getByTestId('import-report');
  await expect(report).toContainText('1 imported');
  await expect(report).toContainText('1 failed');
  await expect(report).toContainText('dialog-call');
  await expect(report).toContainText(/broken\.call\.json: at line 1, column \d+: invalid JSON/);
  await page.screenshot({ path: join(SCREENSHOTS, '05-import-dialog.png') });
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(app.callRows).toHaveCount(1);
});

test('a long import shows progress and can be cancelled; importing again resumes', async ({ page, host }) => {
  const folder = join(host.dataDir, 'many');
  mkdirSync(folder);
  for (let i = 0; i < 60; i++) writeCallWithRecording(folder, threeTurnCall(`bulk-${String(i).padStart(2, '0')}`));

  const app = new AppPage(page);
  await app.open(host.url);
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import calls' });
  await dialog.getByLabel('Paths on this machine').fill(folder);
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  const progress = dialog.getByTestId('import-progress');
  await expect(progress).toBeVisible();
  await expect(progress.getByRole('progressbar')).toBeVisible();
  await page.screenshot({ path: join(SCREENSHOTS, '06-import-progress.png') });
  await progress.getByRole('button', { name: /Cancel/ }).click();
  await expect(dialog).toContainText(/Cancelled: \d+ calls were imported/);
  const text = (await dialog.textContent()) ?? '';
  const imported = Number(/Cancelled: (\d+) calls/.exec(text)![1]);
  expect(imported).toBeLessThan(60);

  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(dialog.getByTestId('import-report')).toContainText('60 imported', { timeout: 60_000 });
  await expect(dialog.getByTestId('import-report')).toContainText('unchanged');
});
