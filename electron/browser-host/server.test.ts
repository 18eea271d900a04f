// The browser host answers every call in the contract with the same validation as the IPC host.
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { callNames, type CallHandlers } from '../../shared/bridge/contract';
import type { HostCore } from '../services/types';
import { rawRequest } from '../test/raw-http';
import { secretCookieName } from './guard';
import { resolveStaticPath, startBrowserHost, type BrowserHost } from './server';
import { nullMedia, nullStore, nullVault } from '../test/null-platform';

const root = mkdtempSync(join(tmpdir(), 'duet-host-'));
const rendererDir = join(root, 'renderer');
mkdirSync(join(rendererDir, 'assets'), { recursive: true });
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Duet</title>');
writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
// A file outside the renderer folder, reached by a symlinked file and a symlinked folder inside it (a packaging slip
// or a planted link); and a symlink that stays inside (still the renderer's own file).
const outside = join(root, 'outside');
mkdirSync(outside);
writeFileSync(join(outside, 'vault.json'), 'SECRET-OUTSIDE');
symlinkSync(join(outside, 'vault.json'), join(rendererDir, 'assets', 'leak.js'));
symlinkSync(outside, join(rendererDir, 'assets', 'linked'));
symlinkSync(join(rendererDir, 'assets', 'app.js'), join(rendererDir, 'assets', 'alias.js'));

const seen: string[] = [];
// Every handler records its call; app/info answers for real so a valid round trip can be checked.
const handlers = Object.fromEntries(
  callNames.map((name) => [
    name,
    vi.fn(async () => {
      seen.push(name);
      if (name === 'media/clear-cache') return { freedBytes: 0 };
      if (name === 'app/info') {
        return {
          name: 'Duet',
          version: '1.0.0',
          host: 'browser',
          platform: 'linux',
          versions: { node: '20' },
          dataDir: root,
          demo: false,
        };
      }
      throw new Error('not under test');
    }),
  ]),
) as unknown as CallHandlers;

let host: BrowserHost;
const store = nullStore;
const vault = nullVault;

beforeAll(async () => {
  host = await startBrowserHost({
    rendererDir,
    secret: 'test-secret-test-secret',
    platform: { dataDir: root, appVersion: '1.0.0', versions: { node: '20' }, env: {}, store, vault },
    createCore: async (): Promise<HostCore> => ({
      handlers,
      media: nullMedia,
      dispose: async () => {},
    }),
  });
});
afterAll(() => host.close());

const call = (name: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${host.origin}/bridge/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-duet-key': host.secret, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('browser host', () => {
  it('binds to 127.0.0.1 only', () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('routes every call in the contract to its handler, validating the payload first', async () => {
    for (const name of callNames) {
      // An array is never a valid argument object: every call must answer invalid-request without running.
      const res = await call(name, [1, 2, 3]);
      expect(res.status, name).toBe(400);
      expect((await res.json()) as { code: string }).toMatchObject({ code: 'invalid-request' });
    }
    expect(seen).toEqual([]);
  });

  it('answers a valid call with the handler result', async () => {
    const res = await call('app/info', {});
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: 'Duet', host: 'browser' });
  });

  it('deleting the media cache also empties the browser’s own copies of the pictures (Clear-Site-Data)', async () => {
    // Pictures are served with a year-long cache lifetime: without this the tab would keep showing deleted files.
    const res = await call('media/clear-cache', {});
    expect(res.status).toBe(200);
    expect(res.headers.get('clear-site-data')).toBe('"cache"');
    expect((await call('app/info', {})).headers.get('clear-site-data')).toBeNull();
  });

  it('gives a clear error for a bad payload and for unknown calls', async () => {
    const bad = await call('settings/set', { theme: 'purple' });
    const body = (await bad.json()) as { code: string; message: string; issues: Array<{ path: string }> };
    expect(bad.status).toBe(400);
    expect(body.code).toBe('invalid-request');
    expect(body.issues[0]!.path).toBe('theme');
    expect(body.message).toContain('settings/set');
    const unknown = await call('app/format-disk', {});
    expect(unknown.status).toBe(404);
    const notJson = await call('app/info', '{oops');
    expect(notJson.status).toBe(400);
  });

  it('rejects calls from a foreign origin or without the launch secret', async () => {
    expect((await call('app/info', {}, { origin: 'https://evil.example' })).status).toBe(403);
    const noSecret = await fetch(`${host.origin}/bridge/app/info`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(noSecret.status).toBe(401);
  });

  it('serves the app with a strict CSP and sets the session cookie from the printed link', async () => {
    const res = await fetch(host.url, { redirect: 'manual' });
    const cookie = `${secretCookieName(host.port)}=${host.secret}`;
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toBe(`${cookie}; HttpOnly; SameSite=Strict; Path=/`);
    const app = await fetch(`${host.origin}/`, { headers: { cookie } });
    expect(app.status).toBe(200);
    expect(app.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(app.headers.get('content-security-policy')).not.toContain('unsafe');
    const asset = await fetch(`${host.origin}/assets/app.js`, { headers: { cookie } });
    expect(asset.status).toBe(200);
  });

  it('never serves files outside the renderer folder', async () => {
    expect(resolveStaticPath(rendererDir, '/index.html')).toBe(join(rendererDir, 'index.html'));
    expect(resolveStaticPath(rendererDir, '/auth/assets/app.js')).toBe(join(rendererDir, 'assets', 'app.js'));
    expect(resolveStaticPath(rendererDir, '/../../etc/passwd')).toBeNull();
    expect(resolveStaticPath(rendererDir, '/%2e%2e/%2e%2e/etc/passwd')).toBeNull();
    expect(resolveStaticPath(rendererDir, '/..%5c..%5cwindows')).toBeNull();
    expect(resolveStaticPath(rendererDir, '/a%00b')).toBeNull();
    expect(resolveStaticPath(rendererDir, '/%E0%A4%A')).toBeNull();
    const res = await fetch(`${host.origin}/..%2f..%2fpackage.json`, {
      headers: { cookie: `${secretCookieName(host.port)}=${host.secret}` },
    });
    expect(res.status).toBe(404);
  });

  it('never follows a symlink out of the renderer folder, but serves one that stays inside', async () => {
    const cookie = `${secretCookieName(host.port)}=${host.secret}`;
    for (const path of ['/assets/leak.js', '/assets/linked/vault.json']) {
      const res = await fetch(`${host.origin}${path}`, { headers: { cookie } });
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).not.toContain('SECRET-OUTSIDE');
    }
    const alias = await fetch(`${host.origin}/assets/alias.js`, { headers: { cookie } });
    expect(alias.status).toBe(200);
    expect(await alias.text()).toBe('console.log(1)');
  });
});

describe('browser host launch link', () => {
  it('is a one-time code: the first GET sets the cookie and redirects to the same address without it', async () => {
    const url = host.launchUrl();
    const code = new URL(url).searchParams.get('k')!;
    expect(code).not.toContain(host.secret);
    const first = await fetch(`${url}&pollMs=2000`, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe(`${host.origin}/?pollMs=2000`);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    expect(cookie).toBe(`${secretCookieName(host.port)}=${host.secret}`);
    // Spent: without the cookie the same link opens a page that says what happened and what to do.
    const again = await fetch(url, { redirect: 'manual' });
    expect(again.status).toBe(401);
    expect(again.headers.get('set-cookie')).toBeNull();
    expect(again.headers.get('content-type')).toContain('text/html');
    const page = await again.text();
    expect(page).toContain('already used');
    expect(page).toContain('new link');
    // With the cookie (this browser opened it before) it just goes to the clean address.
    const withCookie = await fetch(url, { redirect: 'manual', headers: { cookie } });
    expect(withCookie.status).toBe(303);
    expect(withCookie.headers.get('location')).toBe(`${host.origin}/`);
    expect(withCookie.headers.get('set-cookie')).toBeNull();
  });

  it('a spent code never authorizes anything', async () => {
    const url = host.launchUrl();
    await fetch(url, { redirect: 'manual' });
    const code = new URL(url).searchParams.get('k')!;
    for (const [path, method] of [
      ['/bridge/app/info', 'POST'],
      ['/events', 'GET'],
      ['/assets/app.js', 'GET'],
      ['/', 'GET'],
    ] as const) {
      const res = await fetch(`${host.origin}${path}?k=${code}`, {
        method,
        redirect: 'manual',
        headers: { 'content-type': 'application/json' },
        body: method === 'POST' ? '{}' : undefined,
      });
      expect(res.status, path).toBe(401);
    }
    expect(
      (
        await fetch(`${host.origin}/bridge/app/info`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-duet-key': code },
          body: '{}',
        })
      ).status,
    ).toBe(401);
  });
});

describe('browser host under hostile requests', () => {
  const cookieName = () => secretCookieName(host.port);
  const head = (line: string, headers: string[] = []) =>
    [line, `Host: 127.0.0.1:${host.port}`, ...headers].join('\r\n');
  const stillServes = async () => {
    const res = await call('app/info', {});
    expect(res.status).toBe(200);
  };

  it('answers every malformed request with a 4xx and keeps serving', async () => {
    const auth = () => `Cookie: ${cookieName()}=${host.secret}`;
    const cases: Array<[string, string]> = [
      ['empty path //', head('GET // HTTP/1.1')],
      ['///x', head('GET ///x HTTP/1.1')],
      ['/%', head('GET /% HTTP/1.1')],
      ['/%E0%A4%A', head('GET /%E0%A4%A HTTP/1.1')],
      [
        '/bridge/%',
        head('POST /bridge/% HTTP/1.1', ['Content-Type: application/json', 'Content-Length: 2', auth()]),
      ],
      [
        '/bridge/%E0 signed in',
        head('POST /bridge/%E0%A4%A HTTP/1.1', [
          'Content-Type: application/json',
          'Content-Length: 2',
          auth(),
        ]),
      ],
      ['// signed in', head('GET // HTTP/1.1', [auth()])],
      ['/% signed in', head('GET /% HTTP/1.1', [auth()])],
      ['/media?% signed in', head('GET /media?%E0=%&key=% HTTP/1.1', [auth()])],
      ['asterisk', head('OPTIONS * HTTP/1.1')],
      ['absolute URL', head('GET http://evil.example/ HTTP/1.1')],
      ['launch code %', head('GET /?k=% HTTP/1.1')],
      ['launch code %E0', head('GET /?k=%E0%A4%A HTTP/1.1')],
      ['long path', head(`GET /${'a'.repeat(12_000)} HTTP/1.1`)],
      ['huge path', head(`GET /${'a'.repeat(100_000)} HTTP/1.1`)],
      ['huge header', head('GET / HTTP/1.1', [`X-Junk: ${'j'.repeat(100_000)}`])],
      [
        'many headers',
        head(
          'GET / HTTP/1.1',
          Array.from({ length: 3000 }, (_, i) => `X-H${i}: 1`),
        ),
      ],
      ['cookie %', head('GET / HTTP/1.1', [`Cookie: ${cookieName()}=%`])],
      ['cookie %E0', head('GET / HTTP/1.1', [`Cookie: ${cookieName()}=%E0`])],
      ['old cookie name %', head('GET / HTTP/1.1', ['Cookie: duet_k=%'])],
      [
        'many cookies',
        head('GET / HTTP/1.1', [
          `Cookie: ${Array.from({ length: 500 }, () => `${cookieName()}=%E0`).join('; ')}`,
        ]),
      ],
      [
        'two cookie headers',
        head('GET / HTTP/1.1', [`Cookie: ${cookieName()}=%`, `Cookie: ${cookieName()}=x`]),
      ],
      ['unknown method', head('BREW / HTTP/1.1')],
      ['method of junk', head('G\u0000T / HTTP/1.1')],
      ['PROPFIND', head('PROPFIND / HTTP/1.1', [auth()])],
      ['DELETE bridge', head('DELETE /bridge/app/info HTTP/1.1', [auth()])],
      ['bad HTTP version', head('GET / HTTP/9.9')],
      ['not HTTP', 'hello there'],
      ['no Host', 'GET / HTTP/1.1'],
      ['two Hosts', head('GET / HTTP/1.1', ['Host: evil.example'])],
      [
        'bad content-length',
        head('POST /bridge/app/info HTTP/1.1', [
          'Content-Type: application/json',
          'Content-Length: nope',
          auth(),
        ]),
      ],
      [
        'body too large',
        head('POST /bridge/app/info HTTP/1.1', [
          'Content-Type: application/json',
          `Content-Length: ${2 * 1024 * 1024}`,
          auth(),
        ]),
      ],
    ];
    for (const [name, request] of cases) {
      const body =
        name === 'body too large' ? 'x'.repeat(2 * 1024 * 1024) : name.startsWith('/bridge') ? '{}' : '';
      const answer = await rawRequest(host.port, request, body);
      expect(answer.status, name).toBeGreaterThanOrEqual(400);
      expect(answer.status, name).toBeLessThan(500);
      await stillServes();
    }
  });

  it('a cookie planted first by another 127.0.0.1 page does not lock the real tab out', async () => {
    for (const planted of ['%', '%E0', 'planted', `${host.secret}0`]) {
      const res = await fetch(`${host.origin}/bridge/app/info`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie: `${cookieName()}=${planted}; duet_k=%; ${cookieName()}=${host.secret}`,
        },
        body: '{}',
      });
      expect(res.status, planted).toBe(200);
    }
    const plantedOnly = await fetch(`${host.origin}/bridge/app/info`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `${cookieName()}=planted` },
      body: '{}',
    });
    expect(plantedOnly.status).toBe(401);
  });

  it('a handler that throws, or a client that goes away mid-answer, does not take the host down', async () => {
    // Every handler but app/info throws (see above); media answers 404.
    expect((await call('feed/list', {})).status).toBeGreaterThanOrEqual(400);
    const sse = new AbortController();
    const events = await fetch(`${host.origin}/events`, {
      headers: { 'x-duet-key': host.secret },
      signal: sse.signal,
    });
    expect(events.status).toBe(200);
    sse.abort();
    const media = await rawRequest(
      host.port,
      head('GET /media?key=a:b:c&url=https%3A%2F%2Fscontent.fbcdn.net%2Fx.jpg HTTP/1.1', [
        `X-Duet-Key: ${host.secret}`,
      ]),
    );
    expect(media.status).toBeLessThan(500);
    await stillServes();
  });
});

describe('browser host without the session cookie', () => {
  it('a browser tab without the cookie (e.g. after a restart) gets a page that says how to get back in', async () => {
    const res = await fetch(`${host.origin}/?pollMs=2000`, {
      headers: { accept: 'text/html,application/xhtml+xml', 'sec-fetch-mode': 'navigate' },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('text/html');
    const page = await res.text();
    expect(page).toContain('press Enter in the terminal');
    expect(page).not.toContain(host.secret);
    // Scripts and tools still get the short plain answer.
    const plain = await fetch(`${host.origin}/events`);
    expect(plain.status).toBe(401);
    expect(plain.headers.get('content-type')).toContain('text/plain');
  });

  it('serves the Facebook Login return page without the cookie, but its hand-over call still needs it', async () => {
    // The return from Facebook is a cross-site navigation: it carries no SameSite=Strict cookie.
    // (Raw, because fetch sets Sec-Fetch-Mode itself.)
    const page = await rawRequest(
      host.port,
      [
        'GET /auth/callback?code=abc HTTP/1.1',
        `Host: 127.0.0.1:${host.port}`,
        'Sec-Fetch-Site: cross-site',
        'Sec-Fetch-Mode: navigate',
      ].join('\r\n'),
    );
    expect(page.status).toBe(200);
    expect(page.body).toContain('/auth/callback.js');
    expect((await fetch(`${host.origin}/auth/callback.js`)).status).toBe(200);
    const handOver = await fetch(`${host.origin}/bridge/session/login-complete`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ callbackUrl: `${host.origin}/auth/callback?code=abc` }),
    });
    expect(handOver.status).toBe(401);
    expect((await fetch(`${host.origin}/auth/callback`, { method: 'POST' })).status).toBe(401);
  });
});
