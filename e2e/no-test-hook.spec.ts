// The build Electron loads carries no test hook: `dist/renderer` (what `npm run build:renderer` makes and
// electron-builder packages) has no trace of `window.__duetTest`, and the app opened from it has none even when asked
// for one. Only the separate test build (TEST_RENDERER_DIR, which the soak loads) has it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, signInDemo, test, TEST_RENDERER_DIR } from './fixtures';

const HOOK = '__duetTest';

/** Files of a build folder whose bytes contain `needle`. */
function filesContaining(dir: string, needle: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...filesContaining(path, needle));
    else if (readFileSync(path).includes(needle)) found.push(path);
  }
  return found;
}

test('no file of the product build mentions the test hook; the test build has it', () => {
  const product = resolve('dist/renderer');
  expect(readdirSync(product)).toContain('index.html');
  expect(filesContaining(product, HOOK)).toEqual([]);
  // The same scan finds the hook where it is meant to be, so an empty list above is not a scan that sees nothing.
  expect(filesContaining(TEST_RENDERER_DIR, HOOK).length).toBeGreaterThan(0);
});

test('the app from the product build exposes no test hook, even with duetTest=1 in its address', async ({
  page,
  host,
}) => {
  test.setTimeout(240_000);
  await page.goto(`${host.url}&pollMs=2000&duetTest=1`);
  await signInDemo(page);
  // The store is open and synced once conversations are listed (the old hook was installed by then).
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: /Inbox/ }).click();
  await expect(page.getByTestId('conversation').first()).toBeVisible({ timeout: 90_000 });
  expect(await page.evaluate((name) => name in window, HOOK)).toBe(false);
});
