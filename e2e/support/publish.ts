// What the publishing journeys share: test pictures and opening the composer the way a user does (Ctrl+N).
import { type Locator, type Page } from '@playwright/test';
import { encodeBlockJpeg } from '../../sandbox/jpeg-blocks';
import { expect, signInDemo } from '../fixtures';

/** A real JPEG of the given size (8-px blocks of two colours; `red` tints one of them). */
export function jpeg(width: number, height: number, red = 200): Buffer {
  return encodeBlockJpeg(width, height, (bx, by) => ((bx + by) % 2 ? [red, 80, 40] : [30, 90, 200]));
}

/** Ctrl+N → the New post dialog. */
export async function openComposer(page: Page): Promise<Locator> {
  await page.keyboard.press('Control+N');
  const dialog = page.getByRole('dialog', { name: 'New post' });
  await expect(dialog).toBeVisible();
  return dialog;
}

/** Signs in to the demo and waits for the feed's first card: the starting point of every publishing journey. */
export async function signInToFeed(page: Page): Promise<void> {
  await signInDemo(page);
  await expect(page.getByTestId('post-card').first()).toBeVisible({ timeout: 60_000 });
}
