import { describe, expect, it } from 'vitest';
import { BridgeError } from '../../shared/bridge/contract';
import type { SendRequest } from '../../shared/bridge/calls/inbox';
import type { Account } from '../../shared/models';
import { createGateway, type GatewaySession } from './gateway';
import { SEND_MEMORY_MS } from './send-registry';
import { createGraphClient } from './graph/client';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const sysErr = (code: string) =>
  Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) });

const ACCOUNTS: Account[] = [
  { id: 'p1', name: 'Cafe', tasks: [], instagram: { id: 'ig1', username: 'cafe' } },
  { id: 'p2', name: 'No IG', tasks: [] },
];

function setup(respond: (url: URL, body: URLSearchParams | undefined) => Response | Promise<Response>) {
  let clock = 1_000_000;
  const posts: URLSearchParams[] = [];
  const expired: string[] = [];
  const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const body = init?.body as URLSearchParams | undefined;
    if (init?.method === 'POST' && body) posts.push(body);
    // The Graph side of the gateway's ownership checks: conversation t_1 of Page p1 is with customer u9.
    if ((init?.method ?? 'GET') === 'GET' && url.pathname === '/v25.0/t_1')
      return json(200, { id: 't_1', participants: { data: [{ id: 'p1' }, { id: 'u9' }] } });
    if (
      (init?.method ?? 'GET') === 'GET' &&
      url.pathname === '/v25.0/p1/conversations' &&
      url.searchParams.get('platform') === 'messenger'
    )
      return json(200, {
        data: [
          {
            id: 't_1',
            updated_time: '2024-03-02T11:00:00+0000',
            participants: {
              data: [
                { id: 'u9', name: 'Ana' },
                { id: 'p1', name: 'Cafe' },
              ],
            },
          },
        ],
      });
    return respond(url, body);
  }) as typeof fetch;
  const graph = createGraphClient({
    baseUrl: () => 'https://graph.example',
    version: () => 'v25.0',
    fetch: fetchFn,
    timeoutMs: 1000,
    now: () => clock,
    sleep: async () => undefined,
  });
  const session: GatewaySession = {
    pageToken: (id) => {
      if (expired.length) throw new BridgeError('session-expired', 'expired');
      if (!ACCOUNTS.some((a) => a.id === id)) throw new BridgeError('permission', 'no');
      return `PAGETOKEN-${id}`;
    },
    accounts: () => ACCOUNTS,
    markExpired: (m) => void expired.push(m),
  };
  const gateway = createGateway({ graph, session, now: () => clock });
  return { gateway, posts, expired, tick: (ms: number) => (clock += ms) };
}

const send = (over: Partial<SendRequest> = {}): SendRequest => ({
  accountId: 'p1',
  platform: 'messenger',
  clientId: 'client-0001',
  conversationId: 't_1',
  recipientId: 'u9',
  text: 'Hello',
  ...over,
});

describe('gateway send', () => {
  it('posts a RESPONSE to the Page messages edge and returns sent with the message id', async () => {
    const { gateway, posts } = setup(() => json(200, { recipient_id: 'u9', message_id: 'm_1' }));
    const out = await gateway.send(send());
    expect(out).toMatchObject({ status: 'sent', messageId: 'm_1' });
    expect(posts[0]!.get('messaging_type')).toBe('RESPONSE');
    expect(posts[0]!.get('tag')).toBeNull();
    expect(JSON.parse(posts[0]!.get('recipient')!)).toEqual({ id: 'u9' });
    expect(JSON.parse(posts[0]!.get('message')!)).toEqual({ text: 'Hello' });
    expect(posts[0]!.get('access_token')).toBe('PAGETOKEN-p1');
  });

  it('uses MESSAGE_TAG + HUMAN_AGENT when tagged', async () => {
    const { gateway, posts } = setup(() => json(200, { message_id: 'm_1' }));
    await gateway.send(send({ tag: 'HUMAN_AGENT' }));
    expect(posts[0]!.get('messaging_type')).toBe('MESSAGE_TAG');
    expect(posts[0]!.get('tag')).toBe('HUMAN_AGENT');
  });

  it.each([
    [
      { code: 10, error_subcode: 2018278, message: '(#10) This message is sent outside of allowed window.' },
      'permanent',
      'outside-window',
    ],
    [
      { code: 551, error_subcode: 1545041, message: "(#551) This person isn't available right now." },
      'permanent',
      'recipient',
    ],
    [
      { code: 200, message: '(#200) Requires pages_messaging permission to manage the object' },
      'permanent',
      'permission',
    ],
    [{ code: 368, message: 'blocked' }, 'permanent', 'blocked'],
    [
      { code: 613, message: '(#613) Calls to this api have exceeded the rate limit.' },
      'retryable',
      undefined,
    ],
    [{ code: 2, message: 'An unexpected error has occurred.', is_transient: true }, 'retryable', undefined],
  ])('maps Meta error %j to %s', async (error, status, code) => {
    const { gateway } = setup(() =>
      json(400, { error: { type: 'OAuthException', fbtrace_id: 'x', ...error } }),
    );
    const out = await gateway.send(send());
    expect(out.status).toBe(status);
    if (out.status === 'permanent') expect(out.code).toBe(code);
  });

  it('190 → auth and the session flips to expired', async () => {
    const { gateway, expired } = setup(() =>
      json(400, { error: { code: 190, error_subcode: 463, message: 'Session has expired' } }),
    );
    expect((await gateway.send(send())).status).toBe('auth');
    expect(expired).toHaveLength(1);
  });

  it('connection refused → retryable (never went out); reset → ambiguous (may have been delivered)', async () => {
    const refused = setup(() => {
      throw sysErr('ECONNREFUSED');
    });
    expect((await refused.gateway.send(send())).status).toBe('retryable');
    const reset = setup(() => {
      throw sysErr('ECONNRESET');
    });
    expect((await reset.gateway.send(send())).status).toBe('ambiguous');
  });

  it('a 200 without message id is ambiguous', async () => {
    const { gateway } = setup(() => json(200, { recipient_id: 'u9' }));
    expect((await gateway.send(send())).status).toBe('ambiguous');
  });

  it('answers send-status while in flight, joins a duplicate call, and remembers the outcome for at least an hour', async () => {
    let release!: () => void;
    const { gateway, posts, tick } = setup(
      () => new Promise<Response>((r) => (release = () => r(json(200, { message_id: 'm_7' })))),
    );
    expect(gateway.sendStatus({ clientId: 'client-0001' })).toEqual({ state: 'unknown' });
    const a = gateway.send(send());
    await new Promise((r) => setTimeout(r, 5));
    expect(gateway.sendStatus({ clientId: 'client-0001' })).toEqual({ state: 'in-flight' });
    const b = gateway.send(send());
    release();
    const [ra, rb] = await Promise.all([a, b]);
    expect(ra).toEqual(rb);
    expect(posts).toHaveLength(1);
    tick(60 * 60 * 1000);
    expect(gateway.sendStatus({ clientId: 'client-0001' })).toEqual({ state: 'done', outcome: ra });
    // A later send with the same clientId is answered from memory, never sent twice.
    expect(await gateway.send(send())).toEqual(ra);
    expect(posts).toHaveLength(1);
    tick(SEND_MEMORY_MS);
    expect(gateway.sendStatus({ clientId: 'client-0001' })).toEqual({ state: 'unknown' });
  });

  it('a retryable outcome can be sent again under the same clientId', async () => {
    let n = 0;
    const { gateway, posts } = setup(() =>
      ++n === 1 ? json(500, { error: { code: 2, message: 'x' } }) : json(200, { message_id: 'm_2' }),
    );
    expect((await gateway.send(send())).status).toBe('retryable');
    expect((await gateway.send(send())).status).toBe('sent');
    expect(posts).toHaveLength(2);
  });
});

describe('gateway reads', () => {
  it('a Page without Instagram has an empty gallery and no Instagram inbox, without calling Graph', async () => {
    let calls = 0;
    const { gateway } = setup(() => {
      calls++;
      return json(200, { data: [] });
    });
    expect(await gateway.gallery({ accountId: 'p2' })).toEqual({
      items: [],
      skipped: 0,
      paging: { hasMore: false },
      notModified: false,
    });
    expect((await gateway.conversations({ accountId: 'p2', platform: 'instagram' })).items).toEqual([]);
    const poll = await gateway.poll({ accountId: 'p2', streams: ['gallery', 'stories', 'instagram'] });
    expect(poll.pages.gallery?.items).toEqual([]);
    expect(poll.pages.instagram?.items).toEqual([]);
    expect(calls).toBe(0);
  });

  it('maps read failures to bridge errors: permission, throttled with retry-after, offline', async () => {
    const perm = setup(() =>
      json(403, {
        error: { code: 10, message: "(#10) This endpoint requires the 'pages_read_engagement' permission" },
      }),
    );
    await expect(perm.gateway.feed({ accountId: 'p1' })).rejects.toMatchObject({
      code: 'permission',
      message: expect.stringContaining('pages_read_engagement'),
    });
    const thr = setup(() => json(400, { error: { code: 32, message: '(#32) Page request limit reached' } }));
    await expect(thr.gateway.feed({ accountId: 'p1' })).rejects.toMatchObject({
      code: 'throttled',
      retryAfterMs: 60_000,
    });
    const off = setup(() => {
      throw sysErr('ENOTFOUND');
    });
    await expect(off.gateway.feed({ accountId: 'p1' })).rejects.toMatchObject({ code: 'offline' });
  });

  it('reads IG conversations through the Page with platform=instagram and the Page token', async () => {
    let seen: URL | undefined;
    const { gateway } = setup((url) => {
      seen = url;
      return json(200, {
        data: [
          {
            id: 'c1',
            updated_time: '2024-01-01T00:00:00+0000',
            participants: {
              data: [
                { id: 'ig1', username: 'cafe' },
                { id: 'x', username: 'ana' },
              ],
            },
          },
        ],
      });
    });
    const page = await gateway.conversations({ accountId: 'p1', platform: 'instagram' });
    expect(seen!.pathname).toBe('/v25.0/p1/conversations');
    expect(seen!.searchParams.get('platform')).toBe('instagram');
    expect(seen!.searchParams.get('access_token')).toBe('PAGETOKEN-p1');
    expect(page.items[0]!.customer).toEqual({ id: 'x', username: 'ana' });
  });

  it('mark-seen sends the sender action', async () => {
    const { gateway, posts } = setup(() => json(200, { recipient_id: 'u9' }));
    await gateway.conversations({ accountId: 'p1', platform: 'messenger' });
    expect(await gateway.markSeen({ accountId: 'p1', platform: 'messenger', recipientId: 'u9' })).toEqual({
      ok: true,
    });
    expect(posts[0]!.get('sender_action')).toBe('mark_seen');
  });
});

describe('gateway: ids must belong to the Page', () => {
  it('refuses a send to someone who is not the customer of that conversation, without calling the Send API', async () => {
    const { gateway, posts } = setup(() => json(200, { message_id: 'm_1' }));
    expect(await gateway.send(send({ recipientId: '4242' }))).toMatchObject({
      status: 'permanent',
      code: 'permission',
    });
    expect(posts).toEqual([]);
  });

  it("refuses another Page's conversation (Graph does not list this Page in it)", async () => {
    const { gateway, posts } = setup((url) =>
      url.pathname === '/v25.0/t_other'
        ? json(200, { id: 't_other', participants: { data: [{ id: 'p9' }, { id: 'u9' }] } })
        : json(200, { data: [] }),
    );
    await expect(
      gateway.messages({ accountId: 'p1', platform: 'messenger', conversationId: 't_other' }),
    ).rejects.toMatchObject({
      code: 'permission',
    });
    expect(await gateway.send(send({ conversationId: 't_other' }))).toMatchObject({ status: 'permanent' });
    expect(posts).toEqual([]);
  });

  it('sends no read receipt to someone outside the listed conversations', async () => {
    const { gateway, posts } = setup(() => json(200, {}));
    expect((await gateway.markSeen({ accountId: 'p1', platform: 'messenger', recipientId: 'u9' })).ok).toBe(
      false,
    );
    expect(posts).toEqual([]);
  });
});

describe('gateway send: answers from something in between', () => {
  it('a 5xx without Meta’s error envelope is ambiguous (it may have been processed); with the envelope it is retryable', async () => {
    const proxy = setup(() => new Response('<html>502 Bad Gateway</html>', { status: 502 }));
    expect((await proxy.gateway.send(send())).status).toBe('ambiguous');
    const emptyJson = setup(() => json(503, {}));
    expect((await emptyJson.gateway.send(send())).status).toBe('ambiguous');
    const meta = setup(() =>
      json(500, { error: { code: 2, message: 'An unexpected error has occurred.', is_transient: true } }),
    );
    expect((await meta.gateway.send(send())).status).toBe('retryable');
    const bad = setup(() => new Response('oops', { status: 400 }));
    expect((await bad.gateway.send(send())).status).toBe('retryable');
  });
});

describe('gateway messages and Meta’s clock', () => {
  it('reports Meta’s clock from the Date header of the answer, so the outbox can compare in Meta’s time', async () => {
    // Meta's clock is 5 minutes behind ours (clock in setup starts at 1,000,000 ms local).
    const metaDate = new Date(1_000_000 - 300_000).toUTCString();
    const { gateway } = setup(
      () =>
        new Response(JSON.stringify({ data: [] }), {
          status: 200,
          headers: { 'content-type': 'application/json', date: metaDate },
        }),
    );
    const page = await gateway.messages({ accountId: 'p1', platform: 'messenger', conversationId: 't_1' });
    expect(page.clock!.offsetMs).toBeGreaterThanOrEqual(-300_000 - 1000);
    expect(page.clock!.offsetMs).toBeLessThanOrEqual(-300_000 + 1000);
    expect(page.clock!.toleranceMs).toBeGreaterThanOrEqual(1000);
    expect(page.clock!.toleranceMs).toBeLessThan(5000);
  });
});
