/**
 * Insights: the Insights view open (tab click → both columns' charts drawn) with 2 years of daily snapshots for 20
 * metrics vs 30 days of the same on another origin, in alternating pairs. The chart's laziness is part of the bundle
 * figure (lib/build.ts: neither the chart's marker nor uPlot may be in the initial JS).
 */
import { type Page } from '@playwright/test';
import { openApp, settle, waitMarks } from '../lib/app';
import { type Bench } from '../lib/bench';
import { RUNS, log, sleep } from '../lib/env';
import { clickAndWait } from '../lib/page-scripts';
import { alternatingPairs } from '../lib/pairs';
import { add } from '../lib/report';
import { summarize } from '../lib/stats';
import { type InsightsSeed } from '../pages/bench-entry';

const DAY = 86_400_000;
/** 10 Page series and 10 Instagram series: the columns' headline metrics, the views split and four more. */
const FB_METRICS = [
  'page_media_view',
  'page_media_view#is_from_ads:true',
  'page_media_view#is_from_ads:false',
  'page_total_media_view_unique',
  'page_daily_follows_unique',
  'page_daily_unfollows_unique',
  'page_post_engagements',
  'page_views_total',
  'page_video_views',
  'page_follows',
];
const IG_METRICS = [
  'views',
  'reach',
  'accounts_engaged',
  'total_interactions',
  'follower_count',
  'profile_links_taps',
  'likes',
  'comments',
  'shares',
  'saves',
];
/** Both columns' charts drew stored days on their canvas (Chart sets the count after each uPlot draw). */
const drawn = (network: string) =>
  `[data-testid="insights-${network}"] [data-drawn-values]:not([data-drawn-values="0"])`;
const DRAWN = `.insights-columns:has(${drawn('facebook')}):has(${drawn('instagram')})`;

/** The signed-in Page and its Instagram account, from the host (the bench page shares the app's origin). */
async function accountOf(p: Page): Promise<{ id: string; igId: string }> {
  const st = await p.evaluate(async () => {
    const res = await fetch('/bridge/session/get', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-duet-bridge': '1' },
      body: '{}',
    });
    return (await res.json()) as {
      session?: { accounts: Array<{ id: string; instagram?: { id: string } }> };
    };
  });
  const a = st.session?.accounts[0];
  if (!a?.instagram) throw new Error('the demo account has no linked Instagram account');
  return { id: a.id, igId: a.instagram.id };
}

async function seedDays(p: Page, account: { id: string; igId: string }, days: number): Promise<void> {
  const plan: InsightsSeed = {
    accountId: account.id,
    until: Math.floor(Date.now() / DAY) * DAY + DAY,
    days,
    objects: [
      { id: account.id, network: 'facebook', metrics: FB_METRICS },
      { id: account.igId, network: 'instagram', metrics: IG_METRICS },
    ],
  };
  const ms = await p.evaluate((pl) => window.__duetBench!.seedInsights(pl), plan);
  const counts = await p.evaluate(() => window.__duetBench!.counts());
  log(`seeded ${days} days of insights (20 metrics) in ${(ms / 1000).toFixed(1)} s: ${counts.insights} rows`);
}

/** Home → Insights tab → both columns' charts drawn (ms from the click to the frame painting them). */
async function openInsights(b: Bench, url: string): Promise<number> {
  const p = await openApp(b.context, url);
  await waitMarks(p, ['shell']);
  await settle(p);
  const ms = await p.evaluate(clickAndWait, {
    click: 'nav[aria-label="Views"] button[title^="Insights"]',
    waitFor: DRAWN,
    attributes: ['data-drawn-values'],
  });
  await p.close();
  return ms;
}

/** The Insights view open with 2 years vs 30 days of daily snapshots (≤ 1.3×). */
export async function insightsFigures(b: Bench): Promise<void> {
  const { appUrl, benchPage, smallHost, smallBench } = b;
  const account = await accountOf(benchPage);
  await seedDays(benchPage, account, 730);
  await seedDays(smallBench, account, 30);
  await sleep(5000);
  const pairs = Math.max(4, RUNS);
  const run = await alternatingPairs(pairs, (big) => openInsights(b, big ? appUrl : smallHost.url));
  const { big: long, small: short, warmup } = run;
  const ratio = summarize(run.ratios);
  log(`insights open: per-pair ratios ${run.ratios.map((r) => r.toFixed(2)).join(' ')}`);
  add({
    id: 'insights.open',
    label: 'Insights view open (tab click → both charts drawn), 2 years × 20 metrics',
    unit: 'ms',
    value: summarize(long),
    baseline: { label: '30 days × 20 metrics', value: summarize(short) },
    ratio,
    target: '≤ 1.3×',
    max: 1.3,
    note: `${pairs} alternating pairs on two origins (warm-up pair discarded: ${warmup}); the view reads only the shown range and the period before it through the [objectId+metric+breakdown+endTime] index`,
  });
  // Later figures expect stores without insights rows (and the small origin is reseeded for the inbox figures).
  await benchPage.evaluate(() => window.__duetBench!.clearInsights());
  await smallBench.evaluate(() => window.__duetBench!.clearInsights());
}
