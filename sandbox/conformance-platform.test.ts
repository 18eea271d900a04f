/**
 * Conformance: ETag/304, batch, usage headers and throttling, every fault kind, the control API, live activity.
 * Batch: https://developers.facebook.com/docs/graph-api/batch-requests
 * Rate limits and headers: https://developers.facebook.com/docs/graph-api/overview/rate-limiting/
 * ETags: https://developers.facebook.com/docs/marketing-api/etags
 * Error codes (1, 2, 4, 17, 32, 368, 613): https://developers.facebook.com/docs/graph-api/guides/error-handling/
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSandbox } from './index.js';
import { boot, type ErrBody, type Harness } from './test/harness.js';

// Real servers on a shared 2-core machine: allow for scheduling delays.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

let h: Harness;
let page1: string;
let tok: string;

beforeAll(async () => {
  h = await boot();
  page1 = h.state.pages[0]?.id as string;
  tok = h.pageTokens.get(page1) as string;
});
afterAll(() => h.close());
afterEach(async () => {
  await h.ctl('faults', undefined, 'DELETE');
});

interface List<T = Record<string, unknown>> {
  data: T[];
  paging?: { next?: string };
}
type BatchEntry = { code: number; headers: { name: string; value: string }[]; body: string } | null;

async function raw(
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; text: string; error?: unknown }> {
  try {
    const res = await fetch(`${h.sb.url}${path}`, init);
    return { status: res.status, text: await res.text() };
  } catch (error) {
    return { status: 0, text: '', error };
  }
}

describe('ETag', () => {
  it('GET responses carry an ETag; If-None-Match → 304 with no body; changes invalidate it', async () => {
    const a = await h.graph(`/${page1}/feed`, { query: { limit: '3' }, token: tok });
    const etag = a.headers.get('etag') as string;
    expect(etag).toMatch(/^"[0-9a-f]{40}"$/);
    const b = await h.graph(`/${page1}/feed`, {
      query: { limit: '3' },
      token: tok,
      headers: { 'if-none-match': etag },
    });
    expect(b.status).toBe(304);
    expect(b.text).toBe('');
    await h.ctl('posts', { pageId: page1, message: 'fresh' });
    const c = await h.graph(`/${page1}/feed`, {
      query: { limit: '3' },
      token: tok,
      headers: { 'if-none-match': etag },
    });
    expect(c.status).toBe(200);
    expect(c.headers.get('etag')).not.toBe(etag);
  });
});

describe('usage headers and throttling', () => {
  it('every Graph response carries X-App-Usage; Page-token calls carry X-Business-Use-Case-Usage', async () => {
    const u = await h.graph('/me');
    expect(JSON.parse(u.headers.get('x-app-usage') as string)).toEqual({
      call_count: expect.any(Number) as unknown,
      total_cputime: expect.any(Number) as unknown,
      total_time: expect.any(Number) as unknown,
    });
    const p = await h.graph(`/${page1}`, { token: tok });
    const buc = JSON.parse(p.headers.get('x-business-use-case-usage') as string) as Record<
      string,
      { type: string; call_count: number; estimated_time_to_regain_access: number }[]
    >;
    expect(buc[page1]?.[0]).toMatchObject({ type: 'pages', estimated_time_to_regain_access: 0 });
  });

  it('usage rises with volume, throttles at 100 (code 32 for Page tokens, 4 for the app) and recovers with time', async () => {
    await h.ctl('usage', { callBudget: 10, windowMs: 600_000, reset: true });
    try {
      const pcts: number[] = [];
      for (let i = 0; i < 10; i++) {
        const r = await h.graph(`/${page1}`, { token: tok });
        expect(r.status).toBe(200);
        pcts.push(
          (
            JSON.parse(r.headers.get('x-business-use-case-usage') as string) as Record<
              string,
              { call_count: number }[]
            >
          )[page1]?.[0]?.call_count as number,
        );
      }
      expect(pcts[0]).toBe(10);
      expect(pcts[9]).toBe(100);
      const blocked = await h.graph<ErrBody>(`/${page1}`, { token: tok });
      expect(blocked.json.error.code).toBe(32);
      const buc = (
        JSON.parse(blocked.headers.get('x-business-use-case-usage') as string) as Record<
          string,
          { call_count: number; estimated_time_to_regain_access: number }[]
        >
      )[page1]?.[0];
      expect(buc?.call_count).toBe(100);
      expect(buc?.estimated_time_to_regain_access).toBeGreaterThan(0);
      for (let i = 0; i < 10; i++) await h.graph('/me');
      const app = await h.graph<ErrBody>('/me');
      expect(app.json.error.code).toBe(4);
      expect(JSON.parse(app.headers.get('x-app-usage') as string)).toMatchObject({ call_count: 100 });
      await h.ctl('clock', { advanceMs: 11 * 60_000 });
      expect((await h.graph(`/${page1}`, { token: tok })).status).toBe(200);
      expect((await h.graph('/me')).status).toBe(200);
    } finally {
      await h.ctl('usage', { callBudget: 20_000, windowMs: 3_600_000, reset: true });
    }
  });
});

describe('batch', () => {
  it('runs sub-requests in order, with JSON-string bodies, ETags and 304 inside', async () => {
    const first = await h.graph(`/${page1}`, { token: tok });
    const etag = first.headers.get('etag') as string;
    const batch = [
      { method: 'GET', relative_url: 'me' },
      { method: 'GET', relative_url: `v27.0/${page1}/feed?limit=2&fields=id` },
      { method: 'GET', relative_url: page1, headers: [{ name: 'If-None-Match', value: etag }] },
      { method: 'POST', relative_url: `${page1}/feed`, body: 'message=batched%20post' },
      { method: 'GET', relative_url: 'nope_nope' },
    ];
    const r = await h.graph<BatchEntry[]>('/', {
      form: { batch: JSON.stringify(batch), include_headers: 'true' },
      token: tok,
    });
    expect(r.status).toBe(200);
    expect(r.json).toHaveLength(5);
    const [me, feed, cached, post, bad] = r.json as NonNullable<BatchEntry>[];
    expect(me?.code).toBe(200);
    expect(JSON.parse(me?.body as string)).toMatchObject({ id: page1 });
    expect((JSON.parse(feed?.body as string) as List).data).toHaveLength(2);
    expect(feed?.headers.some((x) => x.name === 'ETag')).toBe(true);
    expect(cached?.code).toBe(304);
    expect(cached?.body).toBe('');
    expect(JSON.parse(post?.body as string).id).toMatch(new RegExp(`^${page1}_`));
    expect(bad?.code).toBe(400);
    expect((JSON.parse(bad?.body as string) as ErrBody).error.code).toBe(100);
  });

  it('accepts a JSON body and rejects more than 50 requests', async () => {
    const ok = await h.graph<BatchEntry[]>('/', {
      json: { batch: [{ method: 'GET', relative_url: 'me' }] },
      token: tok,
    });
    expect(ok.json[0]?.code).toBe(200);
    const many = Array.from({ length: 51 }, () => ({ method: 'GET', relative_url: 'me' }));
    const r = await h.graph<ErrBody>('/', { form: { batch: JSON.stringify(many) }, token: tok });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toContain('Maximum batch size is 50');
  });

  it('faults apply per sub-request; dropped ones answer null', async () => {
    await h.ctl('faults', { route: 'GET /me', kind: 'reset' });
    await h.ctl('faults', { route: 'GET /*/feed', kind: 'http-500' });
    const r = await h.graph<BatchEntry[]>('/', {
      form: {
        batch: JSON.stringify([
          { method: 'GET', relative_url: 'me' },
          { method: 'GET', relative_url: `${page1}/feed` },
          { method: 'GET', relative_url: page1 },
        ]),
      },
      token: tok,
    });
    expect(r.json[0]).toBeNull();
    expect(r.json[1]?.code).toBe(500);
    expect(r.json[2]?.code).toBe(200);
  });
});

describe('faults on the batch call itself', () => {
  it('"POST /" takes http-500, malformed-json and commit-then-drop; "**" with count 1 still reaches a sub-request', async () => {
    const batch = JSON.stringify([{ method: 'GET', relative_url: 'me' }]);
    await h.ctl('faults', { route: 'POST /', kind: 'http-500', count: 1 });
    const a = await h.graph<ErrBody>('/', { form: { batch }, token: tok });
    expect(a.status).toBe(500);
    expect(a.json.error.code).toBe(2);
    await h.ctl('faults', { route: 'POST /', kind: 'malformed-json', count: 1 });
    const b = await h.graph('/', { form: { batch }, token: tok });
    expect(b.status).toBe(200);
    expect(() => JSON.parse(b.text) as unknown).toThrow();
    await h.ctl('faults', { route: '**', kind: 'token-expired', count: 1 });
    const c = await h.graph<BatchEntry[]>('/', { form: { batch }, token: tok });
    expect((JSON.parse(c.json[0]?.body as string) as ErrBody).error.error_subcode).toBe(463);
    await h.ctl('faults', { route: 'POST /', kind: 'commit-then-drop', count: 1 });
    const before = (await h.ctl<{ counts: { posts: number } }>('state')).counts.posts;
    const d = await raw('/v27.0/', {
      method: 'POST',
      body: new URLSearchParams({
        access_token: tok,
        batch: JSON.stringify([{ method: 'POST', relative_url: `${page1}/feed`, body: 'message=dropped' }]),
      }),
    });
    expect(d.status).toBe(0);
    expect((await h.ctl<{ counts: { posts: number } }>('state')).counts.posts).toBe(before + 1);
  });
});

describe('faults', () => {
  it('latency delays the response', async () => {
    await h.ctl('faults', { route: 'GET /me', kind: 'latency', latencyMs: 300 });
    const t = performance.now();
    expect((await h.graph('/me')).status).toBe(200);
    expect(performance.now() - t).toBeGreaterThanOrEqual(280);
  });

  it('http-500 answers code 2 (transient) then code 1, honouring count', async () => {
    await h.ctl('faults', { route: '/me', kind: 'http-500', count: 2 });
    const a = await h.graph<ErrBody>('/me');
    expect(a.status).toBe(500);
    expect(a.json.error).toMatchObject({ code: 2, is_transient: true });
    const b = await h.graph<ErrBody>('/me');
    expect(b.json.error.code).toBe(1);
    expect((await h.graph('/me')).status).toBe(200);
  });

  it('reset destroys the socket before processing (nothing stored)', async () => {
    await h.ctl('faults', { route: 'POST /*/feed', kind: 'reset', count: 1 });
    const before = (await h.ctl<{ counts: { posts: number } }>('state')).counts.posts;
    const r = await raw(`/v27.0/${page1}/feed`, {
      method: 'POST',
      body: new URLSearchParams({ message: 'lost', access_token: tok }),
    });
    expect(r.status).toBe(0);
    expect((await h.ctl<{ counts: { posts: number } }>('state')).counts.posts).toBe(before);
  });

  it('commit-then-drop stores the message and records it in the ledger, but never answers', async () => {
    const conv = h.state.fixtures.insideWindow[0] as string;
    const psid = (
      await h.graph<{ participants: { data: { id: string }[] } }>(`/${conv}`, {
        query: { fields: 'participants' },
        token: tok,
      })
    ).json.participants.data[0]?.id as string;
    await h.ctl('faults', { route: 'POST /*/messages', kind: 'commit-then-drop', count: 1 });
    const r = await raw(`/v27.0/${page1}/messages?access_token=${tok}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        recipient: { id: psid },
        messaging_type: 'RESPONSE',
        message: { text: 'exactly once?' },
      }),
    });
    expect(r.status).toBe(0);
    const ledger = await h.ctl<{ deliveries: { text: string; messageId: string }[] }>('ledger');
    const d = ledger.deliveries.at(-1);
    expect(d?.text).toBe('exactly once?');
    const thread = await h.graph<List>(`/${conv}/messages`, {
      query: { fields: 'id,message', limit: '1' },
      token: tok,
    });
    expect(thread.json.data[0]).toEqual({ id: d?.messageId, message: 'exactly once?' });
  });

  it('throttle answers 4/17/32/613 by path with usage at 100 and a regain estimate', async () => {
    await h.ctl('faults', { route: '**', kind: 'throttle' });
    const pageRes = await h.graph<ErrBody>(`/${page1}/feed`, { token: tok });
    expect(pageRes.json.error.code).toBe(32);
    const buc = JSON.parse(pageRes.headers.get('x-business-use-case-usage') as string) as Record<
      string,
      { call_count: number; estimated_time_to_regain_access: number }[]
    >;
    expect(buc[page1]?.[0]).toMatchObject({ call_count: 100, estimated_time_to_regain_access: 5 });
    expect(
      (await h.graph<ErrBody>(`/${page1}/messages`, { json: { recipient: { id: '1' } }, token: tok })).json
        .error.code,
    ).toBe(613);
    expect((await h.graph<ErrBody>('/me')).json.error.code).toBe(17);
    const ig = h.state.pages[0]?.instagramId as string;
    const igRes = await h.graph<ErrBody>(`/${ig}/media`, { token: tok });
    expect(igRes.json.error.code).toBe(80002);
    expect(
      Object.values(
        JSON.parse(igRes.headers.get('x-business-use-case-usage') as string) as Record<
          string,
          { type: string }[]
        >,
      )[0]?.[0]?.type,
    ).toBe('instagram');
    expect((await h.graph<ErrBody>('/debug_token', { query: { input_token: tok } })).json.error.code).toBe(4);
  });

  it('a throttle fault can report a shorter regain estimate', async () => {
    await h.ctl('faults', { route: '**', kind: 'throttle', regainMinutes: 1 });
    const res = await h.graph<ErrBody>(`/${page1}/feed`, { token: tok });
    expect(res.json.error.code).toBe(32);
    const buc = JSON.parse(res.headers.get('x-business-use-case-usage') as string) as Record<
      string,
      { estimated_time_to_regain_access: number }[]
    >;
    expect(buc[page1]?.[0]?.estimated_time_to_regain_access).toBe(1);
  });

  it('token-expired answers 190/463', async () => {
    await h.ctl('faults', { route: 'GET /*/conversations', kind: 'token-expired', count: 1 });
    const r = await h.graph<ErrBody>(`/${page1}/conversations`, { token: tok });
    expect(r.json.error).toMatchObject({ code: 190, error_subcode: 463 });
    expect((await h.graph(`/${page1}/conversations`, { token: tok })).status).toBe(200);
  });

  it('policy-block answers 368', async () => {
    await h.ctl('faults', { route: 'POST /*/feed', kind: 'policy-block', count: 1 });
    expect(
      (await h.graph<ErrBody>(`/${page1}/feed`, { form: { message: 'x' }, token: tok })).json.error.code,
    ).toBe(368);
  });

  it('malformed-json truncates a 200 body', async () => {
    await h.ctl('faults', { route: 'GET /*/feed', kind: 'malformed-json', count: 1 });
    const r = await h.graph(`/${page1}/feed`, { token: tok });
    expect(r.status).toBe(200);
    expect(() => JSON.parse(r.text) as unknown).toThrow();
  });

  it('wrong-types corrupts some list items', async () => {
    await h.ctl('faults', { route: 'GET /*/feed', kind: 'wrong-types', count: 1 });
    const r = await h.graph<List>(`/${page1}/feed`, {
      query: { fields: 'id,message,created_time', limit: '6' },
      token: tok,
    });
    const bad = r.json.data.filter((p) => p.created_time === 12);
    expect(bad.length).toBe(2);
    expect(r.json.data.filter((p) => typeof p.created_time === 'string').length).toBe(4);
    expect(r.json.paging?.next).toBeDefined();
  });

  it('missing-fields drops ids from some list items', async () => {
    await h.ctl('faults', { route: 'GET /*/conversations', kind: 'missing-fields', count: 1 });
    const r = await h.graph<List>(`/${page1}/conversations`, { query: { limit: '6' }, token: tok });
    expect(r.json.data.filter((c) => c.id === undefined).length).toBe(2);
  });

  it('script-injection appends HTML/script to text fields', async () => {
    await h.ctl('faults', { route: 'GET /*/conversations', kind: 'script-injection', count: 1 });
    const r = await h.graph<List>(`/${page1}/conversations`, {
      query: { fields: 'id,snippet', limit: '2' },
      token: tok,
    });
    for (const c of r.json.data) {
      expect(c.snippet).toContain('<script>window.__duetPwned=1</script>');
      expect(c.snippet).toContain('<img src=x onerror="window.__duetPwned=1">');
    }
  });

  it('probability is deterministic per seed and the fault list can be managed', async () => {
    const { id } = await h.ctl<{ id: string }>('faults', {
      route: 'GET /me',
      kind: 'http-500',
      probability: 0.5,
    });
    const codes: number[] = [];
    for (let i = 0; i < 20; i++) codes.push((await h.graph('/me')).status);
    expect(codes.filter((c) => c === 500).length).toBeGreaterThan(3);
    expect(codes.filter((c) => c === 200).length).toBeGreaterThan(3);
    const list = await h.ctl<{ faults: { id: string; hits: number }[] }>('faults');
    expect(list.faults.find((f) => f.id === id)?.hits).toBe(codes.filter((c) => c === 500).length);
    await h.ctl(`faults/${id}`, undefined, 'DELETE');
    expect((await h.ctl<{ faults: unknown[] }>('faults')).faults).toEqual([]);
    const bad = await fetch(`${h.sb.url}/__sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({ route: '**', kind: 'nope' }),
    });
    expect(bad.status).toBe(400);
  });

  it('CDN faults only apply to /cdn routes', async () => {
    const r = await h.graph<{ profile_picture_url: string }>(`/${h.state.pages[0]?.instagramId as string}`, {
      query: { fields: 'profile_picture_url' },
      token: tok,
    });
    await h.ctl('faults', { route: 'GET /cdn/**', kind: 'http-500', count: 1 });
    expect((await fetch(r.json.profile_picture_url)).status).toBe(500);
    expect((await fetch(r.json.profile_picture_url)).status).toBe(200);
  });
});

describe('control API', () => {
  it('state, clock, posts, media, inbound (new conversation), reset', async () => {
    const s0 = await h.ctl<{ now: number; counts: { posts: number; media: number; conversations: number } }>(
      'state',
    );
    const c = await h.ctl<{ now: number }>('clock', { advanceMs: 60_000 });
    expect(c.now).toBeGreaterThanOrEqual(s0.now + 60_000);
    const ig = h.state.pages[0]?.instagramId as string;
    const m = await h.ctl<{ id: string }>('media', {
      igUserId: ig,
      caption: 'via control',
      mediaType: 'CAROUSEL_ALBUM',
    });
    const top = await h.graph<List>(`/${ig}/media`, {
      query: { fields: 'id,caption,media_type,children{id}', limit: '1' },
      token: tok,
    });
    expect(top.json.data[0]).toMatchObject({
      id: m.id,
      caption: 'via control',
      media_type: 'CAROUSEL_ALBUM',
    });
    const inbound = await h.ctl<{ conversationId: string; messageId: string }>('inbound', {
      pageId: page1,
      platform: 'messenger',
      text: 'brand new',
    });
    const conv = await h.graph<List>(`/${page1}/conversations`, {
      query: { platform: 'messenger', fields: 'id,message_count', limit: '1' },
      token: tok,
    });
    expect(conv.json.data[0]).toEqual({ id: inbound.conversationId, message_count: 1 });
    const s1 = await h.ctl<{ counts: { conversations: number; media: number } }>('state');
    expect(s1.counts.conversations).toBe(s0.counts.conversations + 1);
    const reset = await h.ctl<{ counts: { conversations: number; posts: number } }>('reset', {});
    expect(reset.counts.conversations).toBe(h.state.counts.conversations);
    expect(reset.counts.posts).toBe(h.state.counts.posts);
    expect((await h.ctl<{ deliveries: unknown[] }>('ledger')).deliveries).toEqual([]);
    expect((await h.graph<ErrBody>('/me')).json.error.code).toBe(190);
    const t = await h.ctl<{ access_token: string }>('tokens', {});
    h.userToken = t.access_token;
    const acc = await h.graph<{ data: { id: string; access_token: string }[] }>('/me/accounts');
    tok = acc.json.data[0]?.access_token as string;
    expect((await h.graph(`/${page1}`, { token: tok })).status).toBe(200);
  });

  it('unknown control routes are 404 and Graph paths are not control routes', async () => {
    expect((await fetch(`${h.sb.url}/__sandbox/nope`)).status).toBe(404);
  });
});

describe('seeding and live activity', () => {
  it('is deterministic per seed and differs across seeds', async () => {
    const a = await startSandbox({ seed: 7, now: () => 1_700_000_000_000 });
    const b = await startSandbox({ seed: 7, now: () => 1_700_000_000_000 });
    const c = await startSandbox({ seed: 8, now: () => 1_700_000_000_000 });
    try {
      expect(a.state).toEqual(b.state);
      expect(a.state.pages[0]?.id).not.toBe(c.state.pages[0]?.id);
      expect(a.state.counts.conversations).toBeGreaterThanOrEqual(3 * 40);
      expect(a.state.fixtures.insideWindow.length).toBeGreaterThanOrEqual(3);
      expect(a.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  }, 60_000);

  it('large scale meets the size targets and serves page 1 of /conversations and /media', async () => {
    const sb = await startSandbox({ seed: 3, scale: 'large' });
    try {
      const c = sb.state.counts;
      expect(c.posts).toBeGreaterThanOrEqual(10_000);
      expect(c.media).toBeGreaterThanOrEqual(10_000);
      expect(c.conversations).toBeGreaterThanOrEqual(2_000);
      expect(c.messages).toBeGreaterThanOrEqual(50_000);
      const tokRes = (await (
        await fetch(`${sb.url}/__sandbox/tokens`, { method: 'POST', body: '{}' })
      ).json()) as { access_token: string };
      const acc = (await (
        await fetch(`${sb.url}/v27.0/me/accounts?access_token=${tokRes.access_token}`)
      ).json()) as { data: { id: string; access_token: string }[] };
      const p = acc.data[0] as { id: string; access_token: string };
      const conv = (await (
        await fetch(
          `${sb.url}/v27.0/${p.id}/conversations?platform=instagram&fields=id,snippet&access_token=${p.access_token}`,
        )
      ).json()) as List;
      expect(conv.data).toHaveLength(25);
      const ig = sb.state.pages[0]?.instagramId as string;
      const media = (await (
        await fetch(
          `${sb.url}/v27.0/${ig}/media?fields=id,media_url&limit=100&access_token=${p.access_token}`,
        )
      ).json()) as List;
      expect(media.data).toHaveLength(100);
      expect(media.paging?.next).toBeDefined();
    } finally {
      await sb.close();
    }
  }, 60_000);

  it('live mode adds inbound messages and posts over time', async () => {
    const sb = await startSandbox({ seed: 1, live: { intervalMs: 40 } });
    try {
      const before = sb.state.counts;
      let after = before;
      // Poll (timers can lag on a loaded machine) until both a message and a post arrived.
      for (let i = 0; i < 100 && (after.messages <= before.messages || after.posts <= before.posts); i++) {
        await new Promise((r) => setTimeout(r, 50));
        after = ((await (await fetch(`${sb.url}/__sandbox/state`)).json()) as { counts: typeof before })
          .counts;
      }
      expect(after.messages).toBeGreaterThan(before.messages);
      expect(after.posts).toBeGreaterThan(before.posts);
    } finally {
      await sb.close();
    }
  }, 60_000);
});
