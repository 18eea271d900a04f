/** Scrolling: 10.5k feed items vs 100, and the 5k-message thread vs a 200-message one (frames and DOM size). */
import { type Bench } from '../lib/bench';
import { openApp, openThread, waitMarks } from '../lib/app';
import { RUNS, sleep } from '../lib/env';
import { scrollFrames } from '../lib/page-scripts';
import { add } from '../lib/report';
import { quantile, summarize } from '../lib/stats';

/** Frame intervals and DOM nodes of one scroll run. */
export type ScrollRun = Awaited<ReturnType<typeof feedScroll>>;

/** Opens the app and scrolls the feed 240 frames of 250 px. */
export async function feedScroll({ context, appUrl }: Bench) {
  const p = await openApp(context, appUrl);
  await waitMarks(p, ['feed', 'gallery']);
  await sleep(500);
  const r = await p.evaluate(scrollFrames, {
    selector: '[data-testid="feed-scroll"]',
    step: 250,
    frames: 240,
  });
  await p.close();
  return r;
}

/** p95/p99 frame interval, long frames and max DOM nodes of a scroll vs its small-list baseline. */
function scrollFig(
  id: string,
  label: string,
  frames: number[],
  nodes: number[],
  baseNodes: number,
  baseFrames: number[],
) {
  for (const q of [0.95, 0.99]) {
    const v = quantile(frames, q);
    const b = quantile(baseFrames, q);
    add({
      id: `${id}.p${q * 100}`,
      label: `${label}: p${q * 100} frame interval`,
      unit: 'ms',
      value: summarize([v]),
      baseline: { label: 'small list', value: summarize([b]) },
      ratio: summarize([v / b]),
    });
  }
  const long = (f: number[]) => f.filter((x) => x > 50).length;
  add({
    id: `${id}.long`,
    label: `${label}: long frames > 50 ms`,
    unit: 'frames',
    value: summarize([long(frames)]),
    baseline: { label: 'small list', value: summarize([long(baseFrames)]) },
    note: `of ${frames.length} (small list: of ${baseFrames.length})`,
  });
  add({
    id: `${id}.dom`,
    label: `${label}: DOM nodes (max while scrolling)`,
    unit: 'nodes',
    value: summarize(nodes),
    baseline: { label: 'small list', value: summarize([baseNodes]) },
    ratio: summarize(nodes.map((n) => n / baseNodes)),
    target: '≤ 1.2×',
    max: 1.2,
  });
}

/** The feed and thread scroll figures; `feed100` is the feed scrolled with 100 posts stored. */
export async function scrollFigures(b: Bench, feed100: ScrollRun): Promise<void> {
  const { context, appUrl } = b;
  // --- Scrolling: 10.5k feed items vs 100; the 5k-message thread vs a 200-message one.
  const feedRuns = [];
  for (let i = 0; i < Math.max(2, RUNS - 2); i++) feedRuns.push(await feedScroll(b));
  const feedFrames = feedRuns.flatMap((r) => r.frames);
  scrollFig(
    'scroll.feed',
    'Feed scroll, 10.5k posts (250 px/frame, 240 frames)',
    feedFrames,
    feedRuns.map((r) => r.maxNodes),
    feed100.maxNodes,
    feed100.frames,
  );

  const threadScroll = async (row: number) => {
    const { page } = await openThread(context, appUrl, row);
    await sleep(800);
    const r = await page.evaluate(scrollFrames, { selector: '.thread-scroll', step: -200, frames: 200 });
    await page.close();
    return r;
  };
  const thread200 = await threadScroll(1);
  const threadRuns = [];
  for (let i = 0; i < Math.max(2, RUNS - 2); i++) threadRuns.push(await threadScroll(0));
  scrollFig(
    'scroll.thread',
    'Thread scroll up, 5k messages (200 px/frame, 200 frames)',
    threadRuns.flatMap((r) => r.frames),
    threadRuns.map((r) => r.maxNodes),
    thread200.maxNodes,
    thread200.frames,
  );
}
