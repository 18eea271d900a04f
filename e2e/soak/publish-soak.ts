// The publish soak: many posts of mixed types through the real app (browser host + sandbox) while the sandbox
// injects publish faults — error-after-success and dropped-after-success on Facebook's /feed and Instagram's
// media_publish, 5xx on photo uploads and container creation — with reloads in between. At the end the sandbox's own
// record of what went live is compared with the queue: nothing published twice, nothing lost, nothing stuck. Used
// by `npm run soak:publish` (publish-run.ts) and e2e/publish-soak.spec.ts.
import { type Page } from '@playwright/test';
import { sandboxControl } from '../../sandbox/test/control';

/** How a publish soak is shaped. */
export interface PublishSoakOptions {
  posts: number;
  /** Reload the page after every this many posts. */
  reloadEvery: number;
  /** Probability of a fault per publish call (error-after-success and dropped-after-success, half each). */
  faultRate: number;
  drainTimeoutMs: number;
  log?: (line: string) => void;
}

/** What a publish soak found. */
export interface PublishSoakResult {
  posts: number;
  targets: number;
  reloads: number;
  faultsFired: Record<string, number>;
  /** Faults fired / publish calls that reached the sandbox. */
  faultShare: number;
  published: number;
  /** A network shows a post more than once. */
  duplicated: number;
  /** A target that is gone, or says published while the network does not have it. */
  lost: number;
  /** Still working after the drain. */
  stuck: number;
  /** Refused by Meta (not live), with a reason. */
  failed: number;
  failedReasons: string[];
  /** Live, but the queue says it failed. */
  misreported: number;
  /** Shown to the user as "Sent, outcome unknown", by whether the network has it. */
  unconfirmedLive: number;
  unconfirmedNotLive: number;
  elapsedMs: number;
}

interface Hook {
  publish(post: {
    caption: string;
    networks: Array<'facebook' | 'instagram'>;
    kind: 'text' | 'photo' | 'photos';
    photos: number;
  }): Promise<string>;
  publishTargets(): Promise<
    Array<{ caption: string; network: string; state: string; held: boolean; error?: string }>
  >;
  kickPublish(): void;
}
type Ledger = { live: Array<{ kind: 'fb-post' | 'ig-media'; text?: string }> };

const hook = (page: Page) =>
  page.waitForFunction(
    () => Boolean((globalThis as unknown as { __duetTest?: Hook }).__duetTest),
    undefined,
    {
      timeout: 120_000,
      polling: 250,
    },
  );
const PUBLISH_ROUTES = ['POST /*/feed', 'POST /*/media_publish'];
const WORKING = ['queued', 'uploading', 'processing', 'ready', 'publishing', 'scheduled'];

/** The mix of post types: text (Facebook), a photo to both, two photos to both, a photo to Instagram only. */
function shapeOf(i: number) {
  const shapes = [
    { kind: 'text' as const, networks: ['facebook' as const], photos: 0 },
    { kind: 'photo' as const, networks: ['facebook' as const, 'instagram' as const], photos: 1 },
    { kind: 'photos' as const, networks: ['facebook' as const, 'instagram' as const], photos: 2 },
    { kind: 'photo' as const, networks: ['instagram' as const], photos: 1 },
  ];
  return shapes[i % shapes.length]!;
}

/** Runs the soak on a signed-in page of the test build. */
export async function runPublishSoak(
  page: Page,
  sandbox: { url: string },
  opts: PublishSoakOptions,
): Promise<PublishSoakResult> {
  const started = Date.now();
  const log = opts.log ?? (() => undefined);
  for (const route of PUBLISH_ROUTES)
    for (const kind of ['error-after-success', 'commit-then-drop'])
      await sandboxControl(sandbox, 'faults', { route, kind, probability: opts.faultRate / 2 });
  await sandboxControl(sandbox, 'faults', { route: 'POST /*/photos', kind: 'http-500', probability: 0.1 });
  await sandboxControl(sandbox, 'faults', { route: 'POST /*/media', kind: 'http-500', probability: 0.1 });
  await hook(page);
  const captions: string[] = [];
  let reloads = 0;
  for (let i = 0; i < opts.posts; i++) {
    const caption = `Soak post ${i}: ${['candles', 'soap', 'wax melts', 'gift sets'][i % 4]} ${started}`;
    const shape = shapeOf(i);
    await page.evaluate((p) => (globalThis as unknown as { __duetTest: Hook }).__duetTest.publish(p), {
      caption,
      ...shape,
    });
    captions.push(caption);
    if ((i + 1) % opts.reloadEvery === 0 && i + 1 < opts.posts) {
      // The app goes away mid-publish and comes back.
      await page.reload();
      await hook(page);
      reloads++;
      log(`posted ${i + 1}: reloaded (${reloads})`);
    }
  }
  log(`all ${captions.length} posts queued; draining with faults still on`);

  const faults = async () =>
    (await sandboxControl<{ faults: Array<{ kind: string; hits: number }> }>(sandbox, 'faults')).faults;
  const faultsFired: Record<string, number> = {};
  let healed = false;
  const drainStart = Date.now();
  let targets: Awaited<ReturnType<Hook['publishTargets']>> = [];
  for (;;) {
    targets = await page.evaluate(() =>
      (globalThis as unknown as { __duetTest: Hook }).__duetTest.publishTargets(),
    );
    const working = targets.filter(
      (t) => WORKING.includes(t.state) || (t.state === 'unconfirmed' && !t.held),
    );
    if (!healed && (working.length === 0 || Date.now() - drainStart > opts.drainTimeoutMs / 2)) {
      for (const f of await faults()) faultsFired[f.kind] = (faultsFired[f.kind] ?? 0) + f.hits;
      await sandboxControl(sandbox, 'faults', undefined, 'DELETE');
      healed = true;
      log(`healed with ${working.length} working`);
    }
    if (healed && working.length === 0) break;
    if (Date.now() - drainStart > opts.drainTimeoutMs) break;
    await page.evaluate(() => (globalThis as unknown as { __duetTest: Hook }).__duetTest.kickPublish());
    await page.waitForTimeout(2000);
  }

  const ledger = await sandboxControl<Ledger>(sandbox, 'publish/ledger');
  const requests = await sandboxControl<{ requests: Array<{ method: string; path: string }> }>(
    sandbox,
    'requests',
  );
  const publishCalls = requests.requests.filter(
    (r) => r.method === 'POST' && /\/(feed|media_publish)$/.test(r.path),
  ).length;
  const liveCount = (caption: string, network: string) =>
    ledger.live.filter(
      (e) => e.text === caption && e.kind === (network === 'facebook' ? 'fb-post' : 'ig-media'),
    ).length;
  const r: PublishSoakResult = {
    posts: captions.length,
    targets: 0,
    reloads,
    faultsFired,
    faultShare: publishCalls ? Object.values(faultsFired).reduce((a, b) => a + b, 0) / publishCalls : 0,
    published: 0,
    duplicated: 0,
    lost: 0,
    stuck: 0,
    failed: 0,
    failedReasons: [],
    misreported: 0,
    unconfirmedLive: 0,
    unconfirmedNotLive: 0,
    elapsedMs: 0,
  };
  captions.forEach((caption, i) => {
    for (const network of shapeOf(i).networks) {
      r.targets++;
      const t = targets.find((x) => x.caption === caption && x.network === network);
      const live = liveCount(caption, network);
      if (live > 1) r.duplicated++;
      if (!t) r.lost++;
      else if (t.state === 'published') {
        if (live === 1) r.published++;
        else if (live === 0) r.lost++;
      } else if (t.state === 'failed') {
        if (live) r.misreported++;
        else r.failed++;
        if (t.error && !r.failedReasons.includes(t.error)) r.failedReasons.push(t.error);
      } else if (t.state === 'unconfirmed' && t.held) {
        if (live) r.unconfirmedLive++;
        else r.unconfirmedNotLive++;
      } else r.stuck++;
    }
  });
  r.elapsedMs = Date.now() - started;
  return r;
}

/** Nothing doubled, nothing lost, nothing stuck, nothing live shown as failed. */
export function publishSoakPassed(r: PublishSoakResult): boolean {
  return r.duplicated === 0 && r.lost === 0 && r.stuck === 0 && r.misreported === 0;
}
