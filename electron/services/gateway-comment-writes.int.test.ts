// Integration: comments/act and comments/lookup against the sandbox — each write reaches Meta once (its ledger),
// a duplicate call joins the first, a write whose answer was lost is found by the lookup instead of sent again,
// and what Meta does not allow is refused before any request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommentActRequest } from '../../shared/bridge/calls/comments';
import { startSandbox, type SandboxHandle } from '../../sandbox/index';
import { sandboxControl } from '../../sandbox/test/control';
import { hostAgainstSandbox } from '../test/sandbox-host';
import type { HostCore } from './types';

let sandbox: SandboxHandle;
let core: HostCore;
let pageId: string;
let requests = 0;

type Write = { kind: string; target: string; created?: string; text?: string };
const control = <T>(path: string, body?: unknown, method?: string) =>
  sandboxControl<T>(sandbox, path, body, method);
const writes = async () => (await control<{ writes: Write[] }>('comment-writes')).writes;
let n = 0;
const act = (x: Omit<CommentActRequest, 'accountId' | 'clientId'>): CommentActRequest => ({
  accountId: pageId,
  clientId: `test-comment-${n++}`,
  ...x,
});

/** A person's new comment on the newest post (fb) or medium (ig). */
async function freshComment(platform: 'fb' | 'ig') {
  const list =
    platform === 'fb'
      ? await core.handlers['feed/list']({ accountId: pageId, limit: 1 })
      : await core.handlers['gallery/list']({ accountId: pageId, limit: 1 });
  const postNativeId = list.items[0]!.nativeId;
  const { id } = await control<{ id: string }>('comments', { objectId: postNativeId, text: 'How much?' });
  return { platform, postNativeId, commentNativeId: id };
}

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 42, scale: 'small', live: false });
  core = await hostAgainstSandbox(sandbox.url, {
    prefix: 'duet-comment-writes-',
    fetch: async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.pathname.startsWith('/v')) requests++;
      return fetch(input, init);
    },
  });
  const { access_token } = await control<{ access_token: string }>('tokens', {});
  const st = await core.handlers['session/sign-in-token']({ token: access_token });
  pageId = st.session!.accounts[0]!.id;
});
afterAll(async () => {
  await core.dispose();
  await sandbox.close();
});

describe('comments/act', () => {
  it('hides, likes, replies and deletes on Facebook, each reaching Meta once; a duplicate call joins the first', async () => {
    const c = await freshComment('fb');
    const before = (await writes()).length;
    const hide = act({ ...c, action: { kind: 'hide', hidden: true } });
    const [a, b] = await Promise.all([
      core.handlers['comments/act'](hide),
      core.handlers['comments/act'](hide),
    ]);
    expect(a).toEqual({ status: 'done' });
    expect(b).toEqual(a);
    expect(await core.handlers['comments/act'](act({ ...c, action: { kind: 'like', liked: true } }))).toEqual(
      {
        status: 'done',
      },
    );
    const reply = await core.handlers['comments/act'](act({ ...c, action: { kind: 'reply', text: 'Ten' } }));
    expect(reply).toMatchObject({ status: 'done', createdId: expect.any(String) });
    expect(await core.handlers['comments/act'](act({ ...c, action: { kind: 'delete' } }))).toEqual({
      status: 'done',
    });
    const mine = (await writes()).slice(before);
    expect(mine.map((w) => w.kind)).toEqual(['hide', 'like', 'reply', 'delete']);
    expect(mine[2]).toMatchObject({ target: c.commentNativeId, text: 'Ten' });
  });

  it('refuses a like on Instagram and another Page’s post before any request', async () => {
    const c = await freshComment('ig');
    const sent = requests;
    expect(await core.handlers['comments/act'](act({ ...c, action: { kind: 'like', liked: true } }))).toEqual(
      {
        status: 'permanent',
        code: 'not-allowed',
        reason: 'Instagram does not let apps like comments.',
      },
    );
    const other = act({
      platform: 'fb',
      postNativeId: '999_1',
      commentNativeId: '1_2',
      action: { kind: 'delete' },
    });
    expect(await core.handlers['comments/act'](other)).toMatchObject({ status: 'permanent' });
    expect(requests).toBe(sent);
  });

  it('sends one private reply and names the conversation it went to; a second is Meta’s “already sent”, read as done, and nothing more goes out', async () => {
    for (const platform of ['fb', 'ig'] as const) {
      const c = await freshComment(platform);
      const pr = act({ ...c, action: { kind: 'private-reply', text: 'Sent you the price' } });
      const first = await core.handlers['comments/act'](pr);
      expect(first).toMatchObject({ status: 'done', createdId: expect.any(String) });
      // The conversation named is the one the Send API put the message in (the sandbox's delivery ledger).
      const { deliveries } = await control<{ deliveries: { messageId: string; conversationId: string }[] }>(
        'ledger',
      );
      const delivered = deliveries.find((d) => first.status === 'done' && d.messageId === first.createdId);
      expect(delivered, platform).toBeDefined();
      expect(first, platform).toMatchObject({ conversationId: delivered!.conversationId });
      const again = { ...pr, clientId: `${pr.clientId}-again` };
      expect(await core.handlers['comments/act'](again)).toEqual({
        status: 'done',
        conversationId: delivered!.conversationId,
      });
      const sent = (await writes()).filter(
        (w) => w.kind === 'private-reply' && w.target === c.commentNativeId,
      );
      expect(sent).toHaveLength(1);
    }
  });

  it('a reply whose answer was lost reads as ambiguous; the lookup finds it, so it is not sent again', async () => {
    const c = await freshComment('fb');
    const reply = act({ ...c, action: { kind: 'reply', text: 'Still available' } });
    const attemptAt = Date.now();
    expect(await core.handlers['comments/lookup']({ act: reply, attemptAt, taken: [] })).toMatchObject({
      state: 'not-done',
    });
    await control('faults', { route: 'POST /*/comments', kind: 'commit-then-drop', count: 1 });
    expect(await core.handlers['comments/act'](reply)).toMatchObject({ status: 'ambiguous' });
    const stored = (await writes()).filter((w) => w.kind === 'reply' && w.target === c.commentNativeId);
    expect(stored).toHaveLength(1);
    const found = await core.handlers['comments/lookup']({ act: reply, attemptAt, taken: [] });
    expect(found).toEqual({ state: 'done', createdId: stored[0]!.created });
    // The same text again later is another reply: the one another action owns does not count for it.
    const second = act({ ...c, action: { kind: 'reply', text: 'Still available' } });
    expect(
      await core.handlers['comments/lookup']({ act: second, attemptAt, taken: [stored[0]!.created!] }),
    ).toMatchObject({ state: 'not-done' });
  });

  it('an Instagram reply is looked up in the comment’s replies', async () => {
    const c = await freshComment('ig');
    const reply = act({ ...c, action: { kind: 'reply', text: 'DM us' } });
    const attemptAt = Date.now();
    const r = await core.handlers['comments/act'](reply);
    expect(r).toMatchObject({ status: 'done' });
    expect(await core.handlers['comments/lookup']({ act: reply, attemptAt, taken: [] })).toEqual({
      state: 'done',
      createdId: r.status === 'done' ? r.createdId : '',
    });
  });
});

describe('comments/lookup reads the state back', () => {
  it('hide, like, delete and the private reply’s conversation, before and after', async () => {
    const c = await freshComment('fb');
    const at = Date.now();
    const look = (x: CommentActRequest) =>
      core.handlers['comments/lookup']({ act: x, attemptAt: at, taken: [] });
    const hide = act({ ...c, action: { kind: 'hide', hidden: true } });
    const like = act({ ...c, action: { kind: 'like', liked: true } });
    const pr = act({ ...c, action: { kind: 'private-reply', text: 'Hello' } });
    const del = act({ ...c, action: { kind: 'delete' } });
    for (const x of [hide, like, pr, del]) expect((await look(x)).state, x.action.kind).toBe('not-done');
    for (const x of [hide, like, pr]) await core.handlers['comments/act'](x);
    expect(await look(hide)).toEqual({ state: 'done' });
    expect(await look(like)).toEqual({ state: 'done' });
    expect(await look(pr)).toEqual({ state: 'done', conversationId: expect.stringMatching(/^t_/) });
    await core.handlers['comments/act'](del);
    expect(await look(del)).toEqual({ state: 'done' });
    // Deleting what is gone already is done, with nothing more sent.
    const before = (await writes()).length;
    expect(await core.handlers['comments/act']({ ...del, clientId: 'delete-again-1' })).toEqual({
      status: 'done',
    });
    expect((await writes()).length).toBe(before);
  });

  it('turns an Instagram medium’s comments off and reads it back', async () => {
    const c = await freshComment('ig');
    const off = act({
      platform: 'ig',
      postNativeId: c.postNativeId,
      action: { kind: 'comments-enabled', enabled: false },
    });
    const look = () => core.handlers['comments/lookup']({ act: off, attemptAt: Date.now(), taken: [] });
    expect((await look()).state).toBe('not-done');
    expect(await core.handlers['comments/act'](off)).toEqual({ status: 'done' });
    expect((await look()).state).toBe('done');
    await core.handlers['comments/act'](act({ ...off, action: { kind: 'comments-enabled', enabled: true } }));
  });
});

// The reply lookup after an ambiguous answer, where "once" rests on it: a reply is found only where it went (an
// identical reply under another comment is not it), and on Instagram, which lists oldest first, a reply beyond the
// first page is still found, so it is never sent a second time.
describe('comments/lookup for a reply', () => {
  const post = async (platform: 'fb' | 'ig') => (await freshComment(platform)).postNativeId;
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
