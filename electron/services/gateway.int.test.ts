// Integration: ids from the renderer cannot steer a Graph call. A read call (inbox/messages) with a crafted id must
// never become another Graph call (a Page post, a message to a customer), whether the contract sees it first or a
// handler is called with it directly; and an id that belongs to another Page is refused before anything is sent.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRequest } from '../../shared/bridge/validate';
import { startSandbox, type SandboxHandle } from '../../sandbox/index';
import { sandboxControl } from '../../sandbox/test/control';
import type { HostCore } from './types';
import { hostAgainstSandbox } from '../test/sandbox-host';

let sandbox: SandboxHandle;
let core: HostCore;
/** Every request the host sent to the sandbox: method, raw (encoded) path and all parameters (query and form body). */
const sent: Array<{ method: string; path: string; params: string }> = [];
let pageId: string;
let otherPageConversation: string;

const control = <T>(path: string, body?: unknown) => sandboxControl<T>(sandbox, path, body);

const recordingFetch: typeof fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const body = init?.body instanceof URLSearchParams ? init.body.toString() : '';
  sent.push({ method: init?.method ?? 'GET', path: url.pathname, params: `${url.search} ${body}` });
  return fetch(input, init);
};

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 42, scale: 'small', live: false });
  core = await hostAgainstSandbox(sandbox.url, { prefix: 'duet-ids-', fetch: recordingFetch });
  const { access_token } = await control<{ access_token: string }>('tokens', {});
  const st = await core.handlers['session/sign-in-token']({ token: access_token });
  pageId = st.session!.accounts[0]!.id;
  // A conversation of another Page of the same user: not one of the conversations of `pageId`.
  const other = st.session!.accounts[1]!.id;
  const page = await core.handlers['inbox/conversations']({ accountId: other, platform: 'messenger' });
  otherPageConversation = page.items[0]!.nativeId;
});
afterAll(async () => {
  await core.dispose();
  await sandbox.close();
});

const hostile = [
  `123/feed?message=x&method=post#`,
  `me/feed?message=pwned&method=POST`,
  `t_1/messages?method=post&recipient={"id":"1"}&message={"text":"hi"}#`,
  `../../${'1'}/feed`,
  `t_1%2F..%2Ffeed`,
  `t_1\\feed`,
  `t_1 feed`,
  `t_1&method=post`,
  `t_1#`,
];

describe('ids from the renderer cannot steer a Graph call', () => {
  it.each(hostile)('the contract refuses %s on inbox/messages', (conversationId) => {
    expect(() =>
      parseRequest('inbox/messages', { accountId: pageId, platform: 'messenger', conversationId }),
    ).toThrow(/Invalid request/);
  });

  it.each(hostile)(
    'a handler called with %s sends no POST, no /feed and no method override',
    async (conversationId) => {
      const before = sent.length;
      const posts = (await control<{ counts: { posts: number } }>('state')).counts.posts;
      await core.handlers['inbox/messages']({
        accountId: pageId,
        platform: 'messenger',
        conversationId,
      }).catch(() => undefined);
      const calls = sent.slice(before);
      for (const c of calls) {
        expect(c.method).toBe('GET');
        // No path segment is an edge the id tried to reach: an encoded id stays one segment.
        expect(c.path.split('/')).not.toContain('feed');
        expect(c.params).not.toMatch(/method=post/i);
      }
      expect((await control<{ counts: { posts: number } }>('state')).counts.posts).toBe(posts);
    },
  );

  it("refuses another Page's conversation before calling Graph", async () => {
    const before = sent.length;
    await expect(
      core.handlers['inbox/messages']({
        accountId: pageId,
        platform: 'messenger',
        conversationId: otherPageConversation,
      }),
    ).rejects.toMatchObject({ code: 'permission' });
    expect(sent.slice(before).filter((c) => c.path.includes(`/${otherPageConversation}/messages`))).toEqual(
      [],
    );
  });

  it('a send to a recipient who is not in the conversation is refused and not delivered', async () => {
    const page = await core.handlers['inbox/conversations']({ accountId: pageId, platform: 'messenger' });
    const conv = page.items.find((c) => c.canReply !== false) ?? page.items[0]!;
    const ledger = (await control<{ deliveries: unknown[] }>('ledger')).deliveries.length;
    const outcome = await core.handlers['inbox/send']({
      accountId: pageId,
      platform: 'messenger',
      clientId: 'client-0001',
      conversationId: conv.nativeId,
      recipientId: '4242424242',
      text: 'hello',
    });
    expect(outcome.status).toBe('permanent');
    // Refused by the host: the Send API was not even called.
    expect(sent.filter((c) => c.method === 'POST' && c.params.includes('4242424242'))).toEqual([]);
    expect((await control<{ deliveries: unknown[] }>('ledger')).deliveries.length).toBe(ledger);
  });
});
