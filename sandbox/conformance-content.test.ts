/**
 * Conformance: Pages, feed, posts, comments, Instagram media/stories/containers, CDN.
 * Each block cites the Meta reference it mirrors.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import jpeg from 'jpeg-js';
import { boot, exhaust, type ErrBody, type Harness } from './test/harness.js';

// Real servers on a shared 2-core machine: allow for scheduling delays.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

let h: Harness;
let page1: string;
let page3: string;
let ig1: string;
let pt1: string;

beforeAll(async () => {
  h = await boot();
  page1 = h.state.pages[0]?.id as string;
  page3 = h.state.pages[2]?.id as string;
  ig1 = h.state.pages[0]?.instagramId as string;
  pt1 = h.pageTokens.get(page1) as string;
});
afterAll(() => h.close());

interface List<T = Record<string, unknown>> {
  data: T[];
  paging?: { cursors: { before: string; after: string }; next?: string; previous?: string };
}

describe('me and accounts', () => {
  // https://developers.facebook.com/docs/graph-api/reference/user/ — default fields name,id
  it('GET /me returns the demo user with default fields', async () => {
    const r = await h.graph('/me');
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ name: 'Alex Rivera', id: h.state.demoUserId });
  });

  it('works without a version prefix and with any version', async () => {
    expect((await h.graph(`${h.sb.url}/me`)).json.id).toBe(h.state.demoUserId);
    expect((await h.graph('/v19.0/me')).json.id).toBe(h.state.demoUserId);
  });

  // https://developers.facebook.com/docs/graph-api/reference/user/accounts/
  it('/me/accounts lists three Pages with tokens, tasks, and IG for the first two only', async () => {
    const r = await h.graph<List>('/me/accounts', {
      query: { fields: 'id,name,access_token,tasks,instagram_business_account{id,username}' },
    });
    expect(r.json.data).toHaveLength(3);
    const [a, b, c] = r.json.data as Record<string, unknown>[];
    expect(typeof a?.access_token).toBe('string');
    expect(a?.tasks).toContain('MESSAGING');
    expect(a?.instagram_business_account).toEqual({ id: ig1, username: 'riveracandleco' });
    expect((b?.instagram_business_account as { id: string }).id).toMatch(/^17841\d{12}$/);
    expect(c?.instagram_business_account).toBeUndefined();
  });

  it('GET /me with a Page token is the Page', async () => {
    const r = await h.graph('/me', { token: pt1 });
    expect(r.json.id).toBe(page1);
  });
});

describe("Duet's field sets (docs/graph-api.md) are all served", () => {
  const POST =
    'id,message,story,created_time,updated_time,permalink_url,full_picture,status_type,from,attachments{media_type,type,url,title,description,media{image{src,width,height}},subattachments{media_type,type,url,title,description,media{image{src,width,height}}}},reactions.limit(0).summary(true),comments.limit(0).summary(true),shares';
  const MEDIA =
    'id,media_type,media_product_type,caption,permalink,timestamp,like_count,comments_count,media_url,thumbnail_url,children{id,media_type,media_url,thumbnail_url}';
  const STORY = 'id,media_type,media_product_type,caption,permalink,timestamp,media_url,thumbnail_url';
  const CONV = 'id,updated_time,snippet,unread_count,message_count,participants,can_reply';
  const MSG =
    'id,created_time,from,to,message,attachments{id,mime_type,name,size,file_url,image_data,video_data}';
  const ACCOUNT =
    'id,name,category,tasks,access_token,picture{url},instagram_business_account{id,username,name,profile_picture_url,followers_count,media_count}';

  it('answers 200 for every field set', async () => {
    const acc = await h.graph<List>('/me/accounts', { query: { fields: ACCOUNT } });
    expect(acc.status).toBe(200);
    expect((acc.json.data[0]?.picture as { data: { url: string } }).data.url).toMatch(/\/cdn\/pic\//);
    const self = await h.graph(`/${page1}`, { query: { fields: ACCOUNT }, token: pt1 });
    expect(self.json.access_token).toBe(pt1);
    const me = await h.graph('/me', { query: { fields: 'id,name,picture{url}' } });
    expect(me.status).toBe(200);
    const conv = await h.graph<List>(`/${page1}/conversations`, {
      query: { platform: 'instagram', fields: CONV },
      token: pt1,
    });
    const checks = [
      await h.graph(`/${page1}/feed`, { query: { fields: POST }, token: pt1 }),
      await h.graph(`/${ig1}/media`, { query: { fields: MEDIA }, token: pt1 }),
      await h.graph(`/${ig1}/stories`, { query: { fields: STORY }, token: pt1 }),
      conv,
      await h.graph(`/${conv.json.data[0]?.id as string}/messages`, {
        query: { fields: MSG, limit: '20' },
        token: pt1,
      }),
    ];
    for (const r of checks) expect(r.status, r.text.slice(0, 200)).toBe(200);
  });
});

describe('fields', () => {
  // https://developers.facebook.com/docs/graph-api/guides/field-expansion/
  it('unknown field → (#100) nonexisting field on node type', async () => {
    const r = await h.graph<ErrBody>(`/${page1}`, { query: { fields: 'id,foo' }, token: pt1 });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe(100);
    expect(r.json.error.message).toBe('(#100) Tried accessing nonexisting field (foo) on node type (Page)');
    expect(r.json.error.type).toBe('OAuthException');
    expect(r.json.error.fbtrace_id).toMatch(/\w+/);
  });

  it('syntax error in fields → 100', async () => {
    const r = await h.graph<ErrBody>(`/${page1}`, { query: { fields: 'id,{' }, token: pt1 });
    expect(r.json.error.code).toBe(100);
  });

  it('unknown object id → 100 subcode 33 GraphMethodException', async () => {
    const r = await h.graph<ErrBody>('/999999999');
    expect(r.json.error).toMatchObject({ code: 100, error_subcode: 33, type: 'GraphMethodException' });
  });

  it('unknown edge → (#100) nonexisting field; extra path segments → 2500 Unknown path components', async () => {
    const r = await h.graph<ErrBody>(`/${page1}/bogus`, { token: pt1 });
    expect(r.json.error).toMatchObject({
      code: 100,
      message: '(#100) Tried accessing nonexisting field (bogus) on node type (Page)',
    });
    const accounts = await h.graph<ErrBody>('/me/accounts', { token: pt1 });
    expect(accounts.json.error.message).toBe(
      '(#100) Tried accessing nonexisting field (accounts) on node type (Page)',
    );
    const deep = await h.graph<ErrBody>(`/${page1}/feed/x/y`, { token: pt1 });
    expect(deep.json.error).toMatchObject({ code: 2500, message: 'Unknown path components: /x/y' });
  });
});

describe('Page feed', () => {
  const postFields =
    'id,message,story,created_time,updated_time,permalink_url,full_picture,status_type,from,attachments{media_type,type,url,title,description,media{image{src,width,height}},subattachments},reactions.summary(total_count).limit(0),comments.summary(true).limit(2){id,message,from,created_time},shares';

  // https://developers.facebook.com/docs/graph-api/reference/page/feed/ + https://developers.facebook.com/docs/graph-api/results/
  it('pages /feed to exhaustion: absolute next URLs, opaque cursors, a short page with next, no next at the end', async () => {
    const first = await h.graph<List>(`/${page1}/feed`, {
      query: { fields: 'id,created_time', limit: '25' },
      token: pt1,
    });
    expect(first.json.paging?.next).toMatch(new RegExp(`^${h.sb.url}/v27\\.0/${page1}/feed\\?`));
    const next = new URL(first.json.paging?.next as string);
    expect(next.searchParams.get('access_token')).toBe(pt1);
    expect(next.searchParams.get('fields')).toBe('id,created_time');
    expect(next.searchParams.get('limit')).toBe('25');
    expect(first.json.paging?.cursors.after).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(first.json.paging?.previous).toBeUndefined();
    const { items, sizes } = await exhaust(h, first);
    expect(items.length).toBe(120);
    expect(new Set(items.map((p) => p.id)).size).toBe(120);
    expect(sizes.some((s, i) => s < 25 && i < sizes.length - 1)).toBe(true);
    const times = items.map((p) => Date.parse(String(p.created_time).replace('+0000', 'Z')));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('previous cursor goes back to the same items', async () => {
    const first = await h.graph<List>(`/${page1}/feed`, { query: { limit: '5' }, token: pt1 });
    const second = await h.graph<List>(first.json.paging?.next as string, { token: null });
    expect(second.json.paging?.previous).toBeDefined();
    const back = await h.graph<List>(second.json.paging?.previous as string, { token: null });
    expect(back.json.data.map((d) => d.id)).toEqual(first.json.data.map((d) => d.id));
  });

  it('a token sent in the Authorization header is not copied into paging URLs', async () => {
    const r = await h.graph<List>(`/${page1}/feed`, {
      query: { limit: '2' },
      token: null,
      headers: { authorization: `Bearer ${pt1}` },
    });
    expect(r.json.data).toHaveLength(2);
    expect(new URL(r.json.paging?.next as string).searchParams.has('access_token')).toBe(false);
  });

  it('limit is clamped to 100', async () => {
    const r = await h.graph<List>(`/${page1}/feed`, { query: { limit: '500' }, token: pt1 });
    expect(r.json.data.length).toBe(100);
  });

  it('renders rich post fields, nested attachments, reactions and comments summaries', async () => {
    const r = await h.graph<List>(`/${page1}/feed`, {
      query: { fields: postFields, limit: '100' },
      token: pt1,
    });
    const posts = r.json.data;
    const album = posts.find((p) => (p.attachments as List | undefined)?.data[0]?.media_type === 'album');
    expect(album).toBeDefined();
    const att = (album?.attachments as List).data[0] as Record<string, unknown>;
    expect((att.subattachments as List).data.length).toBeGreaterThan(1);
    expect((att.media as { image: { src: string } }).image.src).toMatch(/\/cdn\/fb\/.+\.jpg\?/);
    const link = posts.find((p) => p.status_type === 'shared_story');
    expect(((link?.attachments as List).data[0] as { url: string }).url).toMatch(/^https:\/\/example\.com\//);
    const visitor = posts.find((p) => p.status_type === 'wall_post');
    expect((visitor?.from as { id: string }).id).not.toBe(page1);
    for (const p of posts) {
      expect(p.id).toMatch(new RegExp(`^${page1}_\\d+$`));
      expect(p.created_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
      expect(p.permalink_url).toMatch(/^https:\/\/www\.facebook\.com\//);
      expect(typeof (p.reactions as { summary: { total_count: number } }).summary.total_count).toBe('number');
      expect((p.reactions as List).data).toEqual([]);
      const comments = p.comments as List & { summary: { total_count: number } };
      expect(comments.summary.total_count).toBeGreaterThanOrEqual(comments.data.length);
      expect(comments.data.length).toBeLessThanOrEqual(2);
    }
  });

  // https://developers.facebook.com/docs/graph-api/reference/page/published_posts/
  it('/published_posts excludes visitor posts', async () => {
    const feed = await exhaust(
      h,
      await h.graph<List>(`/${page1}/feed`, {
        query: { fields: 'id,status_type', limit: '100' },
        token: pt1,
      }),
    );
    const pub = await exhaust(
      h,
      await h.graph<List>(`/${page1}/published_posts`, {
        query: { fields: 'id,status_type', limit: '100' },
        token: pt1,
      }),
    );
    expect(feed.items.some((p) => p.status_type === 'wall_post')).toBe(true);
    expect(pub.items.some((p) => p.status_type === 'wall_post')).toBe(false);
    expect(pub.items.length).toBeLessThan(feed.items.length);
  });

  // https://developers.facebook.com/docs/pages-api/posts#publish-posts
  it('POST /feed with the Page token publishes at the top; user token → 210', async () => {
    const bad = await h.graph<ErrBody>(`/${page1}/feed`, { form: { message: 'x' } });
    expect(bad.json.error.code).toBe(210);
    const empty = await h.graph<ErrBody>(`/${page1}/feed`, { form: {}, token: pt1 });
    expect(empty.json.error.code).toBe(100);
    const r = await h.graph(`/${page1}/feed`, { form: { message: 'Hello from the test 👋' }, token: pt1 });
    expect(r.json.id).toMatch(new RegExp(`^${page1}_\\d+$`));
    const top = await h.graph<List>(`/${page1}/feed`, {
      query: { fields: 'id,message', limit: '1' },
      token: pt1,
    });
    expect(top.json.data[0]).toEqual({ id: r.json.id, message: 'Hello from the test 👋' });
  });

  // https://developers.facebook.com/docs/graph-api/reference/page/photos/#Creating
  it('POST /photos by url and by multipart source; published=false stays out of the feed', async () => {
    const byUrl = await h.graph(`/${page1}/photos`, {
      form: { url: 'https://example.com/a.jpg', caption: 'By URL' },
      token: pt1,
    });
    expect(byUrl.json.id).toMatch(/^\d+$/);
    expect(byUrl.json.post_id).toMatch(new RegExp(`^${page1}_`));
    const jpg = Buffer.from(
      jpeg.encode({ data: Buffer.alloc(8 * 8 * 4, 200), width: 8, height: 8 }, 80).data,
    );
    const fd = new FormData();
    fd.set('source', new Blob([jpg], { type: 'image/jpeg' }), 'x.jpg');
    fd.set('caption', 'Multipart');
    fd.set('access_token', pt1);
    const res = await fetch(`${h.sb.url}/v27.0/${page1}/photos`, { method: 'POST', body: fd });
    const mp = (await res.json()) as { id: string; post_id: string };
    expect(mp.post_id).toMatch(new RegExp(`^${page1}_`));
    const post = await h.graph(`/${mp.post_id}`, { query: { fields: 'full_picture,message' }, token: pt1 });
    expect(post.json.message).toBe('Multipart');
    const img = await fetch(post.json.full_picture as string);
    expect(Buffer.from(await img.arrayBuffer()).equals(jpg)).toBe(true);
    const hidden = await h.graph(`/${page1}/photos`, {
      form: { url: 'https://example.com/b.jpg', published: 'false' },
      token: pt1,
    });
    expect(hidden.json.post_id).toBeUndefined();
    const top = await h.graph<List>(`/${page1}/feed`, { query: { limit: '3' }, token: pt1 });
    expect(top.json.data[0]?.id).toBe(mp.post_id);
    const none = await h.graph<ErrBody>(`/${page1}/photos`, { form: {}, token: pt1 });
    expect(none.json.error.code).toBe(100);
  });

  // https://developers.facebook.com/docs/graph-api/reference/object/comments/
  it('comments GET (chronological, summary) and POST', async () => {
    const feed = await h.graph<List>(`/${page1}/feed`, {
      query: { limit: '30', fields: 'id,comments.summary(true).limit(0)' },
      token: pt1,
    });
    const post = feed.json.data.find(
      (p) => (p.comments as { summary: { total_count: number } }).summary.total_count > 1,
    );
    expect(post).toBeDefined();
    const list = await h.graph<List & { summary: { total_count: number } }>(
      `/${post?.id as string}/comments`,
      { query: { summary: 'true' }, token: pt1 },
    );
    expect(list.json.summary.total_count).toBe(list.json.data.length);
    expect(Object.keys(list.json.data[0] ?? {}).sort()).toEqual(['created_time', 'from', 'id', 'message']);
    const created = await h.graph(`/${post?.id as string}/comments`, {
      form: { message: 'Thanks! 🙏' },
      token: pt1,
    });
    expect(created.json.id).toMatch(/_\d+$/);
    const after = await h.graph<List>(`/${post?.id as string}/comments`, {
      query: { limit: '100' },
      token: pt1,
    });
    expect(after.json.data.at(-1)).toMatchObject({
      id: created.json.id,
      message: 'Thanks! 🙏',
      from: { id: page1 },
    });
  });
});

describe('Instagram', () => {
  const mediaFields =
    'id,caption,media_type,media_product_type,media_url,thumbnail_url,permalink,timestamp,like_count,comments_count,children{id,media_type,media_url,thumbnail_url}';

  // https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user
  it('IG user node fields', async () => {
    const r = await h.graph(`/${ig1}`, {
      query: { fields: 'username,name,profile_picture_url,followers_count,media_count' },
      token: pt1,
    });
    expect(r.json).toMatchObject({ id: ig1, username: 'riveracandleco', media_count: 120 });
    expect(r.json.profile_picture_url).toMatch(/\/cdn\/pic\//);
  });

  // https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media
  it('/media pages to exhaustion with every media type and carousel children', async () => {
    const { items } = await exhaust(
      h,
      await h.graph<List>(`/${ig1}/media`, { query: { fields: mediaFields }, token: pt1 }),
    );
    expect(items).toHaveLength(120);
    const types = new Set(items.map((m) => m.media_type));
    expect([...types].sort()).toEqual(['CAROUSEL_ALBUM', 'IMAGE', 'VIDEO']);
    expect(items.some((m) => m.media_product_type === 'REELS')).toBe(true);
    const video = items.find((m) => m.media_type === 'VIDEO');
    expect(video?.media_url).toMatch(/\.webm\?/);
    expect(video?.thumbnail_url).toMatch(/_thumb\.jpg\?/);
    const carousel = items.find((m) => m.media_type === 'CAROUSEL_ALBUM');
    const kids = (carousel?.children as List).data;
    expect(kids.length).toBeGreaterThan(1);
    expect(kids[0]).toHaveProperty('media_url');
    expect(items.every((m) => m.media_product_type !== 'STORY')).toBe(true);
  });

  // https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/stories
  it('/stories only returns items younger than 24 h and they vanish as the clock advances', async () => {
    const r = await h.graph<List>(`/${ig1}/stories`, {
      query: { fields: 'id,media_type,media_product_type,timestamp' },
      token: pt1,
    });
    expect(r.json.data.length).toBe(5);
    expect(r.json.data.every((s) => s.media_product_type === 'STORY')).toBe(true);
    await h.ctl('clock', { advanceMs: 10 * 3_600_000 });
    const later = await h.graph<List>(`/${ig1}/stories`, { token: pt1 });
    expect(later.json.data.length).toBe(3);
    const gone = await h.graph<ErrBody>(`/${r.json.data[4]?.id as string}`, { token: pt1 });
    expect(gone.json.error.code).toBe(100);
    await h.ctl('reset', {});
    h = await reauth(h);
  });

  // https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-media/comments
  it('IG comments GET and POST', async () => {
    const media = await h.graph<List>(`/${ig1}/media`, {
      query: { fields: 'id,comments_count', limit: '50' },
      token: h.pageTokens.get(page1) as string,
    });
    const m = media.json.data.find((x) => (x.comments_count as number) > 0);
    const tok = h.pageTokens.get(page1) as string;
    const list = await h.graph<List>(`/${m?.id as string}/comments`, {
      query: { fields: 'id,text,username,timestamp' },
      token: tok,
    });
    expect(list.json.data.length).toBe(m?.comments_count);
    const c = await h.graph(`/${m?.id as string}/comments`, {
      form: { message: 'Thank you 💛' },
      token: tok,
    });
    expect(c.json.id).toMatch(/^\d+$/);
    const again = await h.graph(`/${m?.id as string}`, { query: { fields: 'comments_count' }, token: tok });
    expect(again.json.comments_count).toBe((m?.comments_count as number) + 1);
  });

  /** An image address Instagram can fetch: the sandbox has no internet, so one its own CDN serves. */
  const cdnImage = async (tok: string): Promise<string> => {
    const l = await h.graph<List>(`/${ig1}/media`, {
      query: { fields: 'media_url', limit: '1' },
      token: tok,
    });
    return l.json.data[0]?.media_url as string;
  };

  // https://developers.facebook.com/docs/instagram-platform/content-publishing/
  it('container flow: IN_PROGRESS → FINISHED → publish; EXPIRED after 24 h; publishing limit', async () => {
    const tok = h.pageTokens.get(page1) as string;
    const imageUrl = await cdnImage(tok);
    const missing = await h.graph<ErrBody>(`/${ig1}/media`, { form: { caption: 'x' }, token: tok });
    expect(missing.json.error.code).toBe(100);
    const c = await h.graph(`/${ig1}/media`, {
      form: { image_url: imageUrl, caption: 'Published by test ✨' },
      token: tok,
    });
    const status = async (): Promise<string> =>
      (await h.graph(`/${c.json.id as string}`, { query: { fields: 'status_code,status' }, token: tok })).json
        .status_code as string;
    expect(await status()).toBe('IN_PROGRESS');
    const early = await h.graph<ErrBody>(`/${ig1}/media_publish`, {
      form: { creation_id: c.json.id as string },
      token: tok,
    });
    expect(early.json.error).toMatchObject({ code: 9007, error_subcode: 2207027 });
    await h.ctl('clock', { advanceMs: 3000 });
    expect(await status()).toBe('FINISHED');
    const pub = await h.graph(`/${ig1}/media_publish`, {
      form: { creation_id: c.json.id as string },
      token: tok,
    });
    expect(pub.json.id).toMatch(/^\d+$/);
    expect(await status()).toBe('PUBLISHED');
    const top = await h.graph<List>(`/${ig1}/media`, {
      query: { fields: 'id,caption', limit: '1' },
      token: tok,
    });
    expect(top.json.data[0]).toEqual({ id: pub.json.id, caption: 'Published by test ✨' });
    const lim = await h.graph<List>(`/${ig1}/content_publishing_limit`, {
      query: { fields: 'config,quota_usage' },
      token: tok,
    });
    // quota_total 50: the media_publish reference's figure (the sandbox's default; clients read it at run time).
    expect(lim.json.data[0]).toEqual({ quota_usage: 1, config: { quota_total: 50, quota_duration: 86400 } });
    const old = await h.graph(`/${ig1}/media`, {
      form: { video_url: imageUrl, media_type: 'REELS' },
      token: tok,
    });
    await h.ctl('clock', { advanceMs: 25 * 3_600_000 });
    const st = await h.graph(`/${old.json.id as string}`, { query: { fields: 'status_code' }, token: tok });
    expect(st.json.status_code).toBe('EXPIRED');
  });

  it('carousel containers need 2–10 carousel children', async () => {
    const tok = h.pageTokens.get(page1) as string;
    const imageUrl = await cdnImage(tok);
    const kids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const k = await h.graph(`/${ig1}/media`, {
        form: { image_url: imageUrl, is_carousel_item: 'true' },
        token: tok,
      });
      kids.push(k.json.id as string);
    }
    const bad = await h.graph<ErrBody>(`/${ig1}/media`, {
      form: { media_type: 'CAROUSEL', children: kids[0] as string },
      token: tok,
    });
    expect(bad.json.error.code).toBe(100);
    const ok = await h.graph(`/${ig1}/media`, {
      form: { media_type: 'CAROUSEL', children: kids.join(','), caption: 'Swipe' },
      token: tok,
    });
    await h.ctl('clock', { advanceMs: 3000 });
    const pub = await h.graph(`/${ig1}/media_publish`, {
      form: { creation_id: ok.json.id as string },
      token: tok,
    });
    const m = await h.graph(`/${pub.json.id as string}`, {
      query: { fields: 'media_type,children{id}' },
      token: tok,
    });
    expect(m.json.media_type).toBe('CAROUSEL_ALBUM');
    expect((m.json.children as List).data).toHaveLength(2);
  });
});

describe('CDN media', () => {
  // https://developers.facebook.com/docs/instagram-platform/reference/instagram-media (media_url expires; refetch)
  it('serves real JPEGs deterministically, honours ?w=, and answers 403 once the URL expired', async () => {
    const tok = h.pageTokens.get(page1) as string;
    const r = await h.graph<List>(`/${ig1}/media`, {
      query: { fields: 'id,media_type,media_url', limit: '10' },
      token: tok,
    });
    const img = r.json.data.find((m) => m.media_type === 'IMAGE');
    const url = img?.media_url as string;
    expect(new URL(url).searchParams.get('oe')).toMatch(/^[0-9A-F]+$/);
    const a = await fetch(url);
    expect(a.status).toBe(200);
    expect(a.headers.get('content-type')).toBe('image/jpeg');
    const bytes = Buffer.from(await a.arrayBuffer());
    const decoded = jpeg.decode(bytes);
    expect([decoded.width, decoded.height]).toEqual([640, 640]);
    const b = Buffer.from(await (await fetch(url)).arrayBuffer());
    expect(b.equals(bytes)).toBe(true);
    const small = jpeg.decode(Buffer.from(await (await fetch(`${url}&w=100`)).arrayBuffer()));
    expect(small.width).toBe(100);
    const tampered = url.replace(/oh=00_[0-9a-f]/, 'oh=00_z');
    expect((await fetch(tampered)).status).toBe(403);
    await h.ctl('clock', { advanceMs: 3_600_000 + 1000 });
    const expired = await fetch(url);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toBe('URL signature expired');
    const fresh = await h.graph<{ media_url: string }>(`/${img?.id as string}`, {
      query: { fields: 'media_url' },
      token: tok,
    });
    expect((await fetch(fresh.json.media_url)).status).toBe(200);
  });

  it('serves the video with Range support (206)', async () => {
    const tok = h.pageTokens.get(page1) as string;
    const r = await h.graph<List>(`/${ig1}/media`, {
      query: { fields: 'media_type,media_url,thumbnail_url', limit: '40' },
      token: tok,
    });
    const v = r.json.data.find((m) => m.media_type === 'VIDEO');
    const full = await fetch(v?.media_url as string);
    expect(full.headers.get('content-type')).toBe('video/webm');
    const all = Buffer.from(await full.arrayBuffer());
    expect(all.subarray(0, 4).toString('hex')).toBe('1a45dfa3');
    const part = await fetch(v?.media_url as string, { headers: { range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${all.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(all.subarray(100, 200))).toBe(true);
    const thumb = await fetch(v?.thumbnail_url as string);
    expect(thumb.headers.get('content-type')).toBe('image/jpeg');
  });

  it('a Page without Instagram has no IG account and its IG inbox errors', async () => {
    const tok = h.pageTokens.get(page3) as string;
    const p = await h.graph(`/${page3}`, {
      query: { fields: 'id,name,instagram_business_account' },
      token: tok,
    });
    expect(p.json.instagram_business_account).toBeUndefined();
    const conv = await h.graph<ErrBody>(`/${page3}/conversations`, {
      query: { platform: 'instagram' },
      token: tok,
    });
    expect(conv.json.error.code).toBe(100);
  });
});

async function reauth(old: Harness): Promise<Harness> {
  const tok = await old.ctl<{ access_token: string }>('tokens', {});
  old.userToken = tok.access_token;
  const acc = await old.graph<{ data: { id: string; access_token: string }[] }>('/me/accounts');
  old.pageTokens.clear();
  for (const p of acc.json.data) old.pageTokens.set(p.id, p.access_token);
  return old;
}
