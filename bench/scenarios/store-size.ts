/**
 * Local store size per 100k messages (with the search index): the bytes the messages cost on disk vs the UTF-8 bytes
 * of the same rows' JSON.
 *
 * Measured in its own on-disk Chromium profile: the bench's main context is off the record, so its IndexedDB lives
 * in memory and has no LevelDB folder, and `navigator.storage.estimate()` there reports the in-memory size (3.7× the
 * on-disk size of the same rows in a probe; in an on-disk profile it lagged the folder by 50 %). So the figure is
 * the growth of the origin's `…indexeddb.leveldb` folder from a 50k-message store to a 100k-message one (same
 * records as the bench's stages: 100 messages in each of 500 more conversations, written through `ingestMessages`),
 * each measured after the write settles; a difference, so the schema, the conversations and LevelDB's fixed files
 * are not counted.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, resolveChromium } from '../../e2e/support/chromium';
import { type Bench, msgPlan } from '../lib/bench';
import { log } from '../lib/env';
import { add } from '../lib/report';
import { summarize } from '../lib/stats';

/** Bytes of every file in the profile's IndexedDB LevelDB folders (there is one origin in this profile). */
function indexedDbBytes(profile: string): number {
  const root = join(profile, 'Default', 'IndexedDB');
  let total = 0;
  for (const dir of readdirSync(root).filter((d) => d.endsWith('.indexeddb.leveldb')))
    for (const f of readdirSync(join(root, dir))) total += statSync(join(root, dir, f)).size;
  return total;
}

/** The store-size figure. */
export async function storeSizeFigure({ emptyHost, seedOn }: Bench): Promise<void> {
  const profile = mkdtempSync(join(tmpdir(), 'duet-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: resolveChromium(),
    args: CHROMIUM_ARGS,
  });
  try {
    await context.addInitScript('globalThis.__name = globalThis.__name || ((f) => f);');
    const page = await context.newPage();
    await page.goto(emptyHost.launchUrl('/bench/bench.html'));
    await page.waitForFunction(() => !!window.__duetBench);
    await seedOn(page, 'store size: 1,000 conversations', { conversations: [0, 1_000] });
    await seedOn(page, 'store size: 50k messages', { messages: msgPlan(0, 500, 100) });
    const at50k = indexedDbBytes(profile);
    await seedOn(page, 'store size: 100k messages', { messages: msgPlan(500, 1_000, 100) });
    const at100k = indexedDbBytes(profile);
    const rows = await page.evaluate(([from, to]) => window.__duetBench!.messageBytes(from, to), [
      500, 1_000,
    ] as [number, number]);
    const disk = ((at100k - at50k) * 100_000) / rows.count;
    const json = (rows.jsonBytes * 100_000) / rows.count;
    log(
      `store size: ${(at50k / 1e6).toFixed(1)} MB at 50k messages, ${(at100k / 1e6).toFixed(1)} MB at 100k; ` +
        `the second 50k: ${rows.count} rows, ${(rows.jsonBytes / 1e6).toFixed(1)} MB of JSON, ${rows.words} words indexed`,
    );
    add({
      id: 'store.size',
      label: 'Local store size per 100k messages (with the search index)',
      unit: 'MB',
      value: summarize([disk / 1e6]),
      baseline: { label: "the rows' JSON (UTF-8)", value: summarize([json / 1e6]) },
      ratio: summarize([disk / json]),
      target: '≤ 2×',
      max: 2,
      note:
        `growth of the IndexedDB folder of an on-disk profile from 50k to 100k messages, scaled to 100k; ` +
        `${(rows.words / rows.count).toFixed(1)} indexed words per message; whole folder at 100k: ${(at100k / 1e6).toFixed(1)} MB`,
    });
  } finally {
    await context.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
  }
}
