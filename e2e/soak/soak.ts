// The outbox soak: many replies through the real app (browser host + sandbox) while the sandbox injects faults on
// the Send API (commit-then-drop, resets, 5xx, throttle storms, one token expiry), reloading the page every so
// often. At the end the sandbox's delivery ledger is compared with what was sent: nothing lost, nothing doubled,
// nothing out of order per conversation, nothing stuck. Used by `npm run soak` (run.ts) and e2e/soak.spec.ts.
import { type Page } from '@playwright/test';
import { sandboxControl } from '../../sandbox/test/control';

/** How a soak run is shaped. */
export interface SoakOptions {
  sends: number;
  /** Conversations to spread the sends over (half Messenger, half Instagram). */
  conversations: number;
  /** Reload the page after every this many sends. */
  reloadEvery: number;
  /** Probability of a fault per Send API call (sum over kinds). */
  faultRate: number;
  /** Fault kinds mixed into every Send API call at `faultRate` (default: commit-then-drop, reset, http-500). */
  kinds?: Array<'commit-then-drop' | 'reset' | 'http-500'>;
  /**
   * Throttle storms (the next few Send API calls all throttled). Each makes the host hold the account for Meta's
   * `estimated_time_to_regain_access`, which is why throttling is not in the random mix.
   */
  storms?: number;
  /** The regain estimate a storm reports, in minutes (default 5, Meta's usual; the short soak in `npm test` uses 1). */
  stormRegainMinutes?: number;
  /**
   * Meta's clock minus the computer's, in ms (the sandbox clock is shifted by this at the start; default −4 min:
   * the computer's clock runs ahead, the case that used to duplicate replies).
   */
  skewMs?: number;
  /**
   * Inbound messages written to the conversations of the last batch while the app is down at each reload (more
   * than Meta's 20-message window, so a reply left in flight can no longer be looked up). Default 25.
   */
  floodOnReload?: number;
  /**
   * Stops the browser host and starts a new one on the same data folder and port (the app's origin), answering the
   * new host's launch link. Given, every second reload is a host restart (replies may be in flight when it stops).
   */
  restartHost?: () => Promise<string>;
  /** Max time to wait for the outbox to drain at the end. */
  drainTimeoutMs: number;
  log?: (line: string) => void;
}

/** What a soak found. */
export interface SoakResult {
  sends: number;
  conversations: number;
  platforms: Record<string, number>;
  reloads: number;
  /** Reloads during which the host itself was stopped and started again. */
  hostRestarts: number;
  faultsFired: Record<string, number>;
  /** Faults fired / Send API calls that reached the sandbox. */
  faultShare: number;
  sent: number;
  lost: number;
  duplicated: number;
  outOfOrder: number;
  stuck: number;
  failed: number;
  failedReasons: string[];
  /** Replies shown to the user as "Not sure this was delivered": how many the ledger has once, and not at all. */
  unconfirmedDelivered: number;
  unconfirmedNotDelivered: number;
  skewMs: number;
  floodMessages: number;
  tokenExpired: boolean;
  reSignedIn: boolean;
  /** How many times the user had to sign in again. */
  signIns: number;
  elapsedMs: number;
  drainMs: number;
}

interface Control {
  url: string;
}

const control = sandboxControl;

interface Delivery {
  conversationId: string;
  platform: string;
  text: string;
}

const SEND_ROUTE = 'POST /*/messages';

/** The page's test hook (renderer/src/test/test-hook.ts, in the test build only), as seen from Node. */
export interface HookGlobal {
  __duetTest?: {
    send(conversationId: string, text: string, opts?: { humanAgent?: boolean }): Promise<string>;
    conversations(accountId?: string, platform?: 'messenger' | 'instagram'): Promise<string[]>;
    entries(): Promise<
      Array<{ clientId: string; conversationId: string; text: string; state: string; error?: string }>
    >;
    kick(): void;
    paused(): string | null;
  };
}

/**
 * Creates `n` fresh conversations with an inbound message each (so the 24 h reply window is open), half on each
 * platform, on the first Page. Call BEFORE signing in, so the first sync brings them all.
 */
export async function prepareSoakConversations(
  sb: Control,
  n: number,
): Promise<{ pageId: string; ids: string[] }> {
  const state = await control<{ pages: Array<{ id: string; instagramId?: string }> }>(sb, 'state');
  const page = state.pages.find((p) => p.instagramId) ?? state.pages[0]!;
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const platform = i % 2 === 0 || !page.instagramId ? 'messenger' : 'instagram';
    const r = await control<{ conversationId: string }>(sb, 'inbound', {
      pageId: page.id,
      platform,
      text: `Hi! Soak customer ${i} here, is my order on its way?`,
    });
    ids.push(`${platform}:${r.conversationId}`);
  }
  return { pageId: page.id, ids };
}

async function hookReady(page: Page, timeout = 120_000) {
  await page.waitForFunction(() => Boolean((globalThis as unknown as HookGlobal).__duetTest), undefined, {
    timeout,
    polling: 250,
  });
}

/** Signs in again if the app shows the expired-session banner (demo mode signs in with one click). */
async function reSignInIfExpired(page: Page): Promise<boolean> {
  const button = page.getByRole('button', { name: 'Sign in again' });
  if (!(await button.isVisible().catch(() => false))) return false;
  await button.click().catch(() => undefined);
  return button
    .waitFor({ state: 'hidden', timeout: 60_000 })
    .then(() => true)
    .catch(() => false);
}

/**
 * Drives a soak on a page of the test build (TEST_RENDERER_DIR in e2e/fixtures.ts) that is already signed in (demo),
 * against sandbox `sb` prepared with `prepareSoakConversations`.
 */
export async function runSoak(
  page: Page,
  sb: Control,
  convIds: string[],
  opts: SoakOptions,
): Promise<SoakResult> {
  const log = opts.log ?? (() => {});
  const started = Date.now();
  await hookReady(page);
  // Wait until the first sync has stored every soak conversation.
  const deadline = Date.now() + 180_000;
  for (;;) {
    const have = new Set(
      await page.evaluate(() => (globalThis as unknown as HookGlobal).__duetTest!.conversations()),
    );
    const missing = convIds.filter((id) => !have.has(id));
    if (!missing.length) break;
    if (Date.now() > deadline)
      throw new Error(`conversations never synced: ${missing.slice(0, 3).join(', ')}…`);
    await page.waitForTimeout(1000);
  }
  log(`synced ${convIds.length} conversations`);
  const skewMs = opts.skewMs ?? -4 * 60_000;
  if (skewMs) await control(sb, 'clock', { advanceMs: skewMs });
  const { pageId } = await control<{ pages: Array<{ id: string; instagramId?: string }> }>(sb, 'state').then(
    (st) => ({ pageId: (st.pages.find((p) => p.instagramId) ?? st.pages[0]!).id }),
  );
  let floodMessages = 0;

  // Faults on the Send API, ≥ faultRate in total.
  const r = opts.faultRate;
  const weights = { 'commit-then-drop': 0.4, reset: 0.3, 'http-500': 0.3 };
  const kinds = opts.kinds ?? (Object.keys(weights) as Array<keyof typeof weights>);
  const total = kinds.reduce((n, k) => n + weights[k], 0);
  for (const kind of kinds) {
    await control(sb, 'faults', { route: SEND_ROUTE, kind, probability: (r * weights[kind]) / total });
  }
  const storms = opts.storms ?? 1;
  const stormAt = new Set(
    Array.from({ length: storms }, (_, k) => Math.round(((k + 1) * opts.sends) / (storms + 2))),
  );
  const hits: Record<string, number> = {};
  const collectHits = async () => {
    const list = await control<{ faults: Array<{ id: string; kind: string; hits: number }> }>(sb, 'faults');
    for (const f of list.faults) hits[`${f.id}|${f.kind}`] = f.hits;
  };

  const texts: Array<{ text: string; conv: string }> = [];
  let reloads = 0;
  let hostRestarts = 0;
  let tokenExpired = false;
  let reSignedIn = false;
  let signIns = 0;
  const batch = 10;
  for (let i = 0; i < opts.sends;) {
    const chunk: Array<{ text: string; conv: string }> = [];
    for (let k = 0; k < batch && i < opts.sends; k++, i++) {
      const conv = convIds[(i * 7 + Math.floor(i / convIds.length)) % convIds.length]!;
      chunk.push({ text: `soak #${i} → ${conv.slice(0, 24)}`, conv });
    }
    // The same outbox.send the composer calls (window.__duetTest exists only in the test build, dist-test/renderer).
    await page.evaluate(async (items) => {
      for (const it of items) await (globalThis as unknown as HookGlobal).__duetTest!.send(it.conv, it.text);
    }, chunk);
    texts.push(...chunk);

    if (!tokenExpired && i >= opts.sends / 2) {
      // The token expires (error 190 on the next send, and every token of the user invalidated): the app must pause
      // the queue, drop nothing, and resume once the user signs in again.
      tokenExpired = true;
      await control(sb, 'faults', { route: SEND_ROUTE, kind: 'token-expired', probability: 1, count: 1 });
      const { demoUserId } = await control<{ demoUserId: string }>(sb, 'state');
      await control(sb, 'tokens/expire', { userId: demoUserId });
      log(`sent ${i}: token expired`);
      const until = Date.now() + 90_000;
      while (!reSignedIn && Date.now() < until) {
        reSignedIn = await reSignInIfExpired(page);
        if (reSignedIn) signIns++;
        else await page.waitForTimeout(1000);
      }
      log(reSignedIn ? `sent ${i}: signed in again` : `sent ${i}: the app never asked to sign in again`);
    }
    if ([...stormAt].some((at) => i >= at && i - batch < at)) {
      // A throttle storm: the next Send API calls are all throttled (code 613 with a regain estimate).
      await control(sb, 'faults', {
        route: SEND_ROUTE,
        kind: 'throttle',
        probability: 1,
        count: 5,
        regainMinutes: opts.stormRegainMinutes ?? 5,
      });
      log(`sent ${i}: throttle storm`);
    }
    await collectHits();
    // The expiry can surface later (e.g. while the host holds calls for a throttle): sign in whenever asked.
    if (await reSignInIfExpired(page)) {
      reSignedIn = true;
      signIns++;
    }
    if (i % opts.reloadEvery === 0 && i < opts.sends) {
      // The app goes away (replies may be in flight); while it is down the customers of the last batch write more
      // than Meta's 20-message window; then it comes back.
      let url = page.url();
      await page.goto('about:blank');
      if (opts.restartHost && reloads % 2 === 1) {
        // The host goes away too (its in-flight sends stay "in flight" in its registry on disk) and comes back on
        // the same origin; the page signs in to it with the new launch link, keeping its own parameters.
        const launch = new URL(await opts.restartHost());
        for (const [k, v] of new URL(url).searchParams) launch.searchParams.set(k, v);
        url = launch.href;
        hostRestarts++;
        log(`sent ${i}: host restarted`);
      }
      const flood = opts.floodOnReload ?? 25;
      for (const conv of new Set(chunk.map((c) => c.conv))) {
        const [platform, conversationId] = conv.split(':') as [string, string];
        for (let m = 0; m < flood; m++) {
          await control(sb, 'inbound', { pageId, platform, conversationId, text: `Customer follow-up ${m}` });
          floodMessages++;
        }
      }
      await page.goto(url);
      await hookReady(page);
      reloads++;
      log(`sent ${i}: reloaded (${reloads})`);
    }
  }
  log(`all ${texts.length} sends written; draining with faults still on`);

  // Drain: first with the faults still injected, then healed; done when nothing is queued, sending or unknown.
  const drainStart = Date.now();
  let healed = false;
  let entries: Array<{ text: string; state: string; error?: string }>;
  let lastLog = 0;
  for (;;) {
    if (await reSignInIfExpired(page)) {
      reSignedIn = true;
      signIns++;
    }
    entries = await page.evaluate(() => (globalThis as unknown as HookGlobal).__duetTest!.entries());
    const pending = entries.filter((e) => e.state !== 'failed' && e.state !== 'unconfirmed').length;
    if (!healed && (pending === 0 || Date.now() - drainStart > opts.drainTimeoutMs / 2)) {
      await collectHits();
      await control(sb, 'faults', undefined, 'DELETE');
      healed = true;
      log(`healed the network with ${pending} pending`);
    }
    if (healed && !pending) break;
    if (Date.now() - drainStart > opts.drainTimeoutMs) break;
    if (Date.now() - lastLog > 20_000) {
      lastLog = Date.now();
      const states: Record<string, number> = {};
      for (const e of entries) states[e.state] = (states[e.state] ?? 0) + 1;
      const paused = await page.evaluate(() => (globalThis as unknown as HookGlobal).__duetTest!.paused());
      const error = entries.find((e) => e.error)?.error ?? '';
      log(
        `draining: ${pending} pending ${JSON.stringify(states)}${paused ? ` paused=${paused}` : ''} ${error.slice(0, 120)}`,
      );
    }
    await page.evaluate(() => (globalThis as unknown as HookGlobal).__duetTest!.kick());
    await page.waitForTimeout(2000);
  }
  const faultsFired: Record<string, number> = {};
  for (const [key, n] of Object.entries(hits))
    faultsFired[key.split('|')[1]!] = (faultsFired[key.split('|')[1]!] ?? 0) + n;
  const drainMs = Date.now() - drainStart;

  const ledger = (await control<{ deliveries: Delivery[] }>(sb, 'ledger')).deliveries;
  // Send API calls that reached the sandbox: each delivery, plus each fault that stopped one (commit-then-drop
  // delivers, so it is already counted in the ledger).
  const faultTotal = Object.values(faultsFired).reduce((a, b) => a + b, 0);
  const apiCalls = ledger.length + faultTotal - (faultsFired['commit-then-drop'] ?? 0);
  const count = new Map<string, number>();
  for (const d of ledger) count.set(d.text, (count.get(d.text) ?? 0) + 1);
  const failedTexts = new Set(entries.filter((e) => e.state === 'failed').map((e) => e.text));
  const unconfirmedTexts = new Set(entries.filter((e) => e.state === 'unconfirmed').map((e) => e.text));
  const stuck = entries.filter((e) => e.state !== 'failed' && e.state !== 'unconfirmed').length;
  let sent = 0;
  let lost = 0;
  let duplicated = 0;
  let unconfirmedDelivered = 0;
  let unconfirmedNotDelivered = 0;
  for (const t of texts) {
    const c = count.get(t.text) ?? 0;
    if (c >= 1) sent++;
    if (c > 1) duplicated += c - 1;
    // Unconfirmed is shown to the user with Check again / Send again: not silently lost, but counted apart.
    if (unconfirmedTexts.has(t.text)) {
      if (c === 0) unconfirmedNotDelivered++;
      else unconfirmedDelivered++;
    }
    if (c === 0 && !failedTexts.has(t.text) && !unconfirmedTexts.has(t.text)) lost++;
  }
  // Order: within each conversation, the ledger must list our replies in the order they were written.
  const seqOf = new Map(texts.map((t, i) => [t.text, i]));
  const lastSeq = new Map<string, number>();
  let outOfOrder = 0;
  for (const d of ledger) {
    const seq = seqOf.get(d.text);
    if (seq === undefined) continue;
    const conv = texts[seq]!.conv;
    if ((lastSeq.get(conv) ?? -1) > seq) outOfOrder++;
    lastSeq.set(conv, Math.max(lastSeq.get(conv) ?? -1, seq));
  }
  const platforms: Record<string, number> = {};
  for (const t of texts) platforms[t.conv.split(':')[0]!] = (platforms[t.conv.split(':')[0]!] ?? 0) + 1;
  return {
    sends: texts.length,
    conversations: new Set(texts.map((t) => t.conv)).size,
    platforms,
    reloads,
    hostRestarts,
    faultsFired,
    faultShare: apiCalls ? faultTotal / apiCalls : 0,
    sent,
    lost,
    duplicated,
    outOfOrder,
    stuck,
    failed: failedTexts.size,
    failedReasons: [...new Set(entries.filter((e) => e.state === 'failed').map((e) => e.error ?? '?'))].slice(
      0,
      5,
    ),
    unconfirmedDelivered,
    unconfirmedNotDelivered,
    skewMs,
    floodMessages,
    tokenExpired,
    reSignedIn,
    signIns,
    elapsedMs: Date.now() - started,
    drainMs,
  };
}

/** True when a soak passed: nothing lost, doubled, out of order or stuck. */
export function soakPassed(r: SoakResult): boolean {
  return (
    r.lost === 0 &&
    r.duplicated === 0 &&
    r.outOfOrder === 0 &&
    r.stuck === 0 &&
    r.sent + r.failed + r.unconfirmedNotDelivered === r.sends
  );
}
