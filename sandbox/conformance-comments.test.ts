/**
 * Conformance: comments on Page posts and IG media — lists (filter, order, summary), the can_* fields, replies,
 * moderation (hide, delete, like), private replies, comments off, the write ledger, faults and permissions.
 * https://developers.facebook.com/docs/graph-api/reference/object/comments/
 * https://developers.facebook.com/docs/graph-api/reference/comment/
 * https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-comment
 * https://developers.facebook.com/documentation/business-messaging/messenger-platform/discovery/private-replies
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { boot, type ErrBody, type Harness } from './test/harness.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

let h: Harness;
let page1: string;
let ig1: string;
let pt: string;

interface List<T = Record<string, unknown>> {
  data: T[];
  summary?: { total_count: number; order: string; can_comment: boolean };
  paging?: { next?: string };
}
interface Write {
  kind: string;
  target: string;
  created?: string;
}

const FB_FIELDS =
  'id,message,created_time,from,like_count,comment_count,parent,can_hide,can_remove,can_like,can_reply_privately,is_hidden,private_reply_conversation';

beforeAll(async () => {
  h = await boot();
  page1 = h.state.pages[0]?.id as string;
  ig1 = h.state.pages[0]?.instagramId as string;
  pt = h.pageTokens.get(page1) as string;
});
afterAll(() => h.close());

/** The newest post of page 1 whose comments include `n` at least. */
async function postWith(n: number): Promise<string> {
  const feed = await h.graph<List>(`/${page1}/feed`, {
    query: { limit: '60', fields: 'id,comments.summary(true).limit(0)' },
    token: pt,
  });
  const p = feed.json.data.find(
    (x) => (x.comments as { summary: { total_count: number } }).summary.total_count >= n,
  );
  return p?.id as string;
}

async function newestMedia(): Promise<string> {
  const r = await h.graph<List>(`/${ig1}/media`, { query: { fields: 'id', limit: '1' }, token: pt });
  return r.json.data[0]?.id as string;
}

const writes = async () => (await h.ctl<{ writes: Write[] }>('comment-writes')).writes;

describe('Facebook comment lists', () => {
  it('filter=toplevel (default) vs stream, order, and summary counting what the filter lists', async () => {
    const post = await postWith(3);
    const top = await h.graph<List>(`/${post}/comments`, {
      query: { fields: FB_FIELDS, summary: 'true', limit: '100' },
      token: pt,
    });
    expect(top.json.summary).toMatchObject({ order: 'chronological', can_comment: true });
    expect(top.json.summary?.total_count).toBe(top.json.data.length);
    const times = top.json.data.map((c) => Date.parse(String(c.created_time).replace('+0000', 'Z')));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    for (const c of top.json.data) {
      expect(c.parent).toBeUndefined();
      expect(c).toMatchObject({ can_remove: true, can_like: true, is_hidden: false });
      expect(typeof c.can_reply_privately).toBe('boolean');
      expect(typeof c.comment_count).toBe('number');
    }
    // Add a reply so the stream has at least one, then compare.
    const first = top.json.data[0]?.id as string;
    await h.graph(`/${first}/comments`, { form: { message: 'Thread reply' }, token: pt });
    const stream = await h.graph<List>(`/${post}/comments`, {
      query: {
        fields: FB_FIELDS,
        summary: 'true',
        filter: 'stream',
        order: 'reverse_chronological',
        limit: '100',
      },
      token: pt,
    });
    expect(stream.json.summary?.order).toBe('reverse_chronological');
    expect(stream.json.data.length).toBeGreaterThan(top.json.data.length);
    expect(stream.json.summary?.total_count).toBe(stream.json.data.length);
    const reply = stream.json.data.find((c) => c.message === 'Thread reply');
    expect(reply?.parent).toMatchObject({ id: first });
    expect(stream.json.data[0]?.message).toBe('Thread reply');
    const bad = await h.graph<ErrBody>(`/${post}/comments`, { query: { filter: 'all' }, token: pt });
    expect(bad.json.error.code).toBe(100);
  });

  it('replies are comments of a comment; a reply to a reply joins the top-level thread', async () => {
    const post = await postWith(1);
    const list = await h.graph<List>(`/${post}/comments`, { token: pt });
    const top = list.json.data[0]?.id as string;
    const r1 = await h.graph(`/${top}/comments`, { form: { message: 'First answer' }, token: pt });
    const r2 = await h.graph(`/${r1.json.id as string}/comments`, { form: { message: 'Nested' }, token: pt });
    const replies = await h.graph<List>(`/${top}/comments`, {
      query: { fields: 'id,message,from,parent' },
      token: pt,
    });
    const ids = replies.json.data.map((c) => c.id);
    expect(ids).toContain(r1.json.id);
    expect(ids).toContain(r2.json.id);
    expect(replies.json.data.at(-1)).toMatchObject({
      message: 'Nested',
      from: { id: page1 },
      parent: { id: top },
    });
    const one = await h.graph(`/${top}`, { query: { fields: 'comment_count' }, token: pt });
    expect(one.json.comment_count).toBe(replies.json.data.length);
    const wrong = await h.graph<ErrBody>(`/${top}/replies`, { token: pt });
    expect(wrong.json.error.message).toContain('nonexisting field (replies) on node type (Comment)');
  });
});

describe('Facebook moderation', () => {
  it('hide / unhide, like / unlike (Page token only), delete; each accepted write once in the ledger', async () => {
    const post = await postWith(2);
    const list = await h.graph<List>(`/${post}/comments`, { token: pt });
    const [a, b] = list.json.data.map((c) => c.id as string);
    const before = (await writes()).length;
    expect((await h.graph(`/${a}`, { form: { is_hidden: 'true' }, token: pt })).json).toEqual({
      success: true,
    });
    expect((await h.graph(`/${a}`, { query: { fields: 'is_hidden' }, token: pt })).json.is_hidden).toBe(true);
    // Hiding a hidden comment again succeeds but writes nothing new.
    await h.graph(`/${a}`, { form: { is_hidden: 'true' }, token: pt });
    await h.graph(`/${a}`, { form: { is_hidden: 'false' }, token: pt });
    const userLike = await h.graph<ErrBody>(`/${a}/likes`, { method: 'POST', token: h.userToken });
    expect(userLike.json.error).toMatchObject({
      code: 3,
      message: '(#3) Publishing likes through the API is only available for page access tokens',
    });
    const likes0 = (await h.graph(`/${a}`, { query: { fields: 'like_count' }, token: pt })).json
      .like_count as number;
    expect((await h.graph(`/${a}/likes`, { method: 'POST', token: pt })).json).toEqual({ success: true });
    const liked = await h.graph(`/${a}`, { query: { fields: 'like_count,user_likes' }, token: pt });
    expect(liked.json).toMatchObject({ like_count: likes0 + 1, user_likes: true });
    await h.graph(`/${a}/likes`, { method: 'DELETE', token: pt });
    expect((await h.graph(`/${b}`, { method: 'DELETE', token: pt })).json).toEqual({ success: true });
    const gone = await h.graph<ErrBody>(`/${b}`, { token: pt });
    expect(gone.json.error.code).toBe(100);
    const after = await h.graph<List>(`/${post}/comments`, { token: pt, query: { limit: '100' } });
    expect(after.json.data.map((c) => c.id)).not.toContain(b);
    const w = (await writes()).slice(before);
    expect(w.map((x) => `${x.kind} ${x.target}`)).toEqual([
      `hide ${a}`,
      `unhide ${a}`,
      `like ${a}`,
      `unlike ${a}`,
      `delete ${b}`,
    ]);
  });

  it("the Page cannot hide its own comment (can_hide false); writes need the Page's token", async () => {
    const post = await postWith(1);
    const own = await h.graph(`/${post}/comments`, { form: { message: 'Our own note' }, token: pt });
    const c = await h.graph(`/${own.json.id as string}`, {
      query: { fields: 'can_hide,can_reply_privately' },
      token: pt,
    });
    expect(c.json).toMatchObject({ can_hide: false, can_reply_privately: false });
    const r = await h.graph<ErrBody>(`/${own.json.id as string}`, { form: { is_hidden: 'true' }, token: pt });
    expect(r.json.error.code).toBe(100);
    const user = await h.graph<ErrBody>(`/${own.json.id as string}`, {
      method: 'DELETE',
      token: h.userToken,
    });
    expect(user.json.error.code).toBe(210);
  });
});

describe('Instagram comments', () => {
  it('replies only to top-level, not hidden comments; hide; delete; no likes edge; comments off', async () => {
    const media = await newestMedia();
    const made = await h.ctl<{ id: string }>('comments', { objectId: media, text: 'Love this!' });
    const top = made.id;
    const before = await h.graph(`/${media}`, { query: { fields: 'comments_count' }, token: pt });
    const reply = await h.graph(`/${top}/replies`, { form: { message: 'Thank you!' }, token: pt });
    expect(reply.json.id).toMatch(/^\d+$/);
    const after = await h.graph(`/${media}`, { query: { fields: 'comments_count' }, token: pt });
    expect(after.json.comments_count).toBe((before.json.comments_count as number) + 1);
    const replies = await h.graph<List>(`/${top}/replies`, {
      query: { fields: 'id,text,username,parent_id' },
      token: pt,
    });
    expect(replies.json.data[0]).toMatchObject({ id: reply.json.id, text: 'Thank you!', parent_id: top });
    const nested = await h.graph<ErrBody>(`/${reply.json.id as string}/replies`, {
      form: { message: 'x' },
      token: pt,
    });
    expect(nested.json.error.code).toBe(100);
    expect((await h.graph(`/${top}`, { form: { hide: 'true' }, token: pt })).json).toEqual({ success: true });
    expect((await h.graph(`/${top}`, { query: { fields: 'hidden' }, token: pt })).json.hidden).toBe(true);
    const toHidden = await h.graph<ErrBody>(`/${top}/replies`, { form: { message: 'x' }, token: pt });
    expect(toHidden.json.error.code).toBe(100);
    for (const method of ['POST', 'DELETE', 'GET']) {
      const like = await h.graph<ErrBody>(`/${top}/likes`, { method, token: pt });
      expect(like.json.error.message).toBe(
        '(#100) Tried accessing nonexisting field (likes) on node type (IGComment)',
      );
    }
    expect((await h.graph(`/${reply.json.id as string}`, { method: 'DELETE', token: pt })).json).toEqual({
      success: true,
    });
    expect((await h.graph(`/${media}`, { form: { comment_enabled: 'false' }, token: pt })).json).toEqual({
      success: true,
    });
    expect(
      (await h.graph(`/${media}`, { query: { fields: 'is_comment_enabled' }, token: pt })).json
        .is_comment_enabled,
    ).toBe(false);
    const refused = await h.graph<ErrBody>(`/${media}/comments`, { form: { message: 'x' }, token: pt });
    expect(refused.json.error.code).toBe(100);
    const w = await writes();
    expect(w.filter((x) => x.target === top).map((x) => x.kind)).toEqual(['reply', 'hide']);
    expect(w.filter((x) => x.target === media).map((x) => x.kind)).toEqual(['comments-off']);
  });
});

describe('private replies', () => {
  it('once per comment, opening a conversation whose 24 h window opens only when the person answers', async () => {
    const post = await postWith(1);
    const made = await h.ctl<{ id: string }>('comments', { objectId: post, text: 'How much is shipping?' });
    const send = () =>
      h.graph<{ message_id: string; recipient_id: string } & ErrBody>(`/${page1}/messages`, {
        json: { recipient: { comment_id: made.id }, message: { text: 'We sent you the price list.' } },
        token: pt,
      });
    const first = await send();
    expect(first.json.message_id).toBeTruthy();
    const c = await h.graph(`/${made.id}`, {
      query: { fields: 'can_reply_privately,private_reply_conversation' },
      token: pt,
    });
    expect(c.json.can_reply_privately).toBe(false);
    const convId = (c.json.private_reply_conversation as { id: string }).id;
    expect(convId).toMatch(/^t_\d+$/);
    const again = await send();
    expect(again.json.error).toMatchObject({ code: 10, error_subcode: 2534014 });
    const ledger = await h.ctl<{ deliveries: { conversationId: string }[] }>('ledger');
    expect(ledger.deliveries.filter((d) => d.conversationId === convId)).toHaveLength(1);
    // The conversation is in the inbox; a normal message is refused until the person answers.
    const convs = await h.graph<List>(`/${page1}/conversations`, {
      query: { platform: 'messenger' },
      token: pt,
    });
    expect(convs.json.data[0]?.id).toBe(convId);
    const psid = first.json.recipient_id;
    const normal = () =>
      h.graph<ErrBody>(`/${page1}/messages`, {
        json: { recipient: { id: psid }, message: { text: 'Anything else?' }, messaging_type: 'RESPONSE' },
        token: pt,
      });
    expect((await normal()).json.error.error_subcode).toBe(2018278);
    await h.ctl('inbound', { pageId: page1, platform: 'messenger', conversationId: convId, text: 'Thanks!' });
    expect((await normal()).json.error).toBeUndefined();
  });

  it('refused after 7 days, on the Page’s own comment, and for comments of another Page', async () => {
    const post = await postWith(1);
    const old = await h.ctl<{ id: string }>('comments', { objectId: post, text: 'Old question' });
    const own = await h.graph(`/${post}/comments`, { form: { message: 'Page note' }, token: pt });
    await h.ctl('clock', { advanceMs: 7 * 86_400_000 + 60_000 });
    const late = await h.graph<ErrBody>(`/${page1}/messages`, {
      json: { recipient: { comment_id: old.id }, message: { text: 'Late' } },
      token: pt,
    });
    expect(late.json.error).toMatchObject({ code: 10, error_subcode: 2018278 });
    const ownR = await h.graph<ErrBody>(`/${page1}/messages`, {
      json: { recipient: { comment_id: own.json.id }, message: { text: 'x' } },
      token: pt,
    });
    expect(ownR.json.error.code).toBe(100);
    const page2 = h.state.pages[1]?.id as string;
    const other = await h.graph<ErrBody>(`/${page2}/messages`, {
      json: { recipient: { comment_id: old.id }, message: { text: 'x' } },
      token: h.pageTokens.get(page2) as string,
    });
    expect(other.json.error.code).toBe(100);
    const w = await writes();
    expect(w.some((x) => x.kind === 'private-reply' && x.target === old.id)).toBe(false);
  });
});

describe('faults, seeds and permissions', () => {
  it('fault modes apply to comment calls', async () => {
    const post = await postWith(1);
    await h.ctl('faults', { route: 'GET /*/comments', kind: 'http-500', count: 1 });
    const r = await h.graph<ErrBody>(`/${post}/comments`, { token: pt });
    expect(r.status).toBe(500);
    expect((await h.graph<List>(`/${post}/comments`, { token: pt })).status).toBe(200);
    await h.ctl('faults', undefined, 'DELETE');
  });

  it('seeded comments are reproducible across resets; seeded Page replies exist on some comments', async () => {
    const read = async () => {
      await h.ctl('reset', {});
      const user = await h.ctl<{ access_token: string }>('tokens', {});
      const acc = await h.graph<List<{ id: string; access_token: string }>>('/me/accounts', {
        query: { fields: 'id,access_token' },
        token: user.access_token,
      });
      const feed = await h.graph<List>(`/${page1}/feed`, {
        query: { limit: '40', fields: 'id,comments.limit(100){id,message,comment_count}' },
        token: acc.json.data.find((x) => x.id === page1)?.access_token as string,
      });
      return feed.json.data.flatMap((p) => (p.comments as List | undefined)?.data ?? []);
    };
    const a = await read();
    expect(a.length).toBeGreaterThan(10);
    expect(await read()).toEqual(a);
    expect(a.some((c) => (c.comment_count as number) > 0)).toBe(true);
  });

  it('without pages_read_user_content: (#283) on Facebook comments', async () => {
    const tok = await h.ctl<{ access_token: string }>('tokens', {
      permissions: ['pages_show_list', 'pages_read_engagement', 'pages_manage_engagement'],
    });
    const acc = await h.graph<List<{ id: string; access_token: string }>>('/me/accounts', {
      query: { fields: 'id,access_token' },
      token: tok.access_token,
    });
    const p = acc.json.data.find((x) => x.id === page1)?.access_token as string;
    const post = (await h.graph<List>(`/${page1}/published_posts`, { query: { limit: '1' }, token: p })).json
      .data[0];
    const r = await h.graph<ErrBody>(`/${post?.id as string}/comments`, { token: p });
    expect(r.json.error).toMatchObject({
      code: 283,
      message: '(#283) Requires pages_read_user_content permission',
    });
    await h.ctl('tokens', {});
  });
});
