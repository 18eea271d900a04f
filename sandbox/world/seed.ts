/** Seeding the world: deterministic from the seed, timestamps relative to the moment it is seeded. */
import { Rng, hash32 } from '../rng.js';
import { personNames, texts } from '../texts.js';
import { DAY, HOUR } from '../time.js';
import { type World } from '../world.js';
import { seedReplies } from './comments.js';
import {
  convKey,
  type Comment,
  type Conversation,
  type Customer,
  type IgAccount,
  type IgMedia,
  type IgMediaType,
  type Message,
  type Page,
  type Platform,
  type Post,
  type PostKind,
  type Scale,
  type User,
} from './types.js';

interface ScaleConfig {
  postsPerPage: number;
  mediaPerIg: number;
  convsPerPlatform: number;
  thirdPageConvs: number;
  minMsgs: number;
  maxMsgs: number;
  postSpanDays: number;
}

const scales: Record<Scale, ScaleConfig> = {
  small: {
    postsPerPage: 120,
    mediaPerIg: 120,
    convsPerPlatform: 40,
    thirdPageConvs: 12,
    minMsgs: 5,
    maxMsgs: 60,
    postSpanDays: 365,
  },
  large: {
    postsPerPage: 5200,
    mediaPerIg: 5200,
    convsPerPlatform: 520,
    thirdPageConvs: 100,
    minMsgs: 5,
    maxMsgs: 60,
    postSpanDays: 5 * 365,
  },
};

/** Seeds users, Pages, IG accounts, posts, media, stories and conversations, in a fixed order (the ids depend on it). */
export function seedWorld(w: World): void {
  const cfg = scales[w.scale];
  const rng = w.rng;
  const alex: User = {
    id: rng.digits(16),
    name: 'Alex Rivera',
    email: 'alex.rivera@example.com',
    pageIds: [],
  };
  const jordan: User = {
    id: rng.digits(16),
    name: 'Jordan Lee',
    email: 'jordan.lee@example.com',
    pageIds: [],
  };
  w.users.push(alex, jordan);
  const pageSpecs = [
    {
      name: 'Rivera Candle Co.',
      category: 'Shopping & retail',
      ig: 'riveracandleco',
      igName: 'Rivera Candle Co.',
    },
    { name: 'Rivera Coffee Bar', category: 'Coffee shop', ig: 'rivera.coffee', igName: 'Rivera Coffee ☕' },
    { name: 'Alex Rivera Photography', category: 'Photographer', ig: '', igName: '' },
  ];
  for (const spec of pageSpecs) {
    const page: Page = {
      id: `1${rng.digits(14)}`,
      name: spec.name,
      category: spec.category,
      about: `${spec.name} — handmade with love since 2016.`,
      fanCount: rng.int(800, 40000),
    };
    if (spec.ig) {
      const ig: IgAccount = {
        id: `17841${rng.digits(12)}`,
        pageId: page.id,
        username: spec.ig,
        name: spec.igName ?? spec.ig,
        followers: rng.int(1000, 50000),
        follows: rng.int(100, 900),
        biography: `${spec.igName} ✨ Small-batch, big heart.`,
      };
      page.igId = ig.id;
      w.igAccounts.set(ig.id, ig);
    }
    w.pages.set(page.id, page);
    w.pageOrder.push(page.id);
    alex.pageIds.push(page.id);
  }
  // Jordan co-manages the first Page.
  jordan.pageIds.push(w.pageOrder[0] as string);

  for (const [index, pageId] of w.pageOrder.entries()) {
    const posts = index === 2 ? Math.max(20, Math.floor(cfg.postsPerPage / 6)) : cfg.postsPerPage;
    seedPosts(w, pageId, posts, cfg.postSpanDays);
    const page = w.pages.get(pageId) as Page;
    if (page.igId) {
      seedMedia(w, page.igId, cfg.mediaPerIg, cfg.postSpanDays);
      seedStories(w, page.igId);
    }
    const platforms: Platform[] = page.igId ? ['messenger', 'instagram'] : ['messenger'];
    for (const platform of platforms) {
      seedConversations(w, pageId, platform, index === 2 ? cfg.thirdPageConvs : cfg.convsPerPlatform, cfg);
    }
  }
}

function seedPosts(w: World, pageId: string, count: number, spanDays: number): void {
  const rng = w.rng;
  const page = w.pages.get(pageId) as Page;
  const list: Post[] = [];
  const step = (spanDays * DAY) / count;
  for (let i = 0; i < count; i++) {
    const createdTime = w.seededAt - Math.floor(i * step + rng.next() * step * 0.8) - 10 * 60_000;
    const r = rng.next();
    const kind: PostKind =
      r < 0.3
        ? 'photo'
        : r < 0.45
          ? 'multi'
          : r < 0.6
            ? 'link'
            : r < 0.7
              ? 'video'
              : r < 0.8
                ? 'visitor'
                : 'status';
    const visitor = kind === 'visitor';
    const person = rng.pick(personNames);
    const post: Post = {
      id: `${pageId}_${rng.digits(16)}`,
      pageId,
      kind,
      createdTime,
      updatedTime: createdTime + (rng.chance(0.2) ? rng.int(1, 48) * HOUR : 0),
      photoCount: kind === 'photo' ? 1 : kind === 'multi' ? rng.int(2, 5) : 0,
      fromId: visitor ? rng.digits(16) : pageId,
      fromName: visitor ? person : page.name,
      reactions: rng.int(0, 900),
      shares: rng.int(0, 60),
      published: true,
    };
    if (visitor)
      post.message = `${rng.pick(['Loved my order!', 'Any plans for a Berlin pop-up?', 'Great service 🙌'])}`;
    else if (rng.chance(0.92)) post.message = texts.post(rng);
    if (kind === 'link') {
      post.link = `https://example.com/blog/${rng.digits(5)}`;
      post.linkTitle = rng.pick(['Our story', 'How we make our candles', 'Shipping update', 'Holiday hours']);
    }
    if (kind === 'photo' && !post.message) post.story = `${page.name} added a new photo.`;
    if (kind === 'multi') post.story = `${page.name} added ${post.photoCount} new photos.`;
    if (kind === 'video' && !post.message) post.story = `${page.name} added a new video.`;
    list.push(post);
    w.posts.set(post.id, post);
  }
  list.sort((a, b) => b.createdTime - a.createdTime);
  w.postsByPage.set(pageId, list);
}

function seedMedia(w: World, igId: string, count: number, spanDays: number): void {
  const rng = w.rng;
  const list: IgMedia[] = [];
  const step = (spanDays * DAY) / count;
  for (let i = 0; i < count; i++) {
    const r = rng.next();
    const mediaType: IgMediaType = r < 0.6 ? 'IMAGE' : r < 0.8 ? 'VIDEO' : 'CAROUSEL_ALBUM';
    const m: IgMedia = {
      id: `178${rng.digits(14)}`,
      igId,
      mediaType,
      productType: mediaType === 'VIDEO' && rng.chance(0.6) ? 'REELS' : 'FEED',
      timestamp: w.seededAt - Math.floor(i * step + rng.next() * step * 0.8) - 15 * 60_000,
      likeCount: rng.int(0, 3000),
      commentsCount: rng.int(0, 8),
      shortcode: w.newShortcode(),
    };
    if (rng.chance(0.9)) m.caption = texts.caption(rng);
    if (mediaType === 'CAROUSEL_ALBUM') {
      m.childIds = [];
      const n = rng.int(2, 4);
      for (let c = 0; c < n; c++) {
        const child: IgMedia = {
          id: `178${rng.digits(14)}`,
          igId,
          mediaType: rng.chance(0.8) ? 'IMAGE' : 'VIDEO',
          productType: 'FEED',
          timestamp: m.timestamp,
          likeCount: 0,
          commentsCount: 0,
          shortcode: w.newShortcode(),
          isChild: true,
        };
        m.childIds.push(child.id);
        w.media.set(child.id, child);
      }
    }
    list.push(m);
    w.media.set(m.id, m);
  }
  list.sort((a, b) => b.timestamp - a.timestamp);
  w.mediaByIg.set(igId, list);
}

function seedStories(w: World, igId: string): void {
  const rng = w.rng;
  const list: IgMedia[] = [];
  const ages = [1, 3, 7, 15, 22, 30, 50]; // hours; the last two are expired
  for (const age of ages) {
    const s: IgMedia = {
      id: `178${rng.digits(14)}`,
      igId,
      mediaType: rng.chance(0.7) ? 'IMAGE' : 'VIDEO',
      productType: 'STORY',
      timestamp: w.seededAt - age * HOUR,
      likeCount: 0,
      commentsCount: 0,
      shortcode: w.newShortcode(),
    };
    list.push(s);
    w.media.set(s.id, s);
  }
  w.storiesByIg.set(igId, list);
}

function seedConversations(
  w: World,
  pageId: string,
  platform: Platform,
  count: number,
  cfg: ScaleConfig,
): void {
  const rng = w.rng;
  const list: Conversation[] = [];
  for (let i = 0; i < count; i++) {
    // Last activity: the first 4 within 24 h, the next 3 between 2 and 6 days, the rest spread over ~8 weeks.
    let lastAt: number;
    if (i < 4) lastAt = w.seededAt - (i + 1) * 2 * HOUR - rng.int(0, 50) * 60_000;
    else if (i < 7) lastAt = w.seededAt - (2 + (i - 4) * 1.5) * DAY;
    else lastAt = w.seededAt - 7 * DAY - Math.floor(rng.next() * 50 * DAY);
    const name = rng.pick(personNames);
    const customer: Customer = {
      id: platform === 'messenger' ? rng.digits(16) : `${rng.int(1, 9)}${rng.digits(16)}`,
      name,
      username: `${name
        .toLowerCase()
        .replace(/[^a-z]+/g, '.')
        .replace(/^\.|\.$/g, '')}${rng.int(1, 99)}`,
      unavailable: i === 3,
    };
    const conv: Conversation = {
      id:
        platform === 'messenger'
          ? `t_${rng.digits(16)}`
          : Buffer.from(`ig_thread:1:IGMessageThread:${pageId}:${rng.digits(17)}`).toString('base64url'),
      pageId,
      platform,
      customer,
      messages: [],
      updatedTime: lastAt,
      unreadCount: 0,
      lastCustomerAt: 0,
    };
    const n = rng.int(cfg.minMsgs, cfg.maxMsgs);
    // Messages spread backwards from lastAt; the newest one is from the customer.
    let t = lastAt;
    const msgs: Message[] = [];
    for (let k = 0; k < n; k++) {
      const fromPage = k === 0 ? false : rng.chance(0.45);
      const msg: Message = {
        id: w.newMessageId(platform),
        fromPage,
        text: fromPage ? texts.page(rng) : texts.customer(rng),
        createdTime: t,
      };
      if (rng.chance(0.06)) {
        msg.attachment = { type: rng.chance(0.85) ? 'image' : 'video', key: `att_${msg.id.slice(-12)}` };
        if (rng.chance(0.5)) msg.text = '';
      }
      msgs.push(msg);
      t -= rng.int(1, 240) * 60_000 + (rng.chance(0.1) ? rng.int(1, 5) * DAY : 0);
    }
    msgs.reverse();
    conv.messages = msgs;
    for (const m of msgs) w.messageIndex.set(m.id, conv.id);
    conv.lastCustomerAt = lastAt;
    conv.unreadCount = i < 10 ? rng.int(1, 3) : 0;
    list.push(conv);
    w.conversations.set(conv.id, conv);
    if (i < 3) w.fixtures.insideWindow.push(conv.id);
    else if (i === 3) w.fixtures.unavailable.push(conv.id);
    else if (i < 7) w.fixtures.humanAgentOnly.push(conv.id);
    else if (w.fixtures.outsideWindow.length < 12) w.fixtures.outsideWindow.push(conv.id);
  }
  list.sort((a, b) => b.updatedTime - a.updatedTime);
  w.convsByKey.set(convKey(pageId, platform), list);
}

/** The comments of an object, generated deterministically from the seed and the object id. */
export function seedComments(w: World, objectId: string): Comment[] {
  const rng = new Rng(hash32(`${w.seed}:${objectId}`));
  const media = w.media.get(objectId);
  const post = w.posts.get(objectId);
  const base = media?.timestamp ?? post?.createdTime ?? w.seededAt - DAY;
  if (!media && !post) {
    const parent = w.findComment(objectId);
    return parent ? seedReplies(w, parent) : [];
  }
  // Posts made after seeding (published through Graph, live mode) start with no comments.
  const n = media ? media.commentsCount : post && base < w.seededAt ? hash32(objectId) % 7 : 0;
  const list: Comment[] = [];
  for (let i = 0; i < n; i++) {
    const name = rng.pick(personNames);
    list.push({
      id: media ? `179${rng.digits(14)}` : `${objectId.split('_')[1] ?? objectId}_${rng.digits(16)}`,
      parentId: objectId,
      fromId: rng.digits(16),
      fromName: media ? name.toLowerCase().replace(/[^a-z]+/g, '_') : name,
      message: texts.comment(rng),
      createdTime: base + (i + 1) * rng.int(1, 120) * 60_000,
      likeCount: rng.int(0, 20),
    });
  }
  // Comments of the newest posts would otherwise be dated after the world was seeded: squeeze their offsets so the
  // last comment is a minute old (after all draws, so every id and text stays as it was).
  const latest = Math.max(...list.map((c) => c.createdTime));
  const limit = w.seededAt - 60_000;
  if (list.length && latest > limit && limit > base) {
    const k = (limit - base) / (latest - base);
    for (const c of list) c.createdTime = base + Math.floor((c.createdTime - base) * k);
  }
  return list;
}
