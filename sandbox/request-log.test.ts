/**
 * The request log: every Graph API call that reaches the sandbox over HTTP, in order, so a test can count what a
 * client did (a batch is one request, listing its sub-requests). Control-API, CDN and login-dialog requests are not
 * Graph requests and are not logged; neither are access tokens.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { boot, type Harness } from './test/harness.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

interface Logged {
  at: number;
  method: string;
  path: string;
  version: string;
  batch?: { method: string; path: string }[];
}

let h: Harness;
let page1: string;
let tok: string;

beforeAll(async () => {
  h = await boot();
  page1 = h.state.pages[0]?.id as string;
  tok = h.pageTokens.get(page1) as string;
});
afterAll(() => h.close());

const requests = async () => (await h.ctl<{ requests: Logged[] }>('requests')).requests;

describe('request log', () => {
  it('lists each Graph request once, in order, without tokens; a batch is one entry with its sub-requests', async () => {
    await h.ctl('requests', undefined, 'DELETE');
    expect(await requests()).toEqual([]);
    await h.graph(`/${page1}/conversations`, { query: { platform: 'messenger' }, token: tok });
    await h.graph('/me', { method: 'GET', headers: { authorization: `Bearer ${tok}` }, token: null });
    await h.graph('/', {
      form: {
        access_token: tok,
        batch: JSON.stringify([
          { method: 'GET', relative_url: `v27.0/${page1}/feed?limit=2` },
          { method: 'GET', relative_url: `${page1}/conversations?platform=instagram` },
        ]),
      },
      token: null,
    });
    await fetch(`${h.sb.url}/v27.0/dialog/oauth?client_id=1&redirect_uri=https://example.com/`);
    await h.ctl('state');

    const log = await requests();
    expect(log.map(({ method, path, version }) => ({ method, path, version }))).toEqual([
      { method: 'GET', path: `/${page1}/conversations`, version: 'v27.0' },
      { method: 'GET', path: '/me', version: 'v27.0' },
      { method: 'POST', path: '/', version: 'v27.0' },
    ]);
    expect(log[2]?.batch).toEqual([
      { method: 'GET', path: `/${page1}/feed` },
      { method: 'GET', path: `/${page1}/conversations` },
    ]);
    // Stamped with the sandbox clock (which the control API can move), not the wall clock.
    const now = h.sb.state.now;
    expect(log[0]?.at).toBeGreaterThan(now - 60_000);
    expect(log[0]?.at).toBeLessThanOrEqual(now);
    expect(JSON.stringify(log)).not.toContain(tok);
  });

  it('counts requests that fail too, and is cleared by DELETE and by reset', async () => {
    await h.ctl('requests', undefined, 'DELETE');
    await h.graph('/me', { token: 'not-a-token' });
    await h.graph('/nope/edge', { token: tok });
    expect((await requests()).map((r) => r.path)).toEqual(['/me', '/nope/edge']);
    await h.ctl('reset', {});
    expect(await requests()).toEqual([]);
  });
});
