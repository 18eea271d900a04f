/**
 * Conformance: Graph API v27.0 (current since 4 Nov 2026) and the legacy features Meta closed to new apps on that
 * day, on every version: multi-ID requests (`?ids=`), the HTTP method override (`method=`) and field aliases
 * (`fields=name.as(title)`). Duet is a new app, so the sandbox refuses them and the client can never depend on them.
 * https://developers.facebook.com/blog/post/2026/11/04/introducing-graph-api-v27-and-marketing-api-v27/
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { boot, type ErrBody, type Harness } from './test/harness.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

let h: Harness;
let page1: string;
let page2: string;
let tok: string;

beforeAll(async () => {
  h = await boot();
  page1 = h.state.pages[0]?.id as string;
  page2 = h.state.pages[1]?.id as string;
  tok = h.pageTokens.get(page1) as string;
});
afterAll(() => h.close());

describe('Graph API v27.0', () => {
  it('is the version an unversioned call gets, and a v27.0 call reports', async () => {
    const plain = await h.graph(`${h.sb.url}/${page1}?fields=id&access_token=${tok}`);
    expect(plain.status).toBe(200);
    expect(plain.headers.get('facebook-api-version')).toBe('v27.0');
    const v27 = await h.graph(`/v27.0/${page1}`, { query: { fields: 'id,name' }, token: tok });
    expect(v27.status).toBe(200);
    expect(v27.headers.get('facebook-api-version')).toBe('v27.0');
    expect(v27.json).toMatchObject({ id: page1 });
  });
});

describe('legacy features refused to new apps (all versions)', () => {
  const refused = (r: { status: number; json: unknown }, what: RegExp) => {
    expect(r.status).toBe(400);
    const e = (r.json as ErrBody).error;
    expect(e.code).toBe(100);
    expect(e.type).toBe('OAuthException');
    expect(e.message).toMatch(what);
  };

  it.each(['/v27.0', '/v25.0'])('multi-ID reads (?ids=) under %s', async (v) => {
    refused(
      await h.graph(`${v}/`, { query: { ids: `${page1},${page2}`, fields: 'id' }, token: tok }),
      /multi-ID/i,
    );
    refused(await h.graph(`${v}/${page1}/feed`, { query: { ids: page2 }, token: tok }), /multi-ID/i);
  });

  it.each(['/v27.0', '/v25.0'])('the HTTP method override (method=) under %s', async (v) => {
    // A GET that asks to be a POST (or DELETE) must not write anything.
    const before = (
      await h.graph<{ data: unknown[] }>(`${v}/${page1}/feed`, { query: { limit: '100' }, token: tok })
    ).json.data.length;
    refused(
      await h.graph(`${v}/${page1}/feed`, { query: { method: 'post', message: 'via override' }, token: tok }),
      /method override/i,
    );
    refused(await h.graph(`${v}/${page1}`, { form: { method: 'delete' }, token: tok }), /method override/i);
    const after = (
      await h.graph<{ data: unknown[] }>(`${v}/${page1}/feed`, { query: { limit: '100' }, token: tok })
    ).json.data.length;
    expect(after).toBe(before);
  });

  it.each(['/v27.0', '/v25.0'])('field aliases under %s', async (v) => {
    refused(await h.graph(`${v}/${page1}`, { query: { fields: 'id,name.as(title)' }, token: tok }), /alias/i);
    refused(
      await h.graph(`${v}/${page1}/feed`, { query: { fields: 'id,message.as(text)' }, token: tok }),
      /alias/i,
    );
    refused(
      await h.graph(`${v}/${page1}`, { query: { fields: 'feed.limit(1){message.as(text)}' }, token: tok }),
      /alias/i,
    );
  });

  it('refuses them inside a batch too, answering the other sub-requests', async () => {
    const r = await h.graph<{ code: number; body: string }[]>('/v27.0/', {
      form: {
        batch: JSON.stringify([
          { method: 'GET', relative_url: `v27.0/${page1}?fields=id` },
          { method: 'GET', relative_url: `v27.0/?ids=${page1},${page2}` },
          { method: 'GET', relative_url: `v27.0/${page1}?fields=name.as(title)` },
          { method: 'GET', relative_url: `v27.0/${page1}/feed?method=post&message=x` },
        ]),
      },
      token: tok,
    });
    expect(r.status).toBe(200);
    expect(r.json.map((e) => e.code)).toEqual([200, 400, 400, 400]);
    expect(JSON.parse(r.json[1]!.body).error.message).toMatch(/multi-ID/i);
    expect(JSON.parse(r.json[2]!.body).error.message).toMatch(/alias/i);
    expect(JSON.parse(r.json[3]!.body).error.message).toMatch(/method override/i);
  });
});
