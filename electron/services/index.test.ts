import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { callNames } from '../../shared/bridge/contract';
import { parseRequest } from '../../shared/bridge/validate';
import { browserPlatformBase } from '../browser-host/platform';
import { createHostCore } from './index';
import type { HostCore, HostPlatform } from './types';

const cores: HostCore[] = [];
afterEach(async () => {
  while (cores.length) await cores.pop()!.dispose();
});

async function make(
  env: Record<string, string> = {},
  fetchFn?: typeof fetch,
  extra: Partial<HostPlatform> = {},
) {
  const emitted: Array<[string, unknown]> = [];
  const platform: HostPlatform = {
    ...browserPlatformBase(mkdtempSync(join(tmpdir(), 'duet-core-')), env),
    kind: 'browser',
    emit: (n, p) => void emitted.push([n, p]),
    openExternal: vi.fn(async () => true),
    notify: vi.fn(() => true),
    setBadge: vi.fn(() => true),
    loginRedirectUri: 'http://127.0.0.1:1/auth/callback',
    ...extra,
  };
  const core = await createHostCore(platform, { fetch: fetchFn });
  cores.push(core);
  return { core, platform, emitted, h: core.handlers };
}

describe('settings/set: where tokens go', () => {
  const broker = { tokenBrokerUrl: 'https://collector.example/steal' };

  it('a host without a confirmation dialog (the browser host) refuses endpoint changes and says how to set them', async () => {
    const { h } = await make();
    const err = await h['settings/set'](broker).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'forbidden' });
    expect((err as Error).message).toMatch(/In the browser version these are set when you start Duet/);
    expect((err as Error).message).toMatch(/--token-broker-url|DUET_TOKEN_BROKER_URL/);
    expect((await h['settings/get']({})).tokenBrokerUrl).toBe('');
    // Everything else still changes without a question.
    expect((await h['settings/set']({ theme: 'dark' })).theme).toBe('dark');
  });

  it('the browser host ignores endpoints left in its settings file (only the command line sets them)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'duet-core-'));
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({ settings: { tokenBrokerUrl: 'https://collector.example/steal', theme: 'dark' } }),
    );
    const platform: HostPlatform = {
      ...browserPlatformBase(dir, {}),
      kind: 'browser',
      emit: () => undefined,
      openExternal: vi.fn(async () => true),
      notify: vi.fn(() => true),
      setBadge: vi.fn(() => true),
    };
    const core = await createHostCore(platform);
    cores.push(core);
    const s = await core.handlers['settings/get']({});
    expect(s.tokenBrokerUrl).toBe('');
    expect(s.theme).toBe('dark');
  });

  it('asks the host to confirm, naming the old and new address; "no" changes nothing', async () => {
    const confirm = vi.fn(async () => false);
    const { h } = await make({}, undefined, { confirm });
    await expect(h['settings/set']({ ...broker, theme: 'dark' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(confirm).toHaveBeenCalledTimes(1);
    const asked = (confirm.mock.calls[0] as unknown as [{ title: string; detail: string }])[0];
    expect(asked.detail).toContain('https://collector.example/steal');
    const s = await h['settings/get']({});
    expect(s.tokenBrokerUrl).toBe('');
    expect(s.theme).toBe('system');
  });

  it('applies the change when the user confirms, and does not ask again for the same value', async () => {
    const confirm = vi.fn(async () => true);
    const { h } = await make({}, undefined, { confirm });
    expect((await h['settings/set'](broker)).tokenBrokerUrl).toBe('https://collector.example/steal');
    await h['settings/set']({ ...broker, theme: 'dark' });
    expect(confirm).toHaveBeenCalledTimes(1);
  });
});

describe('createHostCore', () => {
  it('implements every call in the contract', async () => {
    const { h } = await make();
    for (const name of callNames) expect(typeof h[name], name).toBe('function');
  });

  it('opens https links to public sites (Meta and customer links alike) and nothing else', async () => {
    const { h, platform } = await make();
    for (const url of [
      'https://www.facebook.com/1234/posts/5678',
      'https://www.instagram.com/p/abc/',
      // Customer links in posts and messages must open too (one policy: shared/security/links.ts).
      'https://shop.example/candles?utm=1',
      'https://l.facebook.com/l.php?u=https%3A%2F%2Fshop.example%2F&h=AT0',
    ]) {
      expect(await h['app/open-external']({ url }), url).toEqual({ opened: true });
    }
    const refused: [string, RegExp][] = [
      ['http://www.facebook.com/x', /https/],
      ['javascript:alert(1)', /https/],
      ['file:///etc/passwd', /https/],
      ['https://user:pw@facebook.com/', /name or password/],
      ['https://example.com:8443/', /port/],
      ['https://localhost./', /this computer or your local network/],
      ['https://printer.local./', /this computer or your local network/],
      ['https://127.0.0.1./', /this computer or your local network/],
      ['https://l.facebook.com/l.php?u=http%3A%2F%2F192.168.1.1%2F', /Facebook link leads/],
      ['nonsense', /not a web link/],
    ];
    for (const [url, reason] of refused) {
      const r = await h['app/open-external']({ url });
      expect(r.opened, url).toBe(false);
      expect(r.reason, url).toMatch(reason);
    }
    expect(platform.openExternal).toHaveBeenCalledTimes(4);
  });

  it('notifications follow the setting; settings/set emits settings/changed', async () => {
    const { h, platform, emitted } = await make();
    expect(await h['app/notify']({ title: 't', body: 'b', conversationId: 'messenger:1' })).toEqual({
      shown: true,
    });
    const s = await h['settings/set']({ notifications: false });
    expect(s.notifications).toBe(false);
    expect(emitted.filter(([n]) => n === 'settings/changed')).toHaveLength(1);
    expect(await h['app/notify']({ title: 't', body: 'b', conversationId: 'messenger:1' })).toEqual({
      shown: false,
    });
    expect(platform.notify).toHaveBeenCalledTimes(1);
    expect(await h['app/set-badge']({ count: 3 })).toEqual({ applied: true });
  });

  it('comment notifications have their own setting, off by default, and a notification is about exactly one thing', async () => {
    const { h, platform } = await make();
    const about = { title: 't', body: 'b', commentId: 'fb:c_1' };
    expect((await h['settings/get']({})).commentNotifications).toBe(false);
    expect(await h['app/notify'](about)).toEqual({ shown: false });
    await h['settings/set']({ commentNotifications: true, notifications: false });
    expect(await h['app/notify'](about)).toEqual({ shown: true });
    expect(await h['app/notify']({ title: 't', body: 'b', conversationId: 'messenger:1' })).toEqual({
      shown: false,
    });
    expect(platform.notify).toHaveBeenCalledTimes(1);
    // Through the bridge's validation: both ids, or neither, is refused.
    for (const bad of [
      { title: 't', body: 'b' },
      { title: 't', body: 'b', commentId: 'fb:c_1', conversationId: 'messenger:1' },
    ])
      expect(() => parseRequest('app/notify', bad)).toThrow(/one conversation or one comment/);
  });

  it('content and inbox calls answer not-signed-in before sign-in', async () => {
    const { h } = await make();
    await expect(h['feed/list']({ accountId: '1' })).rejects.toMatchObject({ code: 'not-signed-in' });
    await expect(h['sync/poll']({ accountId: '1', streams: ['feed'] })).rejects.toMatchObject({
      code: 'not-signed-in',
    });
    expect(
      await h['inbox/send']({
        accountId: '1',
        platform: 'messenger',
        clientId: 'client-1234',
        conversationId: 'c',
        recipientId: 'r',
        text: 'x',
      }),
    ).toMatchObject({ status: 'auth' });
    expect(await h['sync/usage']({})).toEqual({ accounts: [] });
  });

  it('diagnostics carry redacted log lines only', async () => {
    const fetchFn = (async () => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    }) as unknown as typeof fetch;
    const { h } = await make({ DUET_GRAPH_URL: 'http://127.0.0.1:9' }, fetchFn);
    await h['session/sign-in-token']({ token: 'EAASECRETSECRET123' }).catch(() => undefined);
    const d = await h['diagnostics/get']({});
    expect(d.log.length).toBeGreaterThan(0);
    expect(JSON.stringify(d)).not.toContain('EAASECRETSECRET123');
    expect(d.memory.rssBytes).toBeGreaterThan(0);
    expect(d.mediaCache.maxBytes).toBe(1024 * 1024 * 1024);
  });

  it('a network failure during token sign-in is reported as offline, not as a bad token', async () => {
    const fetchFn = (async () => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } });
    }) as unknown as typeof fetch;
    const { h } = await make({}, fetchFn);
    await expect(h['session/sign-in-token']({ token: 'EAASECRETSECRET123' })).rejects.toMatchObject({
      code: 'offline',
    });
    expect((await h['session/get']({})).status).toBe('signed-out');
  });
});
