// Integration: createHostCore against the real sandbox (sign-in, paging, poll with ETags, Send API outcomes,
// expiry, and proof that no token ever crosses the bridge).
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  BridgeError,
  calls,
  callNames,
  events,
  type CallName,
  type CallRequest,
  type CallResponse,
  type EventName,
} from '../../shared/bridge/contract';
import { parseRequest, parseResponse } from '../../shared/bridge/validate';
import { startSandbox, type SandboxHandle } from '../../sandbox/index';
import { sandboxControl } from '../../sandbox/test/control';
import { POLLED_STREAMS as STREAM_NAMES } from '../../shared/streams';
import { exportRowsOf } from '../../shared/test/export-rows';
import { browserPlatformBase } from '../browser-host/platform';
import { createHostCore, type HostCoreOptions } from './index';
import type { HostCore } from './types';

let sandbox: SandboxHandle;
const cores: HostCore[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 42, scale: 'small' });
});
afterAll(async () => {
  for (const c of cores) await c.dispose();
  await sandbox.close();
});

const control = <T = Record<string, unknown>>(path: string, body?: unknown, method?: string) =>
  sandboxControl<T>(sandbox, path, body, method);

/**
 * Every Graph request the host cores below make (method, URL and text body, decoded), so the last test can prove
 * the client never uses the legacy features Meta closed to new apps on 4 Nov 2026 (see sandbox/conformance-v27).
 */
const graphRequests: string[] = [];
const recordingFetch: typeof fetch = async (input, init) => {
  const url = input instanceof Request ? input.url : String(input);
  const body = init?.body;
  let text = '';
  if (typeof body === 'string' || body instanceof URLSearchParams) text = String(body);
  else if (body instanceof FormData)
    text = [...body.entries()].map(([k, v]) => `${k}=${typeof v === 'string' ? v : '(file)'}`).join('&');
  const decode = (t: string) => {
    try {
      return decodeURIComponent(t.replace(/\+/g, ' '));
    } catch {
      return t;
    }
  };
  graphRequests.push(`${init?.method ?? 'GET'} ${decode(url)} ${decode(text)}`);
  return fetch(input, init);
};

/** A host core on a fresh data folder, with every call validated as the hosts do and every event recorded. */
async function makeHost(
  env: Record<string, string> = {},
  opts: { dataDir?: string; options?: HostCoreOptions } = {},
) {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'duet-int-'));
  const emitted: Array<{ name: EventName; payload: unknown }> = [];
  const wire: string[] = [];
  const core = await createHostCore(
    {
      ...browserPlatformBase(dataDir, {
        DUET_GRAPH_URL: sandbox.url,
        DUET_LOGIN_URL: sandbox.url,
        DUET_APP_ID: '1234567890123456',
        ...env,
      }),
      kind: 'browser',
      emit: (name, payload) => {
        const checked = events[name].payload.parse(payload);
        emitted.push({ name, payload: checked });
        wire.push(JSON.stringify(checked));
      },
      openExternal: async () => true,
      notify: () => false,
      setBadge: () => false,
      loginRedirectUri: 'http://127.0.0.1:1/login/callback',
    },
    { fetch: recordingFetch, ...opts.options },
  );
  cores.push(core);
  async function call<K extends CallName>(name: K, req: CallRequest<K>): Promise<CallResponse<K>> {
    const handler = core.handlers[name] as (a: unknown) => Promise<unknown>;
    try {
      const res = parseResponse(name, await handler(parseRequest(name, req)));
      wire.push(JSON.stringify(res));
      return res;
    } catch (err) {
      if (err instanceof BridgeError) wire.push(JSON.stringify(err.toShape()));
      throw err;
    }
  }
  return { core, call, emitted, wire, dataDir };
}

const mintToken = async (userId?: string) =>
  (await control<{ access_token: string; user_id: string }>('tokens', userId ? { userId } : {})).access_token;

describe('sign-in', () => {
  it('by token: a sandbox user token gives the Pages and their Instagram accounts', async () => {
    const { call, emitted } = await makeHost();
    const st = await call('session/sign-in-token', { token: await mintToken() });
    expect(st.status).toBe('active');
    expect(st.session!.mode).toBe('token');
    expect(st.session!.accounts.length).toBeGreaterThanOrEqual(2);
    expect(st.session!.accounts.some((a) => a.instagram?.username)).toBe(true);
    expect(st.session!.grantedPermissions).toContain('pages_messaging');
    expect(emitted.some((e) => e.name === 'session/changed')).toBe(true);
  });

  it('by token: a bad token is rejected with a clear message', async () => {
    const { call } = await makeHost();
    const st = await call('session/sign-in-token', { token: 'EAAnotarealtoken123' });
    expect(st.status).toBe('signed-out');
    expect(st.message).toMatch(/didn’t accept this access token/);
  });

  it('by token without pages_show_list: refused, naming the missing permission', async () => {
    const { call } = await makeHost();
    const { access_token } = await control<{ access_token: string }>('tokens', {
      userId: (await control<{ users: Array<{ id: string }> }>('state')).users[1]!.id,
      permissions: ['pages_read_engagement', 'pages_messaging'],
    });
    const st = await call('session/sign-in-token', { token: access_token });
    expect(st.status).toBe('signed-out');
    expect(st.message).toMatch(/pages_show_list/);
  });

  it('by Page token: the session is that one Page', async () => {
    const first = await makeHost();
    const user = await first.call('session/sign-in-token', { token: await mintToken() });
    const page = user.session!.accounts[0]!;
    const creds = JSON.parse(readFileSync(join(first.dataDir, 'credentials.json'), 'utf8')) as {
      pageTokens: Record<string, string>;
    };
    const { call } = await makeHost();
    const st = await call('session/sign-in-token', { token: creds.pageTokens[page.id]! });
    expect(st.status).toBe('active');
    expect(st.session!.accounts.map((a) => a.id)).toEqual([page.id]);
    expect((await call('feed/list', { accountId: page.id, limit: 2 })).items.length).toBe(2);
  });

  it('demo: one call starts the embedded sandbox and signs in through its dialog, without persisting its URLs', async () => {
    const { call, dataDir } = await makeHost({ DUET_GRAPH_URL: '', DUET_LOGIN_URL: '' });
    const st = await call('session/sign-in-demo', {});
    expect(st.status).toBe('active');
    expect(st.session!.mode).toBe('demo');
    expect(st.session!.accounts.length).toBeGreaterThanOrEqual(2);
    expect((await call('app/info', {})).demo).toBe(true);
    const settings = await call('settings/get', {});
    expect(settings.graphBaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(settings.overridden).toContain('graphBaseUrl');
    const stored = JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')) as {
      settings?: Record<string, unknown>;
    };
    expect(stored.settings?.graphBaseUrl).toBeUndefined();
    expect(stored.settings?.loginDialogUrl).toBeUndefined();
    const feed = await call('feed/list', { accountId: st.session!.accounts[0]!.id, limit: 3 });
    expect(feed.items.length).toBe(3);
    await call('session/sign-out', { disconnect: false });
    expect((await call('settings/get', {})).graphBaseUrl).toBe('https://graph.facebook.com');
    expect((await call('app/info', {})).demo).toBe(false);
  });
});

describe('sign-out and exports', () => {
  it('sign-out stops a running export (its staging folder goes) and a finished archive is no longer downloadable', async () => {
    const { core, call, dataDir, emitted } = await makeHost();
    const st = await call('session/sign-in-token', { token: await mintToken() });
    const accountId = st.session!.accounts[0]!.id;
    const [post] = exportRowsOf(accountId, 1).posts;
    // One export finished in the browser host: its archive waits for its one download.
    const first = await call('export/begin', { accountId });
    if (first.cancelled) throw new Error('not begun');
    await call('export/append', { exportId: first.exportId, kind: 'posts', rows: [post!] });
    const done = await call('export/finish', { exportId: first.exportId });
    const ticket = new URL(`http://x${done.download!}`).searchParams.get('t')!;
    // A second one is still collecting when the user signs out.
    const second = await call('export/begin', { accountId });
    if (second.cancelled) throw new Error('not begun');
    await call('export/append', { exportId: second.exportId, kind: 'posts', rows: [post!] });
    expect(readdirSync(join(dataDir, 'exports')).length).toBe(2);

    await call('session/sign-out', { disconnect: false });
    expect(readdirSync(join(dataDir, 'exports'))).toEqual([]);
    expect(core.exports!.take(first.exportId, ticket)).toBeNull();
    await expect(
      call('export/append', { exportId: second.exportId, kind: 'posts', rows: [post!] }),
    ).rejects.toThrow(/no longer running/);
    expect(emitted).toContainEqual(
      expect.objectContaining({
        name: 'export/progress',
        payload: expect.objectContaining({ exportId: second.exportId, phase: 'cancelled' }),
      }),
    );
  });
});

describe('content and inbox against the sandbox', () => {
  let host: Awaited<ReturnType<typeof makeHost>>;
  let pageId: string;
  beforeAll(async () => {
    host = await makeHost();
    const st = await host.call('session/sign-in-token', { token: await mintToken() });
    pageId = st.session!.accounts.find((a) => a.instagram)!.id;
  });

  async function pageAll<T extends { id: string }>(
    fetchPage: (
      after?: string,
    ) => Promise<{ items: T[]; paging: { after?: string; hasMore: boolean }; skipped: number }>,
  ) {
    const ids: string[] = [];
    let after: string | undefined;
    let pages = 0;
    let skipped = 0;
    do {
      const p = await fetchPage(after);
      ids.push(...p.items.map((i) => i.id));
      skipped += p.skipped;
      after = p.paging.hasMore ? p.paging.after : undefined;
      pages++;
    } while (after && pages < 200);
    return { ids, pages, skipped };
  }

  it('pages through the whole feed, gallery and both inboxes without duplicates', async () => {
    const feed = await pageAll((after) => host.call('feed/list', { accountId: pageId, after, limit: 10 }));
    expect(feed.pages).toBeGreaterThan(1);
    expect(new Set(feed.ids).size).toBe(feed.ids.length);
    expect(feed.skipped).toBe(0);
    const media = await pageAll((after) =>
      host.call('gallery/list', { accountId: pageId, after, limit: 10 }),
    );
    expect(media.pages).toBeGreaterThan(1);
    expect(new Set(media.ids).size).toBe(media.ids.length);
    for (const platform of ['messenger', 'instagram'] as const) {
      const conv = await pageAll((after) =>
        host.call('inbox/conversations', { accountId: pageId, platform, after, limit: 5 }),
      );
      expect(conv.ids.length).toBeGreaterThan(5);
      expect(new Set(conv.ids).size).toBe(conv.ids.length);
      expect(conv.ids.every((id) => id.startsWith(`${platform}:`))).toBe(true);
    }
  });

  it('reads a conversation’s newest messages (20 at most) with the Page’s own messages marked', async () => {
    const conv = await host.call('inbox/conversations', {
      accountId: pageId,
      platform: 'instagram',
      limit: 10,
    });
    const big = conv.items.find((c) => (c.messageCount ?? 0) > 20) ?? conv.items[0]!;
    const msgs = await host.call('inbox/messages', {
      accountId: pageId,
      platform: 'instagram',
      conversationId: big.nativeId,
    });
    expect(msgs.items.length).toBeLessThanOrEqual(20);
    expect(msgs.items.length).toBeGreaterThan(0);
    expect(msgs.items.every((m) => m.conversationId === big.id)).toBe(true);
    expect(msgs.items.some((m) => m.fromPage) || msgs.items.some((m) => !m.fromPage)).toBe(true);
    expect(big.customer.username).toBeTruthy();
  });

  it('polls every stream in one batch; an unchanged poll is notModified, a new post shows up', async () => {
    const req = { accountId: pageId, streams: [...STREAM_NAMES] };
    const first = await host.call('sync/poll', req);
    expect(first.errors).toEqual([]);
    expect(first.pages.feed!.items.length).toBeGreaterThan(0);
    expect(first.pages.messenger!.items.length).toBeGreaterThan(0);
    const second = await host.call('sync/poll', req);
    expect(
      [
        second.pages.feed,
        second.pages.gallery,
        second.pages.stories,
        second.pages.messenger,
        second.pages.instagram,
      ].map((p) => p!.notModified),
    ).toEqual([true, true, true, true, true]);
    const { id } = await control<{ id: string }>('posts', { pageId, message: 'Fresh from the oven' });
    const third = await host.call('sync/poll', req);
    expect(third.pages.feed!.notModified).toBe(false);
    expect(third.pages.feed!.items.map((p) => p.nativeId)).toContain(id);
    expect(third.pages.gallery!.notModified).toBe(true);
  });

  it('sends a reply once; send-status remembers it; the same clientId is never sent twice', async () => {
    const { conversationId } = await control<{ conversationId: string }>('inbound', {
      pageId,
      platform: 'messenger',
      text: 'Hello?',
    });
    const conv = (
      await host.call('inbox/conversations', { accountId: pageId, platform: 'messenger', limit: 5 })
    ).items.find((c) => c.nativeId === conversationId)!;
    const req = {
      accountId: pageId,
      platform: 'messenger' as const,
      clientId: 'client-0001',
      conversationId,
      recipientId: conv.customer.id,
      text: 'Yes, we are open!',
    };
    expect(await host.call('inbox/send-status', { clientId: 'client-0001' })).toEqual({ state: 'unknown' });
    const out = await host.call('inbox/send', req);
    expect(out.status).toBe('sent');
    expect(await host.call('inbox/send-status', { clientId: 'client-0001' })).toEqual({
      state: 'done',
      outcome: out,
    });
    const again = await host.call('inbox/send', req);
    expect(again).toEqual(out);
    const ledger = await control<{ deliveries: Array<{ text?: string; message?: { text?: string } }> }>(
      'ledger',
    );
    expect(JSON.stringify(ledger).split('Yes, we are open!').length - 1).toBe(1);
    const msgs = await host.call('inbox/messages', {
      accountId: pageId,
      platform: 'messenger',
      conversationId,
    });
    expect(msgs.items.some((m) => m.fromPage && m.text === 'Yes, we are open!')).toBe(true);
  });

  it('classifies commit-then-drop as ambiguous (it was delivered) and a pre-processing reset as ambiguous too', async () => {
    const { conversationId } = await control<{ conversationId: string }>('inbound', {
      pageId,
      platform: 'instagram',
      text: 'Any news?',
    });
    const conv = (
      await host.call('inbox/conversations', { accountId: pageId, platform: 'instagram', limit: 5 })
    ).items.find((c) => c.nativeId === conversationId)!;
    const base = {
      accountId: pageId,
      platform: 'instagram' as const,
      conversationId,
      recipientId: conv.customer.id,
    };
    await control('faults', { route: 'POST /*/messages', kind: 'commit-then-drop', count: 1 });
    const out = await host.call('inbox/send', {
      ...base,
      clientId: 'client-drop-1',
      text: 'Dropped but delivered',
    });
    expect(out.status).toBe('ambiguous');
    const ledger = JSON.stringify(await control('ledger'));
    expect(ledger).toContain('Dropped but delivered');
    expect((await host.call('inbox/send-status', { clientId: 'client-drop-1' })).outcome?.status).toBe(
      'ambiguous',
    );
    await control('faults', { route: 'POST /*/messages', kind: 'reset', count: 1 });
    const reset = await host.call('inbox/send', {
      ...base,
      clientId: 'client-reset-1',
      text: 'Reset before processing',
    });
    // A reset looks the same from here whether or not Meta processed it: the outbox must reconcile.
    expect(reset.status).toBe('ambiguous');
    await control('faults', { route: 'POST /*/messages', kind: 'http-500', count: 1 });
    const t = await host.call('inbox/send', { ...base, clientId: 'client-500-1', text: 'Server error' });
    expect(t.status).toBe('retryable');
    await control('faults', { route: 'POST /*/messages', kind: 'throttle', count: 1 });
    const th = await host.call('inbox/send', { ...base, clientId: 'client-thr-1', text: 'Throttled' });
    expect(th.status).toBe('retryable');
    if (th.status === 'retryable') expect(th.retryAfterMs).toBeGreaterThan(0);
    // The account is now held: the next call fails fast as throttled with a retry time, without reaching Graph.
    const held = (await host
      .call('feed/list', { accountId: pageId })
      .catch((e: unknown) => e)) as BridgeError;
    expect(held.code).toBe('throttled');
    expect(held.retryAfterMs).toBeGreaterThan(0);
    expect(
      (await host.call('sync/usage', {})).accounts.find((a) => a.accountId === pageId)?.throttledUntil,
    ).toBeGreaterThan(Date.now());
    await control('faults', {}, 'DELETE');
  });

  it('maps malformed upstream data to skipped items, never a crash', async () => {
    // Another Page: the throttle fault above rightly holds `pageId` for a while.
    const other = (await host.call('session/get', {})).session!.accounts.find((a) => a.id !== pageId)!.id;
    await control('faults', { route: 'GET /*/feed', kind: 'wrong-types', count: 1 });
    const feed = await host.call('feed/list', { accountId: other, limit: 10 });
    expect(feed.skipped).toBeGreaterThan(0);
    expect(feed.items.length + feed.skipped).toBe(10);
    await control('faults', {}, 'DELETE');
  });
});

describe('expiry', () => {
  it('190 flips the session to expired (event emitted, vault kept); signing in again as the same user resumes', async () => {
    const { call, emitted, dataDir } = await makeHost();
    const st = await call('session/sign-in-token', { token: await mintToken() });
    const userId = st.session!.user.id;
    const accountId = st.session!.accounts[0]!.id;
    await control('tokens/revoke', { userId });
    const err = (await call('feed/list', { accountId }).catch((e: unknown) => e)) as BridgeError;
    expect(err.code).toBe('session-expired');
    const now = await call('session/get', {});
    expect(now.status).toBe('expired');
    expect(now.message).toMatch(/Sign in again/);
    expect(emitted.filter((e) => e.name === 'session/changed').at(-1)!.payload).toMatchObject({
      status: 'expired',
    });
    expect(readFileSync(join(dataDir, 'credentials.json'), 'utf8')).toContain(userId);
    // Later calls fail fast without calling Graph.
    expect(
      (
        (await call('inbox/conversations', { accountId, platform: 'messenger' }).catch(
          (e: unknown) => e,
        )) as BridgeError
      ).code,
    ).toBe('session-expired');
    const again = await call('session/sign-in-token', { token: await mintToken(userId) });
    expect(again).toMatchObject({ status: 'active', session: { user: { id: userId } } });
    expect((await call('feed/list', { accountId, limit: 1 })).items).toHaveLength(1);
  });

  it('a send with a revoked token answers auth (queue pauses, nothing dropped)', async () => {
    const { call } = await makeHost();
    const st = await call('session/sign-in-token', { token: await mintToken() });
    const accountId = st.session!.accounts[0]!.id;
    await control('tokens/expire', { userId: st.session!.user.id });
    const out = await call('inbox/send', {
      accountId,
      platform: 'messenger',
      clientId: 'client-auth-1',
      conversationId: 't_1',
      recipientId: '1',
      text: 'hi',
    });
    expect(out.status).toBe('auth');
    expect((await call('session/get', {})).status).toBe('expired');
  });
});

describe('the token never crosses the bridge', () => {
  it('no call response or event schema has a field for a token', () => {
    const names: string[] = [];
    const collect = (node: unknown): void => {
      if (!node || typeof node !== 'object') return;
      if (Array.isArray(node)) return node.forEach(collect);
      for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
        if (k === 'properties' && v && typeof v === 'object') names.push(...Object.keys(v));
        collect(v);
      }
    };
    for (const name of callNames)
      collect(z.toJSONSchema(calls[name].response, { unrepresentable: 'any', io: 'output' }));
    for (const spec of Object.values(events))
      collect(z.toJSONSchema(spec.payload, { unrepresentable: 'any', io: 'output' }));
    expect(names.length).toBeGreaterThan(50);
    // tokenBrokerUrl is the broker's address (a setting), not a token.
    expect(
      names.filter((n) => /token|secret|password|credential/i.test(n) && n !== 'tokenBrokerUrl'),
    ).toEqual([]);
  });

  it('a full demo session never puts the token string in any response, error or event', async () => {
    const h = await makeHost({ DUET_GRAPH_URL: '', DUET_LOGIN_URL: '' });
    const st = await h.call('session/sign-in-demo', {});
    const creds = JSON.parse(readFileSync(join(h.dataDir, 'credentials.json'), 'utf8')) as {
      userToken: string;
      pageTokens: Record<string, string>;
    };
    const secrets = [creds.userToken, ...Object.values(creds.pageTokens)];
    expect(secrets.length).toBeGreaterThan(1);
    for (const acc of st.session!.accounts) {
      const accountId = acc.id;
      await h.call('feed/list', { accountId, limit: 5 });
      await h.call('gallery/list', { accountId, limit: 5 });
      await h.call('gallery/stories', { accountId });
      await h.call('sync/poll', { accountId, streams: [...STREAM_NAMES] });
      for (const platform of ['messenger', 'instagram'] as const) {
        const conv = await h.call('inbox/conversations', { accountId, platform, limit: 3 });
        const c = conv.items[0];
        if (!c) continue;
        await h.call('inbox/messages', { accountId, platform, conversationId: c.nativeId });
        await h.call('inbox/send', {
          accountId,
          platform,
          clientId: `leak-${platform}-${accountId}`,
          conversationId: c.nativeId,
          recipientId: c.customer.id,
          text: 'Checking in',
        });
        await h.call('inbox/mark-seen', { accountId, platform, recipientId: c.customer.id });
      }
    }
    await h.call('sync/usage', {});
    await h.call('diagnostics/get', {});
    await h.call('settings/get', {});
    await h.call('app/info', {});
    await h.call('session/get', {});
    await h.call('feed/list', { accountId: 'not-a-page' }).catch(() => undefined);
    await h.call('session/sign-out', { disconnect: true });
    const everything = h.wire.join('\n');
    expect(h.wire.length).toBeGreaterThan(20);
    for (const s of secrets) expect(everything).not.toContain(s);
    expect(everything).not.toMatch(/access_token=(?!\[redacted\])/);
  });
});

describe('media URL refresh', () => {
  it('an expired CDN URL is refreshed through Graph with the Page token (media, full_picture and album children)', async () => {
    const { call, core } = await makeHost();
    const st = await call('session/sign-in-token', { token: await mintToken() });
    const acc = st.session!.accounts.find((a) => a.instagram)!;
    const media = (await call('gallery/list', { accountId: acc.id, limit: 10 })).items.find(
      (m) => m.media && m.mediaType === 'IMAGE',
    )!;
    const feed = await call('feed/list', { accountId: acc.id, limit: 50 });
    const withPicture = feed.items.find((p) => p.picture)!;
    const child = feed.items
      .flatMap((p) => p.attachments.flatMap((a) => a.children ?? []))
      .find((c) => c.image);
    expect(child?.image?.key).toMatch(/:attachment:\d+\.\d+$/);
    // Let every URL handed out so far expire (the sandbox signs URLs like Instagram's CDN: oe = expiry).
    await control('clock', { advanceMs: 3 * 24 * 3600 * 1000 });
    try {
      const refs = [media.media!, withPicture.picture!, ...(child?.image ? [child.image] : [])];
      for (const ref of refs) {
        const expired = await fetch(ref.url);
        expect(expired.status, ref.key).toBe(403);
        const res = await core.media.serve({ key: ref.key, url: ref.url, variant: 'full' });
        expect(res.status, ref.key).toBe(200);
      }
    } finally {
      await control('clock', { advanceMs: -3 * 24 * 3600 * 1000 });
    }
  });
});

describe('demo across restarts', () => {
  it('a restarted Duet resumes the demo in the background as the same user', async () => {
    // The demo uses this test's sandbox (seeded like the embedded one) so the test can watch it.
    const options: HostCoreOptions = {
      startSandbox: async () => ({ url: sandbox.url, close: async () => undefined }),
    };
    const first = await makeHost({ DUET_GRAPH_URL: '', DUET_LOGIN_URL: '' }, { options });
    const st = await first.call('session/sign-in-demo', {});
    expect(st.status).toBe('active');
    await first.core.dispose();
    cores.splice(cores.indexOf(first.core), 1);
    const second = await makeHost(
      { DUET_GRAPH_URL: '', DUET_LOGIN_URL: '' },
      { dataDir: first.dataDir, options },
    );
    await expect.poll(async () => (await second.call('session/get', {})).status).toBe('active');
    const again = await second.call('session/get', {});
    expect(again.session!.user.id).toBe(st.session!.user.id);
    expect(again.session!.mode).toBe('demo');
    expect(
      (await second.call('feed/list', { accountId: again.session!.accounts[0]!.id, limit: 1 })).items,
    ).toHaveLength(1);
  });
});

describe('send outcomes are safe for exactly-once delivery', () => {
  it('under random faults: sent ⇒ delivered once, retryable/permanent ⇒ not delivered, ambiguous ⇒ at most once', async () => {
    const { call } = await makeHost();
    const st = await call('session/sign-in-token', { token: await mintToken() });
    const pageId = st.session!.accounts.find((a) => a.instagram)!.id;
    const targets: Array<{
      platform: 'messenger' | 'instagram';
      conversationId: string;
      recipientId: string;
    }> = [];
    for (const platform of ['messenger', 'instagram'] as const) {
      const { conversationId } = await control<{ conversationId: string }>('inbound', {
        pageId,
        platform,
        text: 'Still there?',
      });
      const conv = (await call('inbox/conversations', { accountId: pageId, platform, limit: 5 })).items.find(
        (c) => c.nativeId === conversationId,
      )!;
      targets.push({ platform, conversationId, recipientId: conv.customer.id });
    }
    for (const kind of ['commit-then-drop', 'reset', 'http-500', 'malformed-json']) {
      await control('faults', { route: 'POST /*/messages', kind, probability: 0.12 });
    }
    const outcomes = new Map<string, string>();
    try {
      for (let i = 0; i < 80; i++) {
        const t = targets[i % 2]!;
        const out = await call('inbox/send', {
          accountId: pageId,
          ...t,
          clientId: `exactly-once-${i}`,
          text: `exactly-once #${i}#`,
        });
        outcomes.set(`exactly-once #${i}#`, out.status);
      }
    } finally {
      await control('faults', {}, 'DELETE');
    }
    const ledger = JSON.stringify(await control('ledger'));
    const delivered = (text: string) => ledger.split(text).length - 1;
    const byStatus: Record<string, number> = {};
    for (const [text, status] of outcomes) {
      byStatus[status] = (byStatus[status] ?? 0) + 1;
      const n = delivered(text);
      if (status === 'sent') expect(n, text).toBe(1);
      else if (status === 'ambiguous') expect(n, text).toBeLessThanOrEqual(1);
      else expect(n, `${text} (${status})`).toBe(0);
    }
    // The faults really fired: every class showed up.
    expect(byStatus.sent).toBeGreaterThan(20);
    expect(byStatus.ambiguous).toBeGreaterThan(0);
    expect(byStatus.retryable).toBeGreaterThan(0);
  }, 60_000);
});

describe('sign-out', () => {
  it('leaves no token and no cached media, and downloads nothing afterwards', async () => {
    const { call, core, dataDir } = await makeHost();
    const st = await call('session/sign-in-token', { token: await mintToken() });
    const acc = st.session!.accounts.find((a) => a.instagram)!;
    const items = (await call('gallery/list', { accountId: acc.id, limit: 6 })).items.filter(
      (m) => m.media && m.mediaType === 'IMAGE',
    );
    expect(items.length).toBeGreaterThan(1);
    const first = items[0]!.media!;
    expect((await core.media.serve({ key: first.key, url: first.url, variant: 'full' })).status).toBe(200);
    const files = () =>
      readdirSync(join(dataDir, 'media-cache'), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && !e.name.endsWith('.json'))
        .map((e) => e.name);
    expect(files().length).toBeGreaterThan(0);
    await call('session/sign-out', { disconnect: false });
    expect(existsSync(join(dataDir, 'credentials.json'))).toBe(false);
    expect(files()).toEqual([]);
    const second = items[1]!.media!;
    expect((await core.media.serve({ key: second.key, url: second.url, variant: 'full' })).status).not.toBe(
      200,
    );
    expect(files()).toEqual([]);
  });
});

describe('Graph features closed to new apps (v27.0)', () => {
  // Runs last: by now the cores above have signed in, paged, polled, sent and published.
  it('no request the client made uses ?ids=, method= or a field alias', () => {
    expect(graphRequests.length).toBeGreaterThan(20);
    const legacy = graphRequests.filter((r) => /[?&"]ids=|[?&"]method=|\.as\(/i.test(r));
    expect(legacy).toEqual([]);
  });
});
