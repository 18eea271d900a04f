// Integration: the privacy/* calls against the real sandbox, through the host core as both hosts run it. Revoking
// instagram_manage_messages stops Instagram replies (and re-reads the state by itself when Meta refuses one) while
// Messenger keeps working; asking again grants it back; expired data access explains itself.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  events,
  type CallName,
  type CallRequest,
  type CallResponse,
  type EventName,
} from '../../../shared/bridge/contract';
import type { PermissionState } from '../../../shared/bridge/calls/privacy';
import { parseRequest, parseResponse } from '../../../shared/bridge/validate';
import { startSandbox, type SandboxHandle } from '../../../sandbox/index';
import { sandboxControl } from '../../../sandbox/test/control';
import { browserPlatformBase } from '../../browser-host/platform';
import { createHostCore } from '../index';
import type { HostCore } from '../types';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 30_000 });

let sandbox: SandboxHandle;
let core: HostCore;
const emitted: Array<{ name: EventName; payload: unknown }> = [];

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 42, scale: 'small', live: false });
  core = await createHostCore({
    ...browserPlatformBase(mkdtempSync(join(tmpdir(), 'duet-privacy-')), {
      DUET_DEMO_SANDBOX_URL: sandbox.url,
    }),
    kind: 'browser',
    emit: (name, payload) => emitted.push({ name, payload: events[name].payload.parse(payload) }),
    openExternal: async () => true,
    notify: () => false,
    setBadge: () => false,
    loginRedirectUri: 'http://127.0.0.1:1/login/callback',
  });
});
afterAll(async () => {
  await core.dispose();
  await sandbox.close();
});

async function call<K extends CallName>(name: K, req: CallRequest<K>): Promise<CallResponse<K>> {
  const handler = core.handlers[name] as (a: unknown) => Promise<unknown>;
  return parseResponse(name, await handler(parseRequest(name, req)));
}
const statusOf = (s: PermissionState, p: string) => s.permissions.find((x) => x.name === p)?.status;
const lastState = () =>
  [...emitted].reverse().find((e) => e.name === 'privacy/permissions-changed')?.payload as
    PermissionState | undefined;

describe('privacy/*', () => {
  it('reads every permission with its Pages / IG accounts, the token (masked) and the tasks per Page', async () => {
    const st = await call('session/sign-in-demo', {});
    expect(st.status).toBe('active');
    const s = await call('privacy/permissions', {});
    expect(s.complete).toBe(true);
    expect(statusOf(s, 'instagram_manage_messages')).toBe('granted');
    const ig = s.permissions.find((p) => p.name === 'instagram_manage_messages')!;
    expect(ig.targets!.every((t) => t.name.startsWith('@'))).toBe(true);
    expect(s.permissions.find((p) => p.name === 'pages_messaging')!.targets!.map((t) => t.id)).toEqual(
      st.session!.accounts.map((a) => a.id),
    );
    expect(s.signIn.type).toBe('USER');
    expect(s.signIn.dataAccessExpiresAt).toBeGreaterThan(Date.now());
    expect(s.signIn.masked).toMatch(/^.{4}….{2}$/);
    expect(s.pages[0]!.tasks).toContain('MESSAGING');
    expect(JSON.stringify(s)).not.toMatch(/EAAR[A-Za-z0-9_-]{20,}/);
  });

  it('revoke: the state and the session lose it at once; Instagram replies stop, Messenger ones do not', async () => {
    const before = emitted.length;
    const s = await call('privacy/revoke', { permission: 'instagram_manage_messages' });
    expect(statusOf(s, 'instagram_manage_messages')).toBe('declined');
    const session = (await call('session/get', {})).session!;
    expect(session.grantedPermissions).not.toContain('instagram_manage_messages');
    expect(session.declinedPermissions).toContain('instagram_manage_messages');
    expect(emitted.slice(before).map((e) => e.name)).toEqual(
      expect.arrayContaining(['privacy/permissions-changed', 'session/changed']),
    );
    const acc = session.accounts.find((a) => a.instagram)!;
    const send = async (platform: 'messenger' | 'instagram') => {
      const c = (await call('inbox/conversations', { accountId: acc.id, platform, limit: 1 })).items[0]!;
      return call('inbox/send', {
        accountId: acc.id,
        platform,
        clientId: `privacy-${platform}-${Date.now()}`,
        conversationId: c.nativeId,
        recipientId: c.customer.id,
        text: 'Hello again',
      });
    };
    expect((await send('messenger')).status).toBe('sent');
    await expect(
      call('inbox/conversations', { accountId: acc.id, platform: 'instagram' }),
    ).rejects.toMatchObject({
      code: 'permission',
    });
  });

  it('a call Meta refuses for a missing permission re-reads the permission state by itself', async () => {
    // Revoked behind Duet's back (on facebook.com): the next refused call is what tells the host.
    const st = (await call('session/get', {})).session!;
    await call('privacy/grant-again', { permission: 'instagram_manage_messages' });
    const token = (await sandboxControl<{ access_token: string }>(sandbox, 'tokens', {})).access_token;
    await fetch(`${sandbox.url}/v27.0/me/permissions/pages_messaging?access_token=${token}`, {
      method: 'DELETE',
    });
    const before = emitted.length;
    await call('sync/poll', { accountId: st.accounts[0]!.id, streams: ['messenger'] });
    await vi.waitFor(() => {
      expect(emitted.slice(before).some((e) => e.name === 'privacy/permissions-changed')).toBe(true);
    });
    expect(statusOf(lastState()!, 'pages_messaging')).toBe('declined');
  });

  it('grant again: only that permission is asked for, and it is granted back', async () => {
    await sandboxControl(sandbox, 'requests', undefined, 'DELETE');
    const r = await call('privacy/grant-again', { permission: 'pages_messaging' });
    expect(r.mode).toBe('done');
    expect(r.message).toBeUndefined();
    expect(statusOf(r.state!, 'pages_messaging')).toBe('granted');
    expect(statusOf(r.state!, 'instagram_manage_messages')).toBe('granted');
    expect((await call('session/get', {})).session!.grantedPermissions).toContain('pages_messaging');
  });

  it('data access running out ends the session with an explanation; a new consent renews it', async () => {
    const st = (await call('session/get', {})).session!;
    await sandboxControl(sandbox, 'data-access/expire', { userId: st.user.id });
    await expect(call('feed/list', { accountId: st.accounts[0]!.id })).rejects.toMatchObject({
      code: 'session-expired',
    });
    await vi.waitFor(async () => {
      const now = await call('session/get', {});
      expect(now.status).toBe('expired');
      expect(now.message).toMatch(/permission for Duet to read your Pages’ data ended on .* 90 days/);
    });
    expect((await call('session/sign-in-demo', {})).status).toBe('active');
    expect((await call('feed/list', { accountId: st.accounts[0]!.id })).items.length).toBeGreaterThan(0);
  });
});
