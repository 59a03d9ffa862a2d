import { join } from 'node:path';
import { expect, SCREENSHOTS, test } from './fixtures';
import { AppPage } from './pages/app-page';

test('an auditor reviews compliance findings and shares a redacted screen', async ({ page, host }) => {
  const app = new AppPage(page);
  await app.open(host.url);
  await app.loadSamples();
  await app.openCall('sample-appointment-reschedule');

  // Found at import: the caller's date of birth, spoken and in a tool argument, and the missing disclosure.
  const panel = page.getByTestId('compliance');
  const dob = panel.locator('[data-category="phi.dob"]');
  await expect(dob.first()).toBeVisible();
  await expect(panel.locator('[data-category="disclosure.missing"]')).toHaveCount(1);
  await expect(dob.first()).toContainText('••/••/••••');

  // Dismissing needs a reason; the decision is stored and survives a re-scan.
  const first = dob.first();
  await first.getByRole('button', { name: 'dismiss…' }).click();
  await first.getByRole('button', { name: 'Dismiss' }).isDisabled();
  await first.getByLabel('Reason for dismissing').fill('test caller, synthetic data');
  await first.getByRole('button', { name: 'Dismiss' }).click();
  await expect(first).toContainText('dismissed: test caller, synthetic data');
  await panel.getByRole('button', { name: 'scan again' }).click();
  await expect(panel.locator('[data-category="phi.dob"]').first()).toContainText('dismissed: test caller, synthetic data');
  await panel.locator('[data-category="disclosure.missing"]').getByRole('button', { name: 'confirm' }).click();
  await expect(panel.locator('[data-category="disclosure.missing"]')).toContainText('confirmed');

  // The redacted view hides every finding a reviewer has not dismissed (turn 3's date of birth).
  const turn3 = page.getByTestId('turn-3');
  const before = (await turn3.textContent()) ?? '';
  await page.getByLabel('redacted view').check();
  await expect(turn3).not.toHaveText(before);
  await expect(turn3).toContainText('[');
  await page.screenshot({ path: join(SCREENSHOTS, '09-compliance-redacted.png'), fullPage: true });
  await page.getByLabel('redacted view').uncheck();
  await expect(turn3).toHaveText(before);
});
