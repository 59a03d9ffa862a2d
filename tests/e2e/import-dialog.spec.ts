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
