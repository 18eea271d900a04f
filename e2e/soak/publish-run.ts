// `npm run soak:publish`: 200 posts of mixed types (publish-soak.ts SOAK_SHAPES: Instagram carousels with a video,
// reels, Facebook videos, stories to both, photos, text) through the real app (browser host + Chromium) against the
// sandbox with ≥ 20 % publish faults (error after success, dropped after success) and 5xx on uploads, reloading
// every 25 posts. Prints published / duplicated / lost /
// stuck / failed / unconfirmed from the sandbox's ledger; exits 1 on any duplicate, loss, stuck or misreported post.
// Options (env): SOAK_POSTS (200), SOAK_RELOAD_EVERY (25), SOAK_FAULT_RATE (0.3).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { startSandbox } from '../../sandbox/index';
import { startBrowserHost } from '../../electron/browser-host/server';
import { hostOptions, META_HOSTS, TEST_RENDERER_DIR } from '../fixtures';
import { CHROMIUM_ARGS, resolveChromium } from '../support/chromium';
import { publishSoakPassed, runPublishSoak } from './publish-soak';

const num = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};

async function main() {
  const log = (line: string) =>
    console.log(`[soak:publish ${new Date().toISOString().slice(11, 19)}] ${line}`);
  const sandbox = await startSandbox({ seed: 4343, scale: 'small', live: false });
  const dataDir = mkdtempSync(join(tmpdir(), 'duet-publish-soak-'));
  const host = await startBrowserHost({ ...hostOptions(sandbox, dataDir), rendererDir: TEST_RENDERER_DIR });
  const browser = await chromium.launch({ executablePath: resolveChromium(), args: CHROMIUM_ARGS });
  let code: number;
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.route(META_HOSTS, (route) => route.abort('blockedbyclient'));
    const page = await context.newPage();
    await page.goto(`${host.url}&pollMs=2000`);
    await page.getByRole('button', { name: 'Try the demo' }).click();
    await page.getByRole('navigation', { name: 'Views' }).waitFor({ timeout: 120_000 });
    const r = await runPublishSoak(page, sandbox, {
      posts: num('SOAK_POSTS', 200),
      reloadEvery: num('SOAK_RELOAD_EVERY', 25),
      faultRate: num('SOAK_FAULT_RATE', 0.3),
      drainTimeoutMs: 40 * 60_000,
      uploadsDir: join(dataDir, 'host', 'publish-uploads'),
      log,
    });
    console.log(JSON.stringify(r, null, 2));
    console.log(
      `faults=${JSON.stringify(r.faultsFired)} (${Math.round(r.faultShare * 100)}% of publish calls)\n` +
        `published=${r.published} duplicated=${r.duplicated} lost=${r.lost} stuck=${r.stuck} failed=${r.failed} misreported=${r.misreported}` +
        ` unconfirmed=${r.unconfirmedLive} live + ${r.unconfirmedNotLive} not live (both shown to the user)` +
        ` (posts=${r.posts}, targets=${r.targets}, reloads=${r.reloads}, total=${Math.round(r.elapsedMs / 1000)} s)\n` +
        `files left on the host: ${r.uploadsLeft}\n` +
        `published by type: ${Object.entries(r.byKind)
          .map(([k, v]) => `${k} ${v.published}/${v.targets}`)
          .join(', ')}`,
    );
    code = publishSoakPassed(r) ? 0 : 1;
    if (code) console.error('PUBLISH SOAK FAILED');
  } finally {
    await browser.close().catch(() => undefined);
    await host.close().catch(() => undefined);
    await sandbox.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(code);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
