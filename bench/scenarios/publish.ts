/**
 * Publishing: the composer's open (a lazy chunk: Ctrl+N → the dialog painted with its caption box, the first time
 * in a tab with the HTTP cache off, and again once loaded) against the Keyboard shortcuts dialog (another lazy
 * dialog of the same shell, opened the same way), and enqueue latency (Publish pressed → the Posts view row says
 * Queued, offline so the queue cannot move it on) against a reply's Enter → bubble (the outbox's strict write + live
 * query + paint) in the same run. Whether the composer is in the initial bundle is the bundle figure (lib/build.ts).
 */
import { type Page } from '@playwright/test';
import { encodeBlockJpeg } from '../../sandbox/jpeg-blocks';
import { openApp, settle, waitMarks } from '../lib/app';
import { type Bench } from '../lib/bench';
import { RUNS, log, sleep } from '../lib/env';
import { armPaintProbe, awaitPaintProbe } from '../lib/page-scripts';
import { add } from '../lib/report';
import { summarize } from '../lib/stats';
import { sendSamples } from './open';

const COMPOSER = 'dialog[open] [data-testid="caption"]';
const SHORTCUTS = 'dialog[open] .shortcuts-table';
/** Longest wait for a step of the scripted user (Playwright's library waits forever by default). */
const WAIT_MS = 20_000;

/** Presses `key` (Ctrl+key for the composer) and resolves with ms to the frame painting `selector`. */
async function timedKey(page: Page, key: 'n' | '?', selector: string): Promise<number> {
  await page.evaluate(armPaintProbe, { key, ctrl: key === 'n', selector });
  await page.keyboard.press(key === 'n' ? 'Control+N' : 'Shift+?');
  const ms = await page.evaluate(awaitPaintProbe);
  const dialog = page.locator('dialog[open]');
  await dialog.getByRole('button', { name: 'Close', exact: true }).click({ timeout: WAIT_MS });
  await dialog.waitFor({ state: 'detached', timeout: WAIT_MS });
  return ms;
}

/** A fresh tab with the HTTP cache off: the dialog's chunk is fetched, parsed and run on its first open. */
async function coldAndWarm(b: Bench, key: 'n' | '?', selector: string): Promise<[number, number]> {
  log(`publish: ${key === 'n' ? 'composer' : 'shortcuts'} open in a fresh tab`);
  const page = await openApp(b.context, b.appUrl);
  const cdp = await b.context.newCDPSession(page);
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await waitMarks(page, ['shell']);
  await settle(page);
  const cold = await timedKey(page, key, selector);
  await settle(page);
  const warm = await timedKey(page, key, selector);
  await cdp.detach();
  await page.close();
  return [cold, warm];
}

/** Publish pressed → the row of that post in the Posts view painted with its targets Queued, `runs` times. */
async function enqueueSamples(b: Bench, runs: number): Promise<number[]> {
  const page = await openApp(b.context, b.appUrl);
  await waitMarks(page, ['shell']);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Posts' }).click();
  await page.locator('.posts-view').waitFor({ timeout: WAIT_MS });
  const jpeg = encodeBlockJpeg(640, 640, (bx, by) => ((bx + by) % 2 ? [200, 80, 40] : [30, 90, 200]));
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    await page.keyboard.press('Control+N');
    const dialog = page.getByRole('dialog', { name: 'New post' });
    await dialog.getByRole('radio', { name: 'Photo', exact: true }).check();
    await dialog
      .getByTestId('media-input')
      .setInputFiles({ name: 'bench.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    await dialog.getByTestId('media-item').waitFor({ timeout: WAIT_MS });
    const caption = `bench post ${i} ${Date.now()}`;
    await dialog.getByRole('textbox', { name: 'Caption', exact: true }).fill(caption);
    // Offline, so the queue leaves it Queued (and the sandbox is stopped anyway): the figure is the write and paint.
    await b.context.setOffline(true);
    await settle(page);
    await page.evaluate(armPaintProbe, {
      click: 'dialog[open] .btn-primary',
      selector:
        '[data-testid="post-item"]:has([data-testid="target-facebook"][data-state="queued"]):has([data-testid="target-instagram"][data-state="queued"])',
      text: caption,
    });
    await dialog.getByRole('button', { name: 'Publish' }).click();
    samples.push(await page.evaluate(awaitPaintProbe));
    await dialog.waitFor({ state: 'detached', timeout: WAIT_MS });
    // Cancelled before the network returns: nothing of the bench is left to publish.
    await page
      .getByTestId('post-item')
      .filter({ hasText: caption })
      .getByRole('button', { name: /^Cancel/ })
      .click({ timeout: WAIT_MS });
    await page
      .getByTestId('post-item')
      .filter({ hasText: caption })
      .waitFor({ state: 'detached', timeout: WAIT_MS });
    await b.context.setOffline(false);
    await sleep(300);
  }
  await page.close();
  return samples;
}

/** The composer open (cold and warm) and enqueue-to-Queued figures. */
export async function publishFigures(b: Bench): Promise<void> {
  const runs = Math.max(4, RUNS);
  const composer: Array<[number, number]> = [];
  const shortcuts: Array<[number, number]> = [];
  // Alternating which dialog goes first, so drift over the run falls on both.
  for (let i = 0; i < runs; i++) {
    const pair = async (key: 'n' | '?') =>
      key === 'n'
        ? composer.push(await coldAndWarm(b, 'n', COMPOSER))
        : shortcuts.push(await coldAndWarm(b, '?', SHORTCUTS));
    if (i % 2) {
      await pair('?');
      await pair('n');
    } else {
      await pair('n');
      await pair('?');
    }
  }
  log(`shortcuts cold/warm: ${shortcuts.map(([c, w]) => `${c.toFixed(0)}/${w.toFixed(0)}`).join(' ')} ms`);
  log(`composer cold/warm: ${composer.map(([c, w]) => `${c.toFixed(0)}/${w.toFixed(0)}`).join(' ')} ms`);
  for (const [k, which] of [
    [0, 'cold (its chunk fetched, HTTP cache off)'],
    [1, 'warm (chunk loaded)'],
  ] as const) {
    const c = composer.map((x) => x[k]);
    const s = shortcuts.map((x) => x[k]);
    add({
      id: `publish.composer.${k ? 'warm' : 'cold'}`,
      label: `Composer open, ${which}: Ctrl+N → dialog with its caption box painted`,
      unit: 'ms',
      value: summarize(c),
      baseline: { label: 'Keyboard shortcuts dialog, same way', value: summarize(s) },
      ratio: summarize(c.map((x, i) => x / s[i]!)),
      note: `${runs} alternating pairs, each in a fresh tab after a settle`,
    });
  }

  // One conversation for the reply reference (the store is otherwise empty at this step); cleared afterwards.
  await b.seed('1 conversation, 20 messages', { conversations: [0, 1], messages: [[0, 0, 20]] });
  const enqueue = await enqueueSamples(b, runs + 2);
  log(`enqueue → Queued: ${enqueue.map((x) => x.toFixed(0)).join(' ')} ms`);
  const send = await sendSamples(b.context, b.appUrl, runs + 2);
  await b.benchPage.evaluate(() => window.__duetBench!.clear());
  add({
    id: 'publish.enqueue',
    label: 'Enqueue: Publish pressed → Posts view row says Queued (a photo to both)',
    unit: 'ms',
    value: summarize(enqueue),
    baseline: { label: 'reply Enter → bubble', value: summarize(send) },
    ratio: summarize(enqueue.map((x, i) => x / send[i]!)),
    note: 'offline (the queue leaves it Queued); the photo’s bytes are stored in the same strict transaction',
  });
}
