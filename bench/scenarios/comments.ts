/**
 * Comments: the Comments view open (tab click → the first thread painted) with 50k stored comments vs 5k on another
 * origin, in alternating pairs (≤ 1.3×). The view reads one page of the newest threads through the `lists` index, so
 * the store's size should not show. Comment ingest is in scenarios/ingest.ts.
 */
import { openApp, settle, waitMarks } from '../lib/app';
import { type Bench } from '../lib/bench';
import { RUNS, log, sleep } from '../lib/env';
import { clickAndWait } from '../lib/page-scripts';
import { alternatingPairs } from '../lib/pairs';
import { add } from '../lib/report';
import { summarize } from '../lib/stats';

const THREAD = '[data-testid="comment-list"] [role="listitem"]';

/** Home → Comments tab → the first thread painted (ms from the click to the frame painting it). */
async function openComments(b: Bench, url: string): Promise<number> {
  const p = await openApp(b.context, url);
  await waitMarks(p, ['shell']);
  await settle(p);
  const ms = await p.evaluate(clickAndWait, {
    click: 'nav[aria-label="Views"] button[title^="Comments"]',
    waitFor: THREAD,
  });
  await p.close();
  return ms;
}

/** The Comments view open with 50k vs 5k stored comments. */
export async function commentsFigures(b: Bench): Promise<void> {
  const { appUrl, accountId, benchPage, smallHost, smallBench } = b;
  for (const [bp, n] of [
    [benchPage, 50_000],
    [smallBench, 5_000],
  ] as const) {
    const ms = await bp.evaluate(([a, c]) => window.__duetBench!.seedComments(a, c), [accountId, n] as const);
    log(`seeded ${n.toLocaleString('en-US')} comments in ${(ms / 1000).toFixed(1)} s`);
  }
  // Let IndexedDB's LevelDB settle (compaction after a big write) before anything is timed.
  await sleep(5000);
  const pairs = Math.max(4, RUNS);
  const { big, small, ratios, warmup } = await alternatingPairs(pairs, (large) =>
    openComments(b, large ? appUrl : smallHost.url),
  );
  log(`comments open: per-pair ratios ${ratios.map((r) => r.toFixed(2)).join(' ')}`);
  add({
    id: 'comments.open',
    label: 'Comments view open (tab click → first thread painted), 50k stored comments',
    unit: 'ms',
    value: summarize(big),
    baseline: { label: '5k stored comments', value: summarize(small) },
    ratio: summarize(ratios),
    target: '≤ 1.3×',
    max: 1.3,
    note: `${pairs} alternating pairs on two origins (warm-up pair discarded: ${warmup}); the list reads one page through the lists index`,
  });
  // Later figures expect stores without comments.
  await benchPage.evaluate(() => window.__duetBench!.clearComments());
  await smallBench.evaluate(() => window.__duetBench!.clearComments());
}
