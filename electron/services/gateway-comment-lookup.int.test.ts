// The reply lookup after an ambiguous answer, where "once" rests on it: a reply is found only where it went (an
// identical reply under another comment is not it), and on Instagram, which lists oldest first, a reply beyond the
// first page is still found, so it is never sent a second time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommentActRequest } from '../../shared/bridge/calls/comments';
import { startSandbox, type SandboxHandle } from '../../sandbox/index';
import { sandboxControl } from '../../sandbox/test/control';
import { hostAgainstSandbox } from '../test/sandbox-host';
import type { HostCore } from './types';

let sandbox: SandboxHandle;
let core: HostCore;
let pageId: string;
const control = <T>(path: string, body?: unknown, method?: string) =>
  sandboxControl<T>(sandbox, path, body, method);
let n = 0;
const act = (x: Omit<CommentActRequest, 'accountId' | 'clientId'>): CommentActRequest => ({
  accountId: pageId,
  clientId: `lookup-${n++}`,
  ...x,
});
async function post(platform: 'fb' | 'ig') {
  const list =
    platform === 'fb'
      ? await core.handlers['feed/list']({ accountId: pageId, limit: 1 })
      : await core.handlers['gallery/list']({ accountId: pageId, limit: 1 });
  return list.items[0]!.nativeId;
}
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 42, scale: 'small', live: false });
  core = await hostAgainstSandbox(sandbox.url, { prefix: 'duet-lookup-' });
  const { access_token } = await control<{ access_token: string }>('tokens', {});
  const st = await core.handlers['session/sign-in-token']({ token: access_token });
  pageId = st.session!.accounts[0]!.id;
});
afterAll(async () => {
  await core.dispose();
  await sandbox.close();
});

describe('comments/lookup for a reply', () => {
  it('Facebook: a reply to comment A never sent is not taken for the same words sent to comment B', async () => {
    const postNativeId = await post('fb');
    const a = (await control<{ id: string }>('comments', { objectId: postNativeId, text: 'A?' })).id;
    const b = (await control<{ id: string }>('comments', { objectId: postNativeId, text: 'B?' })).id;
    const attemptAt = Date.now();
    const toA = act({
      platform: 'fb',
      postNativeId,
      commentNativeId: a,
      action: { kind: 'reply', text: 'Thanks!' },
    });
    const toB = act({
      platform: 'fb',
      postNativeId,
      commentNativeId: b,
      action: { kind: 'reply', text: 'Thanks!' },
    });
    const sentB = await core.handlers['comments/act'](toB);
    expect(sentB.status).toBe('done');
    // The reply to A never went out; its lane (comment A) owns no reply.
    const found = await core.handlers['comments/lookup']({ act: toA, attemptAt, taken: [] });
    expect(found).toMatchObject({ state: 'not-done' });
  });
  it('Instagram: a reply sent to a medium with more than a page of comments is found, not sent again', async () => {
    const postNativeId = await post('ig');
    for (let i = 0; i < 120; i++) await control('comments', { objectId: postNativeId, text: `c${i}` });
    const attemptAt = Date.now();
    const r = act({ platform: 'ig', postNativeId, action: { kind: 'reply', text: 'Hello all' } });
    expect((await core.handlers['comments/act'](r)).status).toBe('done');
    const found = await core.handlers['comments/lookup']({ act: r, attemptAt, taken: [] });
    expect(found).toMatchObject({ state: 'done' });
  });
});
