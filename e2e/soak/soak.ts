// The outbox soak: many replies through the real app (browser host + sandbox) while the sandbox injects faults on
// the Send API (commit-then-drop, resets, 5xx, throttle storms, one token expiry), reloading the page every so
// often. At the end the sandbox's delivery ledger is compared with what was sent: nothing lost, nothing doubled,
// nothing out of order per conversation, nothing stuck. Used by `npm run soak` (run.ts) and e2e/soak.spec.ts.
import { type Page } from '@playwright/test';

/** How a soak run is shaped. */
export interface SoakOptions {
  sends: number;
  /** Conversations to spread the sends over (half Messenger, half Instagram). */
  conversations: number;
  /** Reload the page after every this many sends. */
  reloadEvery: number;
  /** Probability of a fault per Send API call (sum over kinds). */
  faultRate: number;
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
  faultsFired: Record<string, number>;
  sent: number;
  lost: number;
  duplicated: number;
  outOfOrder: number;
  stuck: number;
  failed: number;
  failedReasons: string[];
  tokenExpired: boolean;
  reSignedIn: boolean;
  elapsedMs: number;
  drainMs: number;
}

interface Control {
  url: string;
}

async function control<T = unknown>(sb: Control, path: string, body?: unknown, method?: string): Promise<T> {
  const res = await fetch(`${sb.url}/__sandbox/${path}`, {
    method: method ?? (body === undefined ? 'GET' : 'POST'),
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`sandbox ${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

interface Delivery {
  conversationId: string;
  platform: string;
  text: string;
}

const SEND_ROUTE = 'POST /*/messages';

/** The page's test hook (renderer/src/features/inbox/test-hook.ts), as seen from Node. */
export interface HookGlobal {
  __duetTest?: {
    send(conversationId: string, text: string, opts?: { humanAgent?: boolean }): Promise<string>;
    conversations(accountId?: string, platform?: 'messenger' | 'instagram'): Promise<string[]>;
    entries(): Promise<
      Array<{ clientId: string; conversationId: string; text: string; state: string; error?: string }>
    >;
    kick(): void;
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
  await button.click();
  await button.waitFor({ state: 'hidden', timeout: 60_000 }).catch(() => undefined);
  return true;
}

/**
 * Drives a soak on a page that is already signed in (demo) with `duetTest=1` in its URL, against sandbox `sb`
 * prepared with `prepareSoakConversations`.
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

  // Faults on the Send API, ≥ faultRate in total.
  const r = opts.faultRate;
  const faults = [
    { kind: 'commit-then-drop', probability: r * 0.3 },
    { kind: 'reset', probability: r * 0.25 },
    { kind: 'http-500', probability: r * 0.25 },
    { kind: 'throttle', probability: r * 0.2 },
  ];
  for (const f of faults) await control(sb, 'faults', { route: SEND_ROUTE, ...f });

  const texts: Array<{ text: string; conv: string }> = [];
  let reloads = 0;
  let tokenExpired = false;
  let reSignedIn = false;
  const batch = 10;
  for (let i = 0; i < opts.sends;) {
    const chunk: Array<{ text: string; conv: string }> = [];
    for (let k = 0; k < batch && i < opts.sends; k++, i++) {
      const conv = convIds[(i * 7 + Math.floor(i / convIds.length)) % convIds.length]!;
      chunk.push({ text: `soak #${i} → ${conv.slice(0, 24)}`, conv });
    }
    // The same outbox.send the composer calls (window.__duetTest exists only with duetTest=1 in the browser host).
    await page.evaluate(async (items) => {
      for (const it of items) await (globalThis as unknown as HookGlobal).__duetTest!.send(it.conv, it.text);
    }, chunk);
    texts.push(...chunk);

    if (!tokenExpired && i >= opts.sends / 2) {
      // One token expiry (190) on the next send, then the user signs in again.
      tokenExpired = true;
      await control(sb, 'faults', { route: SEND_ROUTE, kind: 'token-expired', probability: 1, count: 1 });
      log(`sent ${i}: token-expired injected`);
    }
    if (i % 150 === 0) {
      // A throttle storm: every Send API call throttled for a while.
      await control(sb, 'faults', { route: SEND_ROUTE, kind: 'throttle', probability: 1, count: 15 });
      log(`sent ${i}: throttle storm`);
    }
    if (tokenExpired && !reSignedIn) reSignedIn = await reSignInIfExpired(page);
    if (i % opts.reloadEvery === 0 && i < opts.sends) {
      await page.reload();
      await hookReady(page);
      reloads++;
      log(`sent ${i}: reloaded (${reloads})`);
    }
  }
  log(`all ${texts.length} sends written; healing the network`);

  const fired = await control<{ faults: Array<{ kind: string; hits: number }> }>(sb, 'faults');
  const faultsFired: Record<string, number> = {};
  for (const f of fired.faults) faultsFired[f.kind] = (faultsFired[f.kind] ?? 0) + f.hits;
  await control(sb, 'faults', undefined, 'DELETE');

  // Drain: wait until no entry is queued, sending or unknown.
  const drainStart = Date.now();
  let entries: Array<{ text: string; state: string; error?: string }>;
  for (;;) {
    if (!reSignedIn && tokenExpired) reSignedIn = await reSignInIfExpired(page);
    entries = await page.evaluate(() => (globalThis as unknown as HookGlobal).__duetTest!.entries());
    const pending = entries.filter((e) => e.state !== 'failed').length;
    if (!pending) break;
    if (Date.now() - drainStart > opts.drainTimeoutMs) break;
    await page.evaluate(() => (globalThis as unknown as HookGlobal).__duetTest!.kick());
    await page.waitForTimeout(2000);
    if ((Date.now() - drainStart) % 20_000 < 2000) log(`draining: ${pending} pending`);
  }
  const drainMs = Date.now() - drainStart;

  const ledger = (await control<{ deliveries: Delivery[] }>(sb, 'ledger')).deliveries;
  const count = new Map<string, number>();
  for (const d of ledger) count.set(d.text, (count.get(d.text) ?? 0) + 1);
  const failedTexts = new Set(entries.filter((e) => e.state === 'failed').map((e) => e.text));
  const stuck = entries.filter((e) => e.state !== 'failed').length;
  let sent = 0;
  let lost = 0;
  let duplicated = 0;
  for (const t of texts) {
    const c = count.get(t.text) ?? 0;
    if (c >= 1) sent++;
    if (c > 1) duplicated += c - 1;
    if (c === 0 && !failedTexts.has(t.text)) lost++;
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
    faultsFired,
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
    tokenExpired,
    reSignedIn,
    elapsedMs: Date.now() - started,
    drainMs,
  };
}

/** True when a soak passed: nothing lost, doubled, out of order or stuck. */
export function soakPassed(r: SoakResult): boolean {
  return (
    r.lost === 0 && r.duplicated === 0 && r.outOfOrder === 0 && r.stuck === 0 && r.sent + r.failed === r.sends
  );
}
