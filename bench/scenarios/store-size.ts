/**
 * Local store size per 100k messages (with the search index): the bytes the messages cost on disk vs the UTF-8 bytes
 * of the same rows' JSON.
 *
 * Measured in its own on-disk Chromium profile: the bench's main context is off the record, so its IndexedDB lives
 * in memory and has no LevelDB folder, and `navigator.storage.estimate()` there reports the in-memory size (3.7× the
 * on-disk size of the same rows in a probe; in an on-disk profile it lagged the folder by 50 %). So the figure is
 * the growth of the origin's `…indexeddb.leveldb` folder from a store of 1,000 conversations to one with 100k
 * messages (the bench's records, 100 per conversation, written through `ingestMessages`), each size read once
 * LevelDB's compaction has settled. Not the 50k→100k growth: where compaction stands at 50k swings that half by
 * ±2× (the note still gives both halves). The schema, the conversations and LevelDB's fixed files cancel out.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, resolveChromium } from '../../e2e/support/chromium';
import { type Bench, msgPlan } from '../lib/bench';
import { log, sleep } from '../lib/env';
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

/**
 * The folder's size once LevelDB has stopped rewriting it (compaction after a big write runs in the background):
 * unchanged over three polls 2 s apart, or after 90 s.
 */
async function settledBytes(profile: string): Promise<number> {
  let last = -1;
  let same = 0;
  for (let waited = 0; waited < 90_000 && same < 3; waited += 2000) {
    await sleep(2000);
    const now = indexedDbBytes(profile);
    same = now === last ? same + 1 : 0;
    last = now;
  }
  return last;
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
    const at0 = await settledBytes(profile);
    await seedOn(page, 'store size: 50k messages', { messages: msgPlan(0, 500, 100) });
    const at50k = await settledBytes(profile);
    await seedOn(page, 'store size: 100k messages', { messages: msgPlan(500, 1_000, 100) });
    const at100k = await settledBytes(profile);
    const rows = await page.evaluate(([from, to]) => window.__duetBench!.messageBytes(from, to), [
      0, 1_000,
    ] as [number, number]);
    const disk = ((at100k - at0) * 100_000) / rows.count;
    const json = (rows.jsonBytes * 100_000) / rows.count;
    log(
      `store size: ${(at0 / 1e6).toFixed(1)} MB with conversations only, ${(at50k / 1e6).toFixed(1)} MB at 50k ` +
        `messages, ${(at100k / 1e6).toFixed(1)} MB at 100k; ${rows.count} rows, ${(rows.jsonBytes / 1e6).toFixed(1)} MB ` +
        `of JSON, ${rows.words} words indexed`,
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
        `growth of the IndexedDB folder of an on-disk profile from conversations only to 100k messages, settled; ` +
        `${(rows.words / rows.count).toFixed(1)} indexed words per message; 0→50k: ${((at50k - at0) / 1e6).toFixed(1)} MB, ` +
        `50k→100k: ${((at100k - at50k) / 1e6).toFixed(1)} MB`,
    });
  } finally {
    await context.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
  }
}
