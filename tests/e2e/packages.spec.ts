import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, SCREENSHOTS, test } from './fixtures';
import { AppPage } from './pages/app-page';

test('a failed call becomes a regression test package from the call view; the package library lists it', async ({ page, host }) => {
  const app = new AppPage(page);
  await app.open(host.url);
  await app.loadSamples();
  await app.openCall('sample-billing-dispute');

  await page.getByRole('button', { name: 'Export test package from sample-billing-dispute' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export regression test package' });
  // Why this call: its findings, turn by turn.
  await expect(dialog).toContainText(/T4 · .*consecutive recognition errors/);
  await expect(dialog).toContainText(/T3 · .*1710 ms/);
  // The failing turns are pre-selected; the expectations are pre-filled and editable.
  await expect(dialog.getByLabel('T3')).toBeChecked();
  await expect(dialog.getByLabel('T4')).toBeChecked();
  const expectations = dialog.getByLabel(/Expectations \(\d+ assertions/);
  await expect(expectations).toHaveValue(/"maxEndToEndMs"|endToEnd/);
  await dialog.getByLabel('Package title').fill('billing dispute: garbled turn and slow LLM');
  await page.screenshot({ path: join(SCREENSHOTS, '10-export-dialog.png') });
  await dialog.getByRole('button', { name: 'Export package' }).click();
  const done = dialog.getByTestId('export-done');
  await expect(done).toContainText('Package written');
  const path = /Package written: (\S+\.zip)/.exec((await done.textContent()) ?? '')![1]!;
  expect(existsSync(path)).toBe(true);
  await dialog.getByRole('button', { name: 'Close' }).click();

  await page.getByRole('button', { name: 'Test packages' }).click();
  const row = page.getByTestId('package-table').locator('tbody tr');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('billing dispute: garbled turn and slow LLM');
  await expect(row).toContainText('sample-billing-dispute');
  await row.getByRole('button', { name: 'sample-billing-dispute' }).click();
  await expect(page.getByRole('heading', { name: 'sample-billing-dispute' })).toBeVisible();
});

test('the library offers the same export for any call', async ({ page, host }) => {
  const app = new AppPage(page);
  await app.open(host.url);
  await app.loadSamples();
  await page.getByRole('button', { name: 'Export test package from sample-pharmacy-refill' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export regression test package' });
  await expect(dialog.getByLabel('T2')).toBeChecked();
  await dialog.getByRole('button', { name: 'Export package' }).click();
  await expect(dialog.getByTestId('export-done')).toContainText('Package written');
  await dialog.getByRole('button', { name: 'Close' }).click();
  // The row's button opened the dialog, not the call.
  await expect(app.callRows).toHaveCount(4);
});
