import { expect, type Locator, type Page } from '@playwright/test';

/** Locators and actions of the app, so specs read as what a user does. */
export class AppPage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await expect(this.page.getByTestId('app')).toHaveAttribute('data-ready', 'true');
  }

  get emptyLibrary(): Locator {
    return this.page.getByTestId('empty-library');
  }

  get callRows(): Locator {
    return this.page.locator('[data-call-id]');
  }

  async loadSamples(): Promise<void> {
    await this.emptyLibrary.getByRole('button', { name: /Load the \d+ sample calls/ }).click();
    await expect(this.callRows.first()).toBeVisible();
  }

  async openCall(callId: string): Promise<void> {
    await this.page.locator(`[data-call-id="${callId}"]`).getByRole('button', { name: callId, exact: true }).click();
    await expect(this.waveformLanes).toHaveAttribute('data-ready', 'true');
  }

  get waveformLanes(): Locator {
    return this.page.getByTestId('waveform-lanes');
  }

  turn(index: number): Locator {
    return this.page.getByTestId(`turn-${index}`);
  }

  async playheadMs(): Promise<number> {
    return Number(await this.page.getByTestId('playhead').getAttribute('data-ms'));
  }

  /** Counts canvas pixels that are not transparent: proves the waveform was really drawn. */
  async drawnPixels(): Promise<number> {
    return this.waveformLanes.evaluate((el) => {
      const root = el.querySelector('div')?.shadowRoot ?? el.shadowRoot ?? el;
      const canvases = Array.from(root.querySelectorAll('canvas'));
      let count = 0;
      for (const c of canvases) {
        const ctx = c.getContext('2d');
        if (!ctx || c.width === 0 || c.height === 0) continue;
        const data = ctx.getImageData(0, 0, c.width, c.height).data;
        for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) count++;
      }
      return count;
    });
  }

  /** Where wavesurfer's own cursor stands, as a fraction of the recording (read from its shadow DOM). */
  async cursorFraction(): Promise<number> {
    return this.waveformLanes.evaluate((el) => {
      const root = el.querySelector('div')?.shadowRoot;
      const cursor = root?.querySelector('[part="cursor"]') as HTMLElement | null;
      return cursor ? parseFloat(cursor.style.left) / 100 : -1;
    });
  }
}
