import { join } from 'node:path';
import { expect, SCREENSHOTS, test } from './fixtures';
import { AppPage } from './pages/app-page';

test('the library searches what was said and filters by finding', async ({ page, host }) => {
  const app = new AppPage(page);
  await app.open(host.url);
  await app.loadSamples();
  await expect(page.getByTestId('call-total')).toHaveText('4');
  // Fleet metrics over the selection, recomputed as the filter narrows it.
  await expect(page.getByTestId('fleet-metrics')).toContainText('4 calls');

  await page.getByRole('searchbox', { name: 'Search calls' }).fill('late fee');
  await expect(app.callRows).toHaveCount(1);
  await expect(app.callRows.first()).toHaveAttribute('data-call-id', 'sample-billing-dispute');
  await expect(page.getByTestId('fleet-metrics')).toContainText('1 call');
  await expect(page.locator('[data-testid="fleet-metrics"] [data-metric="p95LatencyMs"]')).toContainText('1710 ms');
  await page.screenshot({ path: join(SCREENSHOTS, '07-library-search.png') });

  await page.getByRole('searchbox', { name: 'Search calls' }).fill('');
  await expect(app.callRows).toHaveCount(4);
  await page.getByRole('combobox', { name: 'Finding' }).selectOption('hallucination_run');
  await expect(app.callRows).toHaveCount(1);
  await page.getByRole('combobox', { name: 'Finding' }).selectOption('');
  await page.getByRole('combobox', { name: 'Outcome' }).selectOption('resolved');
  await expect(app.callRows).toHaveCount(3);
});
