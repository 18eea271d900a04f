/**
 * Conformance: login dialog, token exchange, debug_token, permissions, token errors.
 * Manual login flow: https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow
 * Long-lived tokens: https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived
 * debug_token: https://developers.facebook.com/docs/graph-api/reference/debug_token/
 * Permissions: https://developers.facebook.com/docs/graph-api/reference/user/permissions/
 * Token errors (190 + subcodes): https://developers.facebook.com/docs/graph-api/guides/error-handling/
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LOGIN_SCOPES } from '../electron/services/session/session';
import { boot, type ErrBody, type Harness } from './test/harness.js';

// Real servers on a shared 2-core machine: allow for scheduling delays.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

let h: Harness;
beforeAll(async () => {
  h = await boot();
});
afterAll(() => h.close());

const APP = '1234567890123456';

async function consent(
  query: Record<string, string>,
  decision: 'allow' | 'cancel',
  userIndex = 0,
  version = '/v27.0',
): Promise<URL> {
  const url = new URL(`${h.sb.url}${version}/dialog/oauth`);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  const page = await fetch(url);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('<form method="post"');
  expect(html).toContain('id="cancel"');
  expect(html).not.toContain('<script');
  expect(html).not.toMatch(/(src|href)="https?:/);
  const action = /action="([^"]+)"/.exec(html)?.[1] as string;
  const form = new URLSearchParams(query);
  form.set('decision', decision);
  form.set('user_id', h.state.users[userIndex]?.id as string);
  for (const m of html.matchAll(/name="grant" value="([^"]+)"/g)) form.append('grant', m[1] as string);
  const res = await fetch(`${h.sb.url}${action}`, { method: 'POST', body: form, redirect: 'manual' });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location') as string);
}

describe('login dialog', () => {
  it('token flow redirects to login_success.html with #access_token, expires_in, state', async () => {
    const loc = await consent(
      {
        client_id: APP,
        redirect_uri: 'https://www.facebook.com/connect/login_success.html',
        state: 's1',
        response_type: 'token',
        scope: 'pages_show_list,pages_messaging',
      },
      'allow',
    );
    expect(`${loc.origin}${loc.pathname}`).toBe('https://www.facebook.com/connect/login_success.html');
    const frag = new URLSearchParams(loc.hash.slice(1));
    expect(frag.get('state')).toBe('s1');
    expect(Number(frag.get('expires_in'))).toBeGreaterThan(0);
    const me = await h.graph('/me', { token: frag.get('access_token') });
    expect(me.json.id).toBe(h.state.demoUserId);
    const perms = await h.graph<{ data: { permission: string; status: string }[] }>('/me/permissions', {
      token: frag.get('access_token'),
    });
    expect(perms.json.data.map((p) => p.permission).sort()).toEqual([
      'pages_messaging',
      'pages_show_list',
      'public_profile',
    ]);
  });

  it('works without a version prefix and to a loopback redirect; serves its own login_success page', async () => {
    const loc = await consent(
      { client_id: APP, redirect_uri: 'http://127.0.0.1:9/cb', state: 'x' },
      'allow',
      1,
      '',
    );
    expect(loc.host).toBe('127.0.0.1:9');
    const token = new URLSearchParams(loc.hash.slice(1)).get('access_token');
    expect((await h.graph('/me', { token })).json.name).toBe('Jordan Lee');
    const ok = await fetch(`${h.sb.url}/connect/login_success.html`);
    expect(await ok.text()).toContain('Success');
  });

  it('Cancel → error=access_denied&error_reason=user_denied with state', async () => {
    const loc = await consent(
      { client_id: APP, redirect_uri: 'http://localhost:5555/done', state: 'abc' },
      'cancel',
    );
    expect(loc.searchParams.get('error')).toBe('access_denied');
    expect(loc.searchParams.get('error_reason')).toBe('user_denied');
    expect(loc.searchParams.get('error_description')).toBe('Permissions error');
    expect(loc.searchParams.get('state')).toBe('abc');
  });

  it('rejects a foreign redirect_uri', async () => {
    const res = await fetch(
      `${h.sb.url}/dialog/oauth?client_id=${APP}&redirect_uri=${encodeURIComponent('https://evil.example/cb')}`,
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('URL Blocked');
  });

  it('code flow + /oauth/access_token (client_secret), code reuse fails', async () => {
    const redirect = 'http://127.0.0.1:7000/cb';
    const loc = await consent(
      { client_id: APP, redirect_uri: redirect, state: 'c', response_type: 'code' },
      'allow',
    );
    const code = loc.searchParams.get('code') as string;
    expect(loc.searchParams.get('state')).toBe('c');
    const q = { client_id: APP, redirect_uri: redirect, client_secret: 'shh', code };
    const r = await h.graph('/oauth/access_token', { query: q, token: null });
    expect(r.json).toMatchObject({ token_type: 'bearer', expires_in: 5184000 });
    expect((await h.graph('/me', { token: r.json.access_token as string })).json.id).toBe(h.state.demoUserId);
    const again = await h.graph<ErrBody>('/oauth/access_token', { query: q, token: null });
    expect(again.json.error).toMatchObject({ code: 100, error_subcode: 36009 });
  });

  it('code flow with PKCE needs the right code_verifier', async () => {
    const redirect = 'http://127.0.0.1:7000/cb';
    const verifier = 'a'.repeat(50);
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const loc = await consent(
      {
        client_id: APP,
        redirect_uri: redirect,
        response_type: 'code',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      },
      'allow',
    );
    const code = loc.searchParams.get('code') as string;
    const bad = await h.graph<ErrBody>('/oauth/access_token', {
      query: { client_id: APP, redirect_uri: redirect, code, code_verifier: 'nope' },
      token: null,
    });
    expect(bad.json.error.code).toBe(100);
    const ok = await h.graph('/oauth/access_token', {
      query: { client_id: APP, redirect_uri: redirect, code, code_verifier: verifier },
      token: null,
    });
    expect(typeof ok.json.access_token).toBe('string');
  });

  it('fb_exchange_token returns a 60-day token whose Page tokens never expire', async () => {
    const r = await h.graph('/oauth/access_token', {
      query: {
        grant_type: 'fb_exchange_token',
        client_id: APP,
        client_secret: 's',
        fb_exchange_token: h.userToken,
      },
      token: null,
    });
    expect(r.json.expires_in).toBe(60 * 86400);
    const acc = await h.graph<{ data: { access_token: string }[] }>('/me/accounts', {
      query: { fields: 'access_token' },
      token: r.json.access_token as string,
    });
    const dbg = await h.graph<{ data: { expires_at: number; type: string; is_valid: boolean } }>(
      '/debug_token',
      { query: { input_token: acc.json.data[0]?.access_token as string }, token: `${APP}|secret` },
    );
    expect(dbg.json.data).toMatchObject({ type: 'PAGE', is_valid: true, expires_at: 0 });
  });
});

describe('debug_token', () => {
  it('describes a user token with scopes and granular scopes', async () => {
    const r = await h.graph<{ data: Record<string, unknown> }>('/debug_token', {
      query: { input_token: h.userToken },
    });
    expect(r.json.data).toMatchObject({
      app_id: APP,
      type: 'USER',
      is_valid: true,
      user_id: h.state.demoUserId,
    });
    expect(r.json.data.scopes).toContain('pages_messaging');
    expect(
      (r.json.data.granular_scopes as { scope: string; target_ids: string[] }[])[0]?.target_ids,
    ).toHaveLength(3);
  });

  it('reports invalid tokens as is_valid false', async () => {
    const r = await h.graph<{ data: { is_valid: boolean } }>('/debug_token', {
      query: { input_token: 'EAAnope' },
    });
    expect(r.json.data.is_valid).toBe(false);
  });
});

describe('token errors', () => {
  it('no token → 104; garbage → 190', async () => {
    expect((await h.graph<ErrBody>('/me', { token: null })).json.error.code).toBe(104);
    const bad = await h.graph<ErrBody>('/me', { token: 'garbage' });
    expect(bad.json.error).toMatchObject({ code: 190, type: 'OAuthException' });
    expect(bad.headers.get('www-authenticate')).toContain('invalid_token');
  });

  it('Authorization: Bearer header is accepted', async () => {
    const r = await h.graph('/me', { token: null, headers: { authorization: `Bearer ${h.userToken}` } });
    expect(r.json.id).toBe(h.state.demoUserId);
  });

  it('expires with the sandbox clock → 190/463', async () => {
    const t = await h.ctl<{ access_token: string; expires_in: number }>('tokens', { expiresInSec: 60 });
    expect(t.expires_in).toBe(60);
    expect((await h.graph('/me', { token: t.access_token })).status).toBe(200);
    await h.ctl('clock', { advanceMs: 61_000 });
    const r = await h.graph<ErrBody>('/me', { token: t.access_token });
    expect(r.json.error).toMatchObject({ code: 190, error_subcode: 463 });
    expect(r.json.error.message).toContain('Session has expired');
  });

  it('/__sandbox/tokens/expire → 463 for user and Page tokens', async () => {
    const t = await h.ctl<{ access_token: string }>('tokens', { userId: h.state.users[1]?.id });
    const acc = await h.graph<{ data: { access_token: string }[] }>('/me/accounts', {
      token: t.access_token,
    });
    await h.ctl('tokens/expire', { userId: h.state.users[1]?.id });
    expect((await h.graph<ErrBody>('/me', { token: t.access_token })).json.error.error_subcode).toBe(463);
    expect(
      (await h.graph<ErrBody>('/me', { token: acc.json.data[0]?.access_token as string })).json.error
        .error_subcode,
    ).toBe(463);
  });

  it('/__sandbox/tokens/revoke → 460 for the user token and its Page tokens', async () => {
    const t = await h.ctl<{ access_token: string }>('tokens', {});
    const acc = await h.graph<{ data: { access_token: string }[] }>('/me/accounts', {
      token: t.access_token,
    });
    const pageTok = acc.json.data[0]?.access_token as string;
    expect((await h.graph('/me', { token: pageTok })).status).toBe(200);
    const r = await h.ctl<{ invalidated: number }>('tokens/revoke', { access_token: t.access_token });
    expect(r.invalidated).toBeGreaterThanOrEqual(2);
    expect((await h.graph<ErrBody>('/me', { token: t.access_token })).json.error).toMatchObject({
      code: 190,
      error_subcode: 460,
    });
    expect((await h.graph<ErrBody>('/me', { token: pageTok })).json.error).toMatchObject({
      code: 190,
      error_subcode: 460,
    });
  });
});

describe('revocation with another subcode', () => {
  it('revoke with subcode 467 (user logged out) answers 190/467', async () => {
    const t = await h.ctl<{ access_token: string }>('tokens', { userId: h.state.users[1]?.id });
    await h.ctl('tokens/revoke', { userId: h.state.users[1]?.id, subcode: 467 });
    expect((await h.graph<ErrBody>('/me', { token: t.access_token })).json.error).toMatchObject({
      code: 190,
      error_subcode: 467,
    });
  });
});

describe('permissions', () => {
  it('DELETE one permission → declined, then calls needing it fail with 10/200', async () => {
    const t = await h.ctl<{ access_token: string }>('tokens', {});
    const acc = await h.graph<{ data: { id: string; access_token: string }[] }>('/me/accounts', {
      token: t.access_token,
    });
    const page = acc.json.data[0] as { id: string; access_token: string };
    const del = await h.graph('/me/permissions/pages_read_engagement', {
      method: 'DELETE',
      token: t.access_token,
    });
    expect(del.json).toEqual({ success: true });
    const perms = await h.graph<{ data: { permission: string; status: string }[] }>('/me/permissions', {
      token: t.access_token,
    });
    expect(perms.json.data.find((p) => p.permission === 'pages_read_engagement')?.status).toBe('declined');
    const feed = await h.graph<ErrBody>(`/${page.id}/feed`, { token: page.access_token });
    expect(feed.json.error.code).toBe(10);
    expect(feed.json.error.message).toContain('pages_read_engagement');
    await h.graph('/me/permissions/pages_messaging', { method: 'DELETE', token: t.access_token });
    const conv = await h.graph<ErrBody>(`/${page.id}/conversations`, { token: page.access_token });
    expect(conv.json.error.code).toBe(200);
    await h.graph('/me/permissions/pages_show_list', { method: 'DELETE', token: t.access_token });
    const none = await h.graph<{ data: unknown[] }>('/me/accounts', { token: t.access_token });
    expect(none.json.data).toEqual([]);
  });

  it('DELETE /me/permissions de-authorizes the app: tokens fail with 190/458', async () => {
    const t = await h.ctl<{ access_token: string }>('tokens', { userId: h.state.users[1]?.id });
    expect((await h.graph('/me/permissions', { method: 'DELETE', token: t.access_token })).json).toEqual({
      success: true,
    });
    expect((await h.graph<ErrBody>('/me', { token: t.access_token })).json.error).toMatchObject({
      code: 190,
      error_subcode: 458,
    });
  });
});

// The app's scope list and the sandbox's default grant come from one list (shared/graph/permissions.ts). These
// tests go through the sandbox's own endpoints, so they fail if either side stops granting what the app asks for.
describe("the app's login scopes", () => {
  async function granted(token: string): Promise<string[]> {
    const perms = await h.graph<{ data: { permission: string; status: string }[] }>('/me/permissions', {
      token,
    });
    return perms.json.data.filter((p) => p.status === 'granted').map((p) => p.permission);
  }

  it('the login dialog, asked with exactly the scopes Duet sends and fully accepted, grants every one', async () => {
    const loc = await consent(
      {
        client_id: APP,
        redirect_uri: 'https://www.facebook.com/connect/login_success.html',
        state: 'scopes',
        response_type: 'token',
        scope: LOGIN_SCOPES.join(','),
      },
      'allow',
    );
    const token = new URLSearchParams(loc.hash.slice(1)).get('access_token') as string;
    expect(await granted(token)).toEqual(expect.arrayContaining([...LOGIN_SCOPES]));
  });

  it('the default grant (demo sign-in, tests, benchmarks) includes every scope Duet asks for', async () => {
    // A token minted without a permission list, as the demo sign-in and every other suite get theirs.
    const minted = await h.ctl<{ access_token: string }>('/tokens', {});
    expect(await granted(minted.access_token)).toEqual(expect.arrayContaining([...LOGIN_SCOPES]));
  });

  it('every permission a sandbox endpoint requires is one Duet asks for (else the feature fails on Meta)', () => {
    const dir = new URL('./graph/', import.meta.url);
    const source = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => readFileSync(new URL(f, dir), 'utf8'))
      .join('\n');
    const required = new Set([...source.matchAll(/requirePerm\(ctx, '([a-z_]+)'/g)].map((m) => m[1]!));
    for (const m of source.matchAll(/requirePerm\(\s*ctx,\s*[^']*'([a-z_]+)'\s*:\s*'([a-z_]+)'/g)) {
      required.add(m[1]!);
      required.add(m[2]!);
    }
    expect(required.size).toBeGreaterThan(5);
    expect([...required].filter((p) => !(LOGIN_SCOPES as readonly string[]).includes(p))).toEqual([]);
  });
});

// Privacy & data: what the panel reads and changes. /me/permissions statuses, debug_token's granular scopes and
// data-access expiry, a dialog re-requesting one permission, per-person Page tasks.
describe('permissions panel', () => {
  type Perms = { data: { permission: string; status: string }[] };
  const statusOf = async (token: string, p: string) =>
    (await h.graph<Perms>('/me/permissions', { token })).json.data.find((x) => x.permission === p)?.status;

  it('granular_scopes name the Pages for pages_* and the linked Instagram accounts for instagram_*', async () => {
    const t = await h.ctl<{ access_token: string }>('tokens', {});
    const r = await h.graph<{
      data: { granular_scopes: { scope: string; target_ids: string[] }[]; data_access_expires_at: number };
    }>('/debug_token', { query: { input_token: t.access_token }, token: `${APP}|secret` });
    const of = (s: string) => r.json.data.granular_scopes.find((g) => g.scope === s)?.target_ids;
    const pages = h.state.pages;
    expect(of('pages_messaging')).toEqual(pages.map((p) => p.id));
    expect(of('instagram_manage_messages')).toEqual(pages.flatMap((p) => p.instagramId ?? []));
    const clock = await h.ctl<{ now: number }>('clock');
    expect(r.json.data.data_access_expires_at * 1000).toBeGreaterThan(clock.now + 89 * 86_400_000);
  });

  it('a revoked permission stops its call at once, and a re-request of that one permission restores it', async () => {
    const t = await h.ctl<{ access_token: string }>('tokens', { userId: h.state.users[1]?.id });
    const acc = await h.graph<{ data: { id: string; access_token: string }[] }>('/me/accounts', {
      token: t.access_token,
    });
    const page = acc.json.data.find((p) => h.state.pages.find((x) => x.id === p.id)?.instagramId);
    expect(page).toBeDefined();
    const ig = `/${page!.id}/conversations`;
    const q = { platform: 'instagram' };
    expect((await h.graph(ig, { token: page!.access_token, query: q })).status).toBe(200);
    await h.graph('/me/permissions/instagram_manage_messages', { method: 'DELETE', token: t.access_token });
    const refused = await h.graph<ErrBody>(ig, { token: page!.access_token, query: q });
    expect(refused.json.error.code).toBe(200);
    expect(refused.json.error.message).toContain('instagram_manage_messages');
    // Messenger keeps working.
    expect((await h.graph(`/${page!.id}/conversations`, { token: page!.access_token })).status).toBe(200);
    // The dialog, asked again for that one permission only, grants it back and keeps every other one.
    const loc = await consent(
      {
        client_id: APP,
        redirect_uri: 'https://www.facebook.com/connect/login_success.html',
        state: 'rr',
        response_type: 'token',
        auth_type: 'rerequest',
        scope: 'instagram_manage_messages',
      },
      'allow',
      1,
    );
    const fresh = new URLSearchParams(loc.hash.slice(1)).get('access_token') as string;
    expect(await statusOf(fresh, 'instagram_manage_messages')).toBe('granted');
    expect(await statusOf(fresh, 'pages_messaging')).toBe('granted');
    expect((await h.graph(ig, { token: page!.access_token, query: q })).status).toBe(200);
  });

  it('after data access expires, data calls fail with 190 and permissions read "expired" until consent', async () => {
    const userId = h.state.users[2]?.id ?? h.state.users[1]?.id;
    const t = await h.ctl<{ access_token: string }>('tokens', { userId });
    const acc = await h.graph<{ data: { id: string; access_token: string }[] }>('/me/accounts', {
      token: t.access_token,
    });
    const page = acc.json.data[0]!;
    await h.ctl('data-access/expire', { userId });
    const feed = await h.graph<ErrBody>(`/${page.id}/feed`, { token: page.access_token });
    expect(feed.json.error).toMatchObject({ code: 190, type: 'OAuthException' });
    expect(feed.json.error.error_subcode).toBeUndefined();
    expect(await statusOf(t.access_token, 'pages_read_engagement')).toBe('expired');
    const dbg = await h.graph<{ data: { data_access_expires_at: number; is_valid: boolean } }>(
      '/debug_token',
      {
        query: { input_token: t.access_token },
        token: `${APP}|secret`,
      },
    );
    expect(dbg.json.data.is_valid).toBe(true);
    // A completed login dialog is the re-consent: data calls work again.
    const idx = h.state.users.findIndex((u) => u.id === userId);
    const loc = await consent(
      {
        client_id: APP,
        redirect_uri: 'https://www.facebook.com/connect/login_success.html',
        state: 'dx',
        response_type: 'token',
        auth_type: 'reauthorize',
        scope: 'pages_read_engagement',
      },
      'allow',
      idx,
    );
    const frag = new URLSearchParams(loc.hash.slice(1));
    expect(Number(frag.get('data_access_expiration_time'))).toBeGreaterThan(
      dbg.json.data.data_access_expires_at,
    );
    expect((await h.graph(`/${page.id}/feed`, { token: page.access_token })).status).toBe(200);
  });

  it('each person has their own tasks on a Page', async () => {
    const userId = h.state.users[1]?.id as string;
    const t = await h.ctl<{ access_token: string }>('tokens', { userId });
    const before = await h.graph<{ data: { id: string; tasks: string[] }[] }>('/me/accounts', {
      token: t.access_token,
      query: { fields: 'id,tasks' },
    });
    const pageId = before.json.data[0]!.id;
    expect(before.json.data[0]!.tasks).toContain('MESSAGING');
    await h.ctl('page-tasks', { userId, pageId, tasks: ['MODERATE', 'ANALYZE'] });
    const after = await h.graph<{ data: { id: string; tasks: string[] }[] }>('/me/accounts', {
      token: t.access_token,
      query: { fields: 'id,tasks' },
    });
    expect(after.json.data.find((p) => p.id === pageId)?.tasks).toEqual(['MODERATE', 'ANALYZE']);
    // Another person on the same Page keeps a full role.
    const other = await h.ctl<{ access_token: string }>('tokens', {});
    const demo = await h.graph<{ data: { id: string; tasks: string[] }[] }>('/me/accounts', {
      token: other.access_token,
      query: { fields: 'id,tasks' },
    });
    expect(demo.json.data.find((p) => p.id === pageId)?.tasks).toContain('MESSAGING');
  });
});
