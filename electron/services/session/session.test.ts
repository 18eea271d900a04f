import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { SessionState } from '../../../shared/bridge/calls/session';
import { createGraphClient } from '../graph/client';
import type { KeyValueStore } from '../types';
import { createFileVault } from './file-vault';
import {
  CANCELLED_MESSAGE,
  createSessionService,
  LOGIN_SCOPES,
  parseCallback,
  type SessionServiceOptions,
} from './session';
import { createSettingsService } from './settings';

const USER_TOKEN = 'EAAUSERTOKEN0001';
const PAGE_TOKEN = 'EAAPAGETOKEN0001';
const BROKER_TOKEN = 'EAALONGLIVED0001';

function memoryStore(): KeyValueStore<Record<string, unknown>> {
  const data: Record<string, unknown> = {};
  return { get: (k) => data[k], set: (k, v) => void (data[k] = v), delete: (k) => void delete data[k] };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A tiny fake of the Graph endpoints the session reads. */
const fakeGraph = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
  const url = new URL(String(input));
  if (url.hostname === 'broker.example') {
    const body = JSON.parse(String(init?.body)) as { access_token: string };
    return json(200, {
      access_token: body.access_token === USER_TOKEN ? BROKER_TOKEN : 'x',
      expires_in: 5_184_000,
    });
  }
  const token =
    url.searchParams.get('access_token') ?? (init?.body as URLSearchParams | undefined)?.get('access_token');
  const path = url.pathname.replace(/^\/v\d+\.\d+/, '');
  const bad = {
    error: {
      message: 'Invalid OAuth access token - Cannot parse access token',
      type: 'OAuthException',
      code: 190,
      fbtrace_id: 'x',
    },
  };
  if (token !== USER_TOKEN && token !== PAGE_TOKEN && token !== BROKER_TOKEN) return json(400, bad);
  const isPage = token === PAGE_TOKEN;
  if (path === '/me') return json(200, isPage ? { id: 'p1', name: 'Cafe' } : { id: 'u1', name: 'Ana' });
  if (path === '/me/accounts') {
    if (isPage)
      return json(400, {
        error: {
          message: '(#100) Tried accessing nonexisting field (accounts) on node type (Page)',
          code: 100,
        },
      });
    return json(200, {
      data: [
        {
          id: 'p1',
          name: 'Cafe',
          access_token: PAGE_TOKEN,
          instagram_business_account: { id: 'ig1', username: 'cafe' },
        },
      ],
    });
  }
  if (path === '/p1')
    return json(200, { id: 'p1', name: 'Cafe', instagram_business_account: { id: 'ig1', username: 'cafe' } });
  if (path === '/me/permissions') {
    if (isPage) return json(400, { error: { message: '(#100) nope', code: 100 } });
    return json(200, {
      data: [
        { permission: 'pages_show_list', status: 'granted' },
        { permission: 'read_insights', status: 'declined' },
      ],
    });
  }
  return json(404, { error: { message: 'unknown', code: 100 } });
}) as unknown as typeof fetch;

function setup(extra: Partial<SessionServiceOptions> = {}, env: Record<string, string> = {}) {
  const store = memoryStore();
  const settings = createSettingsService({ store, env: { DUET_APP_ID: '1234', ...env } });
  const graph = createGraphClient({
    baseUrl: () => settings.get().graphBaseUrl,
    version: () => settings.get().apiVersion,
    fetch: fakeGraph,
    timeoutMs: 1000,
    maxRetries: 0,
  });
  const vault = createFileVault(mkdtempSync(join(tmpdir(), 'duet-session-')));
  const changes: SessionState[] = [];
  let n = 0;
  const session = createSessionService({
    settings,
    vault,
    graph,
    store,
    onChange: (s) => changes.push(s),
    onSignOut: async () => undefined,
    startSandbox: async () => ({ url: 'http://127.0.0.1:1', close: async () => undefined }),
    loginRedirectUri: 'http://127.0.0.1:5000/login/callback',
    fetch: fakeGraph,
    randomState: () => `state-${++n}`,
    ...extra,
  });
  return { session, vault, changes, store, settings };
}

describe('session: access token', () => {
  it('signs in with a user token: user, accounts with Instagram, permissions; the vault holds the tokens', async () => {
    const { session, vault, changes } = setup();
    const s = await session.signInToken(USER_TOKEN);
    expect(s.status).toBe('active');
    expect(s.session).toMatchObject({
      user: { id: 'u1', name: 'Ana' },
      mode: 'token',
      grantedPermissions: ['pages_show_list'],
      declinedPermissions: ['read_insights'],
    });
    expect(s.session!.accounts[0]).toMatchObject({ id: 'p1', instagram: { id: 'ig1', username: 'cafe' } });
    expect(await vault.load()).toMatchObject({
      userId: 'u1',
      userToken: USER_TOKEN,
      pageTokens: { p1: PAGE_TOKEN },
    });
    expect(session.pageToken('p1')).toBe(PAGE_TOKEN);
    expect(changes.at(-1)!.status).toBe('active');
    expect(JSON.stringify(changes)).not.toContain('EAA');
  });

  it('signs in with a Page token: the one account is that Page', async () => {
    const { session } = setup();
    const s = await session.signInToken(PAGE_TOKEN);
    expect(s.status).toBe('active');
    expect(s.session!.accounts.map((a) => a.id)).toEqual(['p1']);
    expect(session.pageToken('p1')).toBe(PAGE_TOKEN);
  });

  it('rejects a bad token with a clear message and stays signed out', async () => {
    const { session, vault } = setup();
    const s = await session.signInToken('EAAWRONGWRONGWRONG');
    expect(s.status).toBe('signed-out');
    expect(s.message).toMatch(/didn’t accept this access token/);
    expect(await vault.load()).toBeNull();
    expect(() => session.pageToken('p1')).toThrow(/Sign in/);
  });

  it('signs in at start with DUET_ACCESS_TOKEN', async () => {
    const { session } = setup();
    await session.init(USER_TOKEN);
    expect(session.state().status).toBe('active');
  });

  it('restores a stored session after a restart', async () => {
    const a = setup();
    await a.session.signInToken(USER_TOKEN);
    const b = createSessionService({
      settings: a.settings,
      vault: a.vault,
      graph: createGraphClient({
        baseUrl: () => 'https://g',
        version: () => 'v25.0',
        fetch: fakeGraph,
        timeoutMs: 1000,
      }),
      store: a.store,
      onChange: () => undefined,
      onSignOut: async () => undefined,
      startSandbox: async () => ({ url: '', close: async () => undefined }),
    });
    await b.init();
    expect(b.state()).toMatchObject({ status: 'active', session: { user: { id: 'u1' } } });
    expect(b.pageToken('p1')).toBe(PAGE_TOKEN);
  });
});

describe('session: expiry and sign-out', () => {
  it('190 flips to expired (nothing deleted); signing in again as the same user resumes', async () => {
    const { session, vault } = setup();
    await session.signInToken(USER_TOKEN);
    session.markExpired('Your Facebook session has expired.');
    expect(session.state()).toMatchObject({
      status: 'expired',
      message: 'Your Facebook session has expired.',
      session: { user: { id: 'u1' } },
    });
    expect(() => session.pageToken('p1')).toThrow(expect.objectContaining({ code: 'session-expired' }));
    expect(await vault.load()).not.toBeNull();
    const again = await session.signInToken(USER_TOKEN);
    expect(again).toMatchObject({ status: 'active', session: { user: { id: 'u1' } } });
  });

  it('sign-out clears the vault; disconnect also revokes the grant', async () => {
    const onSignOut = vi.fn(async () => undefined);
    const { session, vault } = setup({ onSignOut });
    await session.signInToken(USER_TOKEN);
    (fakeGraph as unknown as ReturnType<typeof vi.fn>).mockClear();
    const s = await session.signOut(true);
    expect(s.status).toBe('signed-out');
    expect(await vault.load()).toBeNull();
    expect(onSignOut).toHaveBeenCalled();
    const calls = (fakeGraph as unknown as ReturnType<typeof vi.fn>).mock.calls.map(
      ([u, i]) => `${(i as RequestInit | undefined)?.method ?? 'GET'} ${new URL(String(u)).pathname}`,
    );
    expect(calls).toContain('DELETE /v27.0/me/permissions');
  });
});

describe('session: Facebook Login', () => {
  it('browser host: builds the dialog URL with a random state and every scope', async () => {
    const { session } = setup();
    const r = await session.loginStart();
    expect(r.mode).toBe('redirect');
    const u = new URL(r.url!);
    expect(`${u.origin}${u.pathname}`).toBe('https://www.facebook.com/v27.0/dialog/oauth');
    expect(u.searchParams.get('client_id')).toBe('1234');
    expect(u.searchParams.get('redirect_uri')).toBe('http://127.0.0.1:5000/login/callback');
    expect(u.searchParams.get('state')).toBe('state-1');
    expect(u.searchParams.get('response_type')).toBe('token');
    expect(u.searchParams.get('scope')!.split(',')).toEqual([...LOGIN_SCOPES]);
  });

  it('completes with the fragment token when state matches', async () => {
    const { session } = setup();
    await session.loginStart();
    const s = await session.loginComplete(
      `http://127.0.0.1:5000/login/callback#access_token=${USER_TOKEN}&expires_in=3600&state=state-1`,
    );
    expect(s).toMatchObject({ status: 'active', session: { mode: 'facebook' } });
    expect(s.session!.expiresAt).toBeGreaterThan(Date.now());
  });

  it('rejects a state mismatch with a clear message and does not sign in', async () => {
    const { session } = setup();
    await session.loginStart();
    const s = await session.loginComplete(
      `http://127.0.0.1:5000/login/callback#access_token=${USER_TOKEN}&state=forged`,
    );
    expect(s.status).toBe('signed-out');
    expect(s.message).toMatch(/state mismatch/);
    // The pending login is consumed: replaying the right state afterwards is refused too.
    expect((await session.loginComplete(`http://x/cb#access_token=${USER_TOKEN}&state=state-1`)).status).toBe(
      'signed-out',
    );
  });

  it('rejects a callback when no login was started', async () => {
    const { session } = setup();
    expect(
      (await session.loginComplete(`http://x/cb#access_token=${USER_TOKEN}&state=state-1`)).message,
    ).toMatch(/state mismatch/);
  });

  it('cancel (access_denied) → signed out with an explanation', async () => {
    const { session } = setup();
    await session.loginStart();
    const s = await session.loginComplete(
      'http://127.0.0.1:5000/login/callback?error=access_denied&error_code=200&error_reason=user_denied&state=state-1',
    );
    expect(s.status).toBe('signed-out');
    expect(s.message).toBe(CANCELLED_MESSAGE);
  });

  it('Electron: runs the login window on login_success.html and exchanges through the token broker', async () => {
    const runLoginWindow = vi.fn(async (url: string, isDone: (u: string) => boolean) => {
      const state = new URL(url).searchParams.get('state');
      expect(new URL(url).searchParams.get('redirect_uri')).toBe(
        'https://www.facebook.com/connect/login_success.html',
      );
      expect(isDone('https://www.facebook.com/login.php')).toBe(false);
      const done = `https://www.facebook.com/connect/login_success.html#access_token=${USER_TOKEN}&expires_in=3600&state=${state}`;
      expect(isDone(done)).toBe(true);
      return done;
    });
    const { session, vault } = setup(
      { runLoginWindow, loginRedirectUri: undefined },
      { DUET_TOKEN_BROKER_URL: 'https://broker.example/exchange' },
    );
    const r = await session.loginStart();
    expect(r.mode).toBe('window');
    expect(r.state.status).toBe('active');
    expect((await vault.load())?.userToken).toBe(BROKER_TOKEN);
  });

  it('Electron: closing the window → signed out with a message', async () => {
    const { session } = setup({ runLoginWindow: async () => null, loginRedirectUri: undefined });
    const r = await session.loginStart();
    expect(r.state.status).toBe('signed-out');
    expect(r.state.message).toMatch(/closed/);
  });

  it('uses the dialog host’s own login_success.html when the dialog is not facebook.com', async () => {
    let seen = '';
    const { session } = setup(
      {
        runLoginWindow: async (url) => {
          seen = new URL(url).searchParams.get('redirect_uri')!;
          return null;
        },
        loginRedirectUri: undefined,
      },
      { DUET_LOGIN_URL: 'http://127.0.0.1:4444' },
    );
    await session.loginStart();
    expect(seen).toBe('http://127.0.0.1:4444/connect/login_success.html');
  });

  it('refuses to start without an App ID', async () => {
    const { session } = setup({}, { DUET_APP_ID: '' });
    await expect(session.loginStart()).rejects.toThrow(/App ID/);
  });
});

describe('parseCallback', () => {
  it('merges query and fragment', () => {
    const p = parseCallback('https://x/cb?state=a#access_token=t&expires_in=5');
    expect(p?.get('state')).toBe('a');
    expect(p?.get('access_token')).toBe('t');
    expect(parseCallback('not a url')).toBeNull();
  });
});

describe('session: the token stays with its Graph server', () => {
  it('when the Graph URL changes after sign-in, the token is not used and the session asks to sign in again', async () => {
    const { session, settings, vault } = setup();
    await session.signInToken(USER_TOKEN);
    settings.set({ graphBaseUrl: 'http://127.0.0.1:7777' });
    expect(() => session.pageToken('p1')).toThrow(expect.objectContaining({ code: 'session-expired' }));
    expect(session.state()).toMatchObject({
      status: 'expired',
      message: expect.stringContaining('127.0.0.1:7777'),
    });
    expect(await vault.load()).not.toBeNull();
  });
});

describe('session: odd answers', () => {
  it('a login answer that arrives too late is refused', async () => {
    let t = 1_000_000;
    const { session } = setup({ now: () => t });
    await session.loginStart();
    t += 16 * 60 * 1000;
    const s = await session.loginComplete(
      `http://127.0.0.1:5000/login/callback#access_token=${USER_TOKEN}&state=state-1`,
    );
    expect(s.status).toBe('signed-out');
    expect(s.message).toMatch(/too long/);
  });
});
