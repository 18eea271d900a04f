// The browser host answers every call in the contract with the same validation as the IPC host.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { callNames, type CallHandlers } from '../../shared/bridge/contract';
import type { HostCore, KeyValueStore, TokenVault } from '../services/types';
import { resolveStaticPath, startBrowserHost, type BrowserHost } from './server';

const root = mkdtempSync(join(tmpdir(), 'duet-host-'));
const rendererDir = join(root, 'renderer');
mkdirSync(join(rendererDir, 'assets'), { recursive: true });
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Duet</title>');
writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');

const seen: string[] = [];
// Every handler records its call; app/info answers for real so a valid round trip can be checked.
const handlers = Object.fromEntries(
  callNames.map((name) => [
    name,
    vi.fn(async () => {
      seen.push(name);
      if (name === 'app/info') {
        return { name: 'Duet', version: '1.0.0', host: 'browser', platform: 'linux', versions: { node: '20' }, dataDir: root, demo: false };
      }
      throw new Error('not under test');
    }),
  ]),
) as unknown as CallHandlers;

let host: BrowserHost;
const store: KeyValueStore<Record<string, unknown>> = { get: () => undefined, set: () => {}, delete: () => {} };
const vault: TokenVault = { info: () => ({ backend: 'file', secure: false }), load: async () => null, save: async () => {}, clear: async () => {} };

beforeAll(async () => {
  host = await startBrowserHost({
    rendererDir,
    secret: 'test-secret-test-secret',
    platform: { dataDir: root, appVersion: '1.0.0', versions: { node: '20' }, env: {}, store, vault },
    createCore: async (): Promise<HostCore> => ({
      handlers,
      media: { serve: async () => ({ status: 404, headers: {}, body: null }), stats: () => ({ bytes: 0, entries: 0, maxBytes: 0, hits: 0, misses: 0 }), clear: async () => 0, setMaxBytes: () => {}, close: async () => {} },
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
    const noSecret = await fetch(`${host.origin}/bridge/app/info`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(noSecret.status).toBe(401);
  });

  it('serves the app with a strict CSP and sets the session cookie from the printed link', async () => {
    const res = await fetch(host.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).not.toContain('unsafe');
    expect(res.headers.get('set-cookie')).toMatch(/duet_k=test-secret-test-secret; HttpOnly; SameSite=Lax/);
    const asset = await fetch(`${host.origin}/assets/app.js`, { headers: { cookie: `duet_k=${host.secret}` } });
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
    const res = await fetch(`${host.origin}/..%2f..%2fpackage.json`, { headers: { cookie: `duet_k=${host.secret}` } });
    expect(res.status).toBe(404);
  });
});
