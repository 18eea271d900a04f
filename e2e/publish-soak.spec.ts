// The reduced publish soak (the full one is `npm run soak:publish`, 200 posts): six posts of mixed types to one
// or both networks (the first six rows of SOAK_SHAPES: an Instagram carousel with a video, a photo to both, a reel,
// a story to both, a Facebook video, text) with publish faults on every call that makes something live (error after
// success, dropped after success) and 5xx on uploads, and a reload mid-run — checked against the sandbox's record
// of what went live: nothing doubled, nothing lost, nothing stuck, nothing live shown as failed.
import { join } from 'node:path';
import { expect, hostOptions, test, TEST_RENDERER_DIR } from './fixtures';
import { startBrowserHost } from '../electron/browser-host/server';
import { publishSoakPassed, runPublishSoak } from './soak/publish-soak';

test.describe.configure({ timeout: 300_000 });

test('publish soak: mixed posts under publish faults and a reload, each live at most once, none lost or stuck', async ({
  page,
  sandbox,
  dataDir,
}) => {
  const host = await startBrowserHost({ ...hostOptions(sandbox, dataDir), rendererDir: TEST_RENDERER_DIR });
  try {
    await page.goto(`${host.url}&pollMs=2000`);
    await page.getByRole('button', { name: 'Try the demo' }).click();
    await expect(page.getByRole('navigation', { name: 'Views' })).toBeVisible({ timeout: 120_000 });
    const r = await runPublishSoak(page, sandbox, {
      posts: 6,
      reloadEvery: 3,
      faultRate: 0.4,
      drainTimeoutMs: 180_000,
      uploadsDir: join(dataDir, 'host', 'publish-uploads'),
    });
    console.log(`publish-soak.spec: ${JSON.stringify(r)}`);
    expect(r.reloads).toBe(1);
    expect(Object.values(r.faultsFired).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect({ duplicated: r.duplicated, lost: r.lost, stuck: r.stuck, misreported: r.misreported }).toEqual({
      duplicated: 0,
      lost: 0,
      stuck: 0,
      misreported: 0,
    });
    // Every file Meta has is freed on the host; only a reload can orphan the one being sent (the host sweeps it).
    expect(r.uploadsLeft).toBeLessThanOrEqual(r.reloads);
    expect(publishSoakPassed(r)).toBe(true);
  } finally {
    await host.close();
  }
});
