import { describe, expect, it, vi } from 'vitest';
import { createGraphClient, GraphCallError, redact, type GraphClientOptions } from './client';
import { graphPagingUrl, graphPath } from './path';

type Handler = (url: URL, init: RequestInit) => Response | Promise<Response>;

function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

function setup(handler: Handler, extra: Partial<GraphClientOptions> = {}) {
  const calls: Array<{ url: URL; init: RequestInit }> = [];
  const sleeps: number[] = [];
  const fetchFn = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    calls.push({ url, init: init ?? {} });
    return handler(url, init ?? {});
  }) as unknown as typeof fetch;
  const client = createGraphClient({
    baseUrl: () => 'https://graph.example',
    version: () => 'v25.0',
    fetch: fetchFn,
    timeoutMs: 1000,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...extra,
  });
  return { client, calls, sleeps };
}

const sysErr = (code: string) =>
  Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) });

describe('createGraphClient', () => {
  it('puts the token in the GET query and the versioned path', async () => {
    const { client, calls } = setup(() => json(200, { id: '1' }));
    const r = await client.request({
      path: graphPath('me'),
      params: { fields: 'id,name' },
      token: 'TOKEN123456',
    });
    expect(r.data).toEqual({ id: '1' });
    expect(calls[0]!.url.pathname).toBe('/v25.0/me');
    expect(calls[0]!.url.searchParams.get('access_token')).toBe('TOKEN123456');
    expect(calls[0]!.url.searchParams.get('fields')).toBe('id,name');
  });

  it('sends POST parameters and the token in the form body, not the URL', async () => {
    const { client, calls } = setup(() => json(200, { message_id: 'm' }));
    await client.request({
      method: 'POST',
      path: graphPath('1', 'messages'),
      params: { recipient: '{"id":"2"}' },
      token: 'TOKEN123456',
    });
    expect(calls[0]!.url.search).toBe('');
    const body = calls[0]!.init.body as URLSearchParams;
    expect(body.get('access_token')).toBe('TOKEN123456');
    expect(body.get('recipient')).toBe('{"id":"2"}');
  });

  it('retries a GET on transient errors with bounded full-jitter backoff, then succeeds', async () => {
    let n = 0;
    const { client, calls, sleeps } = setup(() =>
      ++n < 3 ? json(500, { error: { message: 'x', code: 2, is_transient: true } }) : json(200, { ok: 1 }),
    );
    const r = await client.request({ path: graphPath('x'), token: 't'.repeat(12) });
    expect(r.data).toEqual({ ok: 1 });
    expect(calls).toHaveLength(3);
    // random() = 0.5 → half of min(cap, base * 2^attempt)
    expect(sleeps).toEqual([250, 500]);
  });

  it('gives up after the bounded number of retries', async () => {
    const { client, calls } = setup(() => {
      throw sysErr('ECONNRESET');
    });
    await expect(client.request({ path: graphPath('x'), token: 't'.repeat(12) })).rejects.toBeInstanceOf(
      GraphCallError,
    );
    expect(calls).toHaveLength(3);
  });

  it('does not retry non-transient errors', async () => {
    const { client, calls } = setup(() => json(400, { error: { message: 'bad', code: 100 } }));
    const err = (await client
      .request({ path: graphPath('x'), token: 't'.repeat(12) })
      .catch((e: unknown) => e)) as GraphCallError;
    expect(err.info.kind).toBe('invalid');
    expect(err.phase).toBe('response');
    expect(calls).toHaveLength(1);
  });

  it('never retries a POST, even on a transient error', async () => {
    const { client, calls } = setup(() => json(500, { error: { message: 'x', code: 2 } }));
    await expect(
      client.request({ method: 'POST', path: graphPath('1', 'messages'), token: 't'.repeat(12) }),
    ).rejects.toBeInstanceOf(GraphCallError);
    expect(calls).toHaveLength(1);
  });

  it('classifies connection refused / DNS as before-send and resets as after-send', async () => {
    for (const [code, phase] of [
      ['ECONNREFUSED', 'before-send'],
      ['ENOTFOUND', 'before-send'],
      ['ECONNRESET', 'after-send'],
      ['UND_ERR_SOCKET', 'after-send'],
    ] as const) {
      const { client } = setup(() => {
        throw sysErr(code);
      });
      const err = (await client
        .request({ method: 'POST', path: graphPath('1', 'messages'), token: 't'.repeat(12) })
        .catch((e: unknown) => e)) as GraphCallError;
      expect(err.phase, code).toBe(phase);
    }
  });

  it('times out a hanging request and calls it after-send', async () => {
    const { client } = setup(
      (_u, init) =>
        new Promise<Response>((_r, reject) => {
          init.signal?.addEventListener('abort', () =>
            reject(Object.assign(new Error('aborted'), { name: 'AbortError' })),
          );
        }),
      { timeoutMs: 30 },
    );
    const err = (await client
      .request({ method: 'POST', path: graphPath('1', 'messages'), token: 't'.repeat(12) })
      .catch((e: unknown) => e)) as GraphCallError;
    expect(err.phase).toBe('after-send');
    expect(err.info.kind).toBe('transient');
  });

  it('treats an unreadable 200 body on a POST as after-send (may have been processed)', async () => {
    const { client } = setup(() => json(200, '{"message_id": "m_'));
    const err = (await client
      .request({ method: 'POST', path: graphPath('1', 'messages'), token: 't'.repeat(12) })
      .catch((e: unknown) => e)) as GraphCallError;
    expect(err.phase).toBe('after-send');
  });

  it('sends If-None-Match for polling GETs and serves 304 as notModified with the cached body', async () => {
    const { client, calls } = setup((_u, init) => {
      const inm = (init.headers as Record<string, string>)['if-none-match'];
      return inm === '"v1"'
        ? new Response(null, { status: 304 })
        : json(200, { data: [1] }, { etag: '"v1"' });
    });
    const a = await client.request({ path: graphPath('1', 'feed'), token: 't'.repeat(12), etag: true });
    const b = await client.request({ path: graphPath('1', 'feed'), token: 't'.repeat(12), etag: true });
    expect(a.notModified).toBe(false);
    expect(b).toEqual({ status: 304, data: { data: [1] }, notModified: true });
    expect((calls[1]!.init.headers as Record<string, string>)['if-none-match']).toBe('"v1"');
    client.reset();
    const c = await client.request({ path: graphPath('1', 'feed'), token: 't'.repeat(12), etag: true });
    expect(c.notModified).toBe(false);
  });

  it('records usage per account, reports changes, and holds a throttled account without calling', async () => {
    const changes: string[] = [];
    const bucA = JSON.stringify({
      A: [
        {
          type: 'pages',
          call_count: 100,
          total_time: 1,
          total_cputime: 1,
          estimated_time_to_regain_access: 2,
        },
      ],
    });
    const { client, calls } = setup(
      (url) =>
        url.pathname.includes('/A/')
          ? json(
              400,
              { error: { message: '(#32) Page request limit reached', code: 32 } },
              { 'x-business-use-case-usage': bucA },
            )
          : json(200, {}, { 'x-app-usage': '{"call_count":12,"total_time":1,"total_cputime":1}' }),
      { now: () => 1_000_000, onUsage: (id) => changes.push(id) },
    );
    const err = (await client
      .request({ path: graphPath('A', 'feed'), token: 't'.repeat(12), accountId: 'A' })
      .catch((e: unknown) => e)) as GraphCallError;
    expect(err.info.kind).toBe('throttled');
    expect(err.info.retryAfterMs).toBe(120_000);
    // The next call for A is held without touching the network; B is unaffected.
    const held = (await client
      .request({ path: graphPath('A', 'feed'), token: 't'.repeat(12), accountId: 'A' })
      .catch((e: unknown) => e)) as GraphCallError;
    expect(held.phase).toBe('before-send');
    expect(held.info.kind).toBe('throttled');
    await client.request({ path: graphPath('B', 'feed'), token: 't'.repeat(12), accountId: 'B' });
    expect(calls.map((c) => c.url.pathname)).toEqual(['/v25.0/A/feed', '/v25.0/B/feed']);
    expect(client.budgets().get('B').appPct).toBe(12);
    expect(changes).toContain('A');
    expect(changes).toContain('B');
  });

  it('batches sub-requests with ETags and maps each answer', async () => {
    let round = 0;
    const { client, calls } = setup((_u, init) => {
      round++;
      const batch = JSON.parse((init.body as URLSearchParams).get('batch')!) as Array<{
        relative_url: string;
        headers?: string[];
      }>;
      return json(
        200,
        batch.map((b, i) => {
          if (i === 1)
            return {
              code: 400,
              headers: [],
              body: JSON.stringify({ error: { message: '(#10) needs instagram_basic', code: 10 } }),
            };
          if (b.headers?.some((h) => h.includes('"e0"')))
            return { code: 304, headers: [{ name: 'ETag', value: '"e0"' }], body: '' };
          return {
            code: 200,
            headers: [{ name: 'ETag', value: '"e0"' }],
            body: JSON.stringify({ data: [round] }),
          };
        }),
      );
    });
    const items = [
      { method: 'GET' as const, path: graphPath('1', 'feed'), params: { limit: 5 }, etag: true },
      { method: 'GET' as const, path: graphPath('2', 'media'), etag: true },
    ];
    const first = await client.batch(items, 't'.repeat(12), '1');
    expect(first[0]).toEqual({ ok: true, status: 200, data: { data: [1] }, notModified: false });
    expect(first[1]).toMatchObject({
      ok: false,
      error: { kind: 'permission', permission: 'instagram_basic' },
    });
    const second = await client.batch(items, 't'.repeat(12), '1');
    expect(second[0]).toMatchObject({ ok: true, notModified: true });
    expect(calls).toHaveLength(2);
    expect((calls[0]!.init.body as URLSearchParams).get('include_headers')).toBe('true');
  });

  it('never writes a token into a log line', async () => {
    const lines: string[] = [];
    const { client } = setup(
      () => {
        throw sysErr('ECONNREFUSED');
      },
      { log: (l) => lines.push(l), maxRetries: 0 },
    );
    await client
      .request({ path: graphPath('me'), token: 'SECRETTOKEN123', params: { fields: 'id' } })
      .catch(() => undefined);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain('SECRETTOKEN123');
  });
});

describe('redact', () => {
  it('removes token values from URLs, JSON and headers', () => {
    expect(redact('https://g/me?fields=id&access_token=EAAB123&x=1')).toBe(
      'https://g/me?fields=id&access_token=[redacted]&x=1',
    );
    expect(redact('{"access_token":"EAAB123"}')).toBe('{"access_token":"[redacted]"}');
    expect(redact('Authorization: Bearer EAAB.123')).toBe('Authorization: Bearer [redacted]');
    expect(redact('#access_token=EAAB&state=s')).toBe('#access_token=[redacted]&state=[redacted]');
  });
});

describe('absolute URLs', () => {
  it('follows paging URLs on the Graph host but never sends the token elsewhere', async () => {
    const { client, calls } = setup(() => json(200, { data: [] }));
    await client.request({
      path: graphPagingUrl('https://graph.example/v25.0/1/feed?after=X')!,
      token: 'TOKEN123456',
    });
    expect(calls[0]!.url.searchParams.get('after')).toBe('X');
    await expect(
      client.request({ path: graphPagingUrl('https://evil.example/v25.0/1/feed')!, token: 'TOKEN123456' }),
    ).rejects.toThrow(/Refusing/);
    expect(calls).toHaveLength(1);
  });
});

describe('slowing down before the limit', () => {
  it('waits longer before each call as the account’s usage climbs past 80 %', async () => {
    let pct = 50;
    const { client, sleeps } = setup(() =>
      json(
        200,
        {},
        {
          'x-business-use-case-usage': JSON.stringify({
            A: [
              {
                type: 'pages',
                call_count: pct,
                total_time: 1,
                total_cputime: 1,
                estimated_time_to_regain_access: 0,
              },
            ],
          }),
        },
      ),
    );
    const call = () =>
      client.request({ path: graphPath('A', 'feed'), token: 't'.repeat(12), accountId: 'A' });
    await call(); // learns 50 %
    await call(); // no wait at 50 %
    expect(sleeps).toEqual([]);
    pct = 85;
    await call(); // no wait yet; learns 85 %
    await call(); // waits (85 %)
    pct = 95;
    await call(); // waits (85 %); learns 95 %
    await call(); // waits longer (95 %)
    expect(sleeps).toHaveLength(3);
    expect(sleeps[1]!).toBeGreaterThan(0);
    expect(sleeps[2]!).toBeGreaterThan(sleeps[1]!);
  });
});
