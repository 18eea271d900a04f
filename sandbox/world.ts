/** The seeded, mutable world the sandbox serves: users, Pages, IG accounts, posts, media, conversations. */
import { Rng, hash32 } from './rng.js';
import { personNames, texts } from './texts.js';

/** A test user (the person who logs in). */
export interface User {
  id: string;
  name: string;
  email: string;
  pageIds: string[];
}

/** A Facebook Page. */
export interface Page {
  id: string;
  name: string;
  category: string;
  about: string;
  fanCount: number;
  igId?: string;
}

/** An Instagram professional account linked to a Page. */
export interface IgAccount {
  id: string;
  pageId: string;
  username: string;
  name: string;
  followers: number;
  follows: number;
  biography: string;
}

/** Kinds of seeded posts. */
export type PostKind = 'status' | 'photo' | 'multi' | 'link' | 'video' | 'visitor';

/** A Page post (feed item). */
export interface Post {
  id: string;
  pageId: string;
  kind: PostKind;
  message?: string;
  story?: string;
  createdTime: number;
  updatedTime: number;
  photoCount: number;
  link?: string;
  linkTitle?: string;
  fromId: string;
  fromName: string;
  reactions: number;
  shares: number;
  published: boolean;
  /** Explicit image URL given by the creator (POST /photos with url); served via our CDN anyway. */
  imageKey?: string;
}

/** A comment on a post or IG media. */
export interface Comment {
  id: string;
  parentId: string;
  fromId: string;
  fromName: string;
  message: string;
  createdTime: number;
  likeCount: number;
}

/** IG media types. */
export type IgMediaType = 'IMAGE' | 'VIDEO' | 'CAROUSEL_ALBUM';

/** An Instagram media object (feed, reel, story, or carousel child). */
export interface IgMedia {
  id: string;
  igId: string;
  mediaType: IgMediaType;
  productType: 'FEED' | 'REELS' | 'STORY' | 'AD';
  caption?: string;
  timestamp: number;
  likeCount: number;
  commentsCount: number;
  childIds?: string[];
  shortcode: string;
  isChild?: boolean;
}

/** An IG publishing container. */
export interface Container {
  id: string;
  igId: string;
  mediaType: IgMediaType | 'REELS' | 'STORIES';
  caption?: string;
  createdAt: number;
  readyAt: number;
  publishedMediaId?: string;
  childIds?: string[];
  isCarouselItem: boolean;
  error?: boolean;
}

/** A customer in a conversation. */
export interface Customer {
  id: string;
  name: string;
  username: string;
  unavailable: boolean;
}

/** Messaging platforms. */
export type Platform = 'messenger' | 'instagram';

/** A message in a conversation. */
export interface Message {
  id: string;
  fromPage: boolean;
  text: string;
  createdTime: number;
  attachment?: { type: 'image' | 'video' | 'file'; key: string; url?: string };
}

/** A Messenger or Instagram Direct conversation. */
export interface Conversation {
  id: string;
  pageId: string;
  platform: Platform;
  customer: Customer;
  /** Ascending by createdTime (newest last). */
  messages: Message[];
  updatedTime: number;
  unreadCount: number;
  lastCustomerAt: number;
}

/** Scale presets. */
export type Scale = 'small' | 'large';

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

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Conversations with known properties, so tests and demos can find them. */
export interface Fixtures {
  insideWindow: string[];
  humanAgentOnly: string[];
  outsideWindow: string[];
  unavailable: string[];
}

/** The whole mutable sandbox state. */
export class World {
  readonly users: User[] = [];
  readonly pages = new Map<string, Page>();
  readonly pageOrder: string[] = [];
  readonly igAccounts = new Map<string, IgAccount>();
  /** Per Page, newest first. */
  readonly postsByPage = new Map<string, Post[]>();
  readonly posts = new Map<string, Post>();
  /** Unpublished photos (published=false) and photo objects created via /photos. */
  readonly photos = new Map<
    string,
    { id: string; pageId: string; postId?: string; createdTime: number; published: boolean }
  >();
  /** Per IG account, feed/reels newest first (no stories, no carousel children). */
  readonly mediaByIg = new Map<string, IgMedia[]>();
  /** Per IG account, stories newest first (including expired ones; filtered at read time). */
  readonly storiesByIg = new Map<string, IgMedia[]>();
  readonly media = new Map<string, IgMedia>();
  readonly containers = new Map<string, Container>();
  private readonly comments = new Map<string, Comment[]>();
  /** Per Page+platform, most recently updated first. */
  readonly convsByKey = new Map<string, Conversation[]>();
  readonly conversations = new Map<string, Conversation>();
  /** message id → conversation id. */
  readonly messageIndex = new Map<string, string>();
  readonly fixtures: Fixtures = { insideWindow: [], humanAgentOnly: [], outsideWindow: [], unavailable: [] };
  /** Publish timestamps per IG account, for content_publishing_limit. */
  readonly publishLog = new Map<string, number[]>();
  readonly rng: Rng;

  /** Seeds a world at `now` (ms) from `seed` at `scale`. */
  constructor(
    readonly seed: number,
    readonly scale: Scale,
    readonly seededAt: number,
  ) {
    this.rng = new Rng(seed);
    this.build();
  }

  /** Key for the conversation index. */
  static convKey(pageId: string, platform: Platform): string {
    return `${pageId}|${platform}`;
  }

  /** A new numeric id with the given length. */
  newId(length = 15): string {
    return this.rng.digits(length);
  }

  /** A Messenger-like message id (`m_…`) or an Instagram one (base64 of `ig_item…`). */
  newMessageId(platform: Platform): string {
    if (platform === 'messenger') return `m_${this.token(86)}`;
    return Buffer.from(`ig_item:1:IGMessageid:${this.rng.digits(17)}:${this.rng.digits(30)}`).toString(
      'base64url',
    );
  }

  private token(length: number): string {
    return this.rng
      .bytes(Math.ceil((length * 3) / 4))
      .toString('base64url')
      .slice(0, length);
  }

  private build(): void {
    const cfg = scales[this.scale];
    const rng = this.rng;
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
    this.users.push(alex, jordan);
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
        this.igAccounts.set(ig.id, ig);
      }
      this.pages.set(page.id, page);
      this.pageOrder.push(page.id);
      alex.pageIds.push(page.id);
    }
    // Jordan co-manages the first Page.
    jordan.pageIds.push(this.pageOrder[0] as string);

    for (const [index, pageId] of this.pageOrder.entries()) {
      const posts = index === 2 ? Math.max(20, Math.floor(cfg.postsPerPage / 6)) : cfg.postsPerPage;
      this.seedPosts(pageId, posts, cfg.postSpanDays);
      const page = this.pages.get(pageId) as Page;
      if (page.igId) {
        this.seedMedia(page.igId, cfg.mediaPerIg, cfg.postSpanDays);
        this.seedStories(page.igId);
      }
      const platforms: Platform[] = page.igId ? ['messenger', 'instagram'] : ['messenger'];
      for (const platform of platforms) {
        this.seedConversations(
          pageId,
          platform,
          index === 2 ? cfg.thirdPageConvs : cfg.convsPerPlatform,
          cfg,
        );
      }
    }
  }

  private seedPosts(pageId: string, count: number, spanDays: number): void {
    const rng = this.rng;
    const page = this.pages.get(pageId) as Page;
    const list: Post[] = [];
    const step = (spanDays * DAY) / count;
    for (let i = 0; i < count; i++) {
      const createdTime = this.seededAt - Math.floor(i * step + rng.next() * step * 0.8) - 10 * 60_000;
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
        post.linkTitle = rng.pick([
          'Our story',
          'How we make our candles',
          'Shipping update',
          'Holiday hours',
        ]);
      }
      if (kind === 'photo' && !post.message) post.story = `${page.name} added a new photo.`;
      if (kind === 'multi') post.story = `${page.name} added ${post.photoCount} new photos.`;
      if (kind === 'video' && !post.message) post.story = `${page.name} added a new video.`;
      list.push(post);
      this.posts.set(post.id, post);
    }
    list.sort((a, b) => b.createdTime - a.createdTime);
    this.postsByPage.set(pageId, list);
  }

  private seedMedia(igId: string, count: number, spanDays: number): void {
    const rng = this.rng;
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
        timestamp: this.seededAt - Math.floor(i * step + rng.next() * step * 0.8) - 15 * 60_000,
        likeCount: rng.int(0, 3000),
        commentsCount: rng.int(0, 8),
        shortcode: this.shortcode(),
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
            shortcode: this.shortcode(),
            isChild: true,
          };
          m.childIds.push(child.id);
          this.media.set(child.id, child);
        }
      }
      list.push(m);
      this.media.set(m.id, m);
    }
    list.sort((a, b) => b.timestamp - a.timestamp);
    this.mediaByIg.set(igId, list);
  }

  private seedStories(igId: string): void {
    const rng = this.rng;
    const list: IgMedia[] = [];
    const ages = [1, 3, 7, 15, 22, 30, 50]; // hours; the last two are expired
    for (const age of ages) {
      const s: IgMedia = {
        id: `178${rng.digits(14)}`,
        igId,
        mediaType: rng.chance(0.7) ? 'IMAGE' : 'VIDEO',
        productType: 'STORY',
        timestamp: this.seededAt - age * HOUR,
        likeCount: 0,
        commentsCount: 0,
        shortcode: this.shortcode(),
      };
      list.push(s);
      this.media.set(s.id, s);
    }
    this.storiesByIg.set(igId, list);
  }

  private shortcode(): string {
    return this.token(11);
  }

  private seedConversations(pageId: string, platform: Platform, count: number, cfg: ScaleConfig): void {
    const rng = this.rng;
    const list: Conversation[] = [];
    for (let i = 0; i < count; i++) {
      // Last activity: the first 4 within 24 h, the next 3 between 2 and 6 days, the rest spread over ~8 weeks.
      let lastAt: number;
      if (i < 4) lastAt = this.seededAt - (i + 1) * 2 * HOUR - rng.int(0, 50) * 60_000;
      else if (i < 7) lastAt = this.seededAt - (2 + (i - 4) * 1.5) * DAY;
      else lastAt = this.seededAt - 7 * DAY - Math.floor(rng.next() * 50 * DAY);
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
          id: this.newMessageId(platform),
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
      for (const m of msgs) this.messageIndex.set(m.id, conv.id);
      conv.lastCustomerAt = lastAt;
      conv.unreadCount = i < 10 ? rng.int(1, 3) : 0;
      list.push(conv);
      this.conversations.set(conv.id, conv);
      if (i < 3) this.fixtures.insideWindow.push(conv.id);
      else if (i === 3) this.fixtures.unavailable.push(conv.id);
      else if (i < 7) this.fixtures.humanAgentOnly.push(conv.id);
      else if (this.fixtures.outsideWindow.length < 12) this.fixtures.outsideWindow.push(conv.id);
    }
    list.sort((a, b) => b.updatedTime - a.updatedTime);
    this.convsByKey.set(World.convKey(pageId, platform), list);
  }

  /** Comments on an object, generated lazily and deterministically on first access. */
  commentsFor(objectId: string): Comment[] {
    let list = this.comments.get(objectId);
    if (list) return list;
    const rng = new Rng(hash32(`${this.seed}:${objectId}`));
    const media = this.media.get(objectId);
    const post = this.posts.get(objectId);
    const base = media?.timestamp ?? post?.createdTime ?? this.seededAt - DAY;
    const n = media ? media.commentsCount : post ? hash32(objectId) % 7 : 0;
    list = [];
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
    this.comments.set(objectId, list);
    return list;
  }

  /** Finds a comment by id among generated comments (only those already materialised). */
  findComment(id: string): Comment | undefined {
    for (const list of this.comments.values()) {
      const c = list.find((x) => x.id === id);
      if (c) return c;
    }
    return undefined;
  }

  /** Adds a post at the top of a Page's feed. */
  addPost(pageId: string, fields: Partial<Post>, now: number): Post {
    const page = this.pages.get(pageId) as Page;
    const post: Post = {
      id: `${pageId}_${this.rng.digits(16)}`,
      pageId,
      kind: 'status',
      createdTime: now,
      updatedTime: now,
      photoCount: 0,
      fromId: pageId,
      fromName: page.name,
      reactions: 0,
      shares: 0,
      published: true,
      ...fields,
    };
    this.posts.set(post.id, post);
    this.postsByPage.get(pageId)?.unshift(post);
    return post;
  }

  /** Adds an IG media object at the top of the gallery (or stories). */
  addMedia(igId: string, fields: Partial<IgMedia>, now: number): IgMedia {
    const m: IgMedia = {
      id: `178${this.rng.digits(14)}`,
      igId,
      mediaType: 'IMAGE',
      productType: 'FEED',
      timestamp: now,
      likeCount: 0,
      commentsCount: 0,
      shortcode: this.shortcode(),
      ...fields,
    };
    this.media.set(m.id, m);
    if (m.productType === 'STORY') this.storiesByIg.get(igId)?.unshift(m);
    else this.mediaByIg.get(igId)?.unshift(m);
    return m;
  }

  /** Appends a message and moves the conversation to the top of its list. */
  addMessage(conv: Conversation, msg: Message): void {
    conv.messages.push(msg);
    this.messageIndex.set(msg.id, conv.id);
    conv.updatedTime = msg.createdTime;
    if (!msg.fromPage) {
      conv.lastCustomerAt = msg.createdTime;
      conv.unreadCount += 1;
    }
    const list = this.convsByKey.get(World.convKey(conv.pageId, conv.platform));
    if (list) {
      const idx = list.indexOf(conv);
      if (idx > 0) {
        list.splice(idx, 1);
        list.unshift(conv);
      }
    }
  }

  /** Creates a new conversation with a fresh customer (for inbound messages). */
  newConversation(pageId: string, platform: Platform, now: number): Conversation {
    const rng = this.rng;
    const name = rng.pick(personNames);
    const conv: Conversation = {
      id:
        platform === 'messenger'
          ? `t_${rng.digits(16)}`
          : Buffer.from(`ig_thread:1:IGMessageThread:${pageId}:${rng.digits(17)}`).toString('base64url'),
      pageId,
      platform,
      customer: {
        id: platform === 'messenger' ? rng.digits(16) : `${rng.int(1, 9)}${rng.digits(16)}`,
        name,
        username: name.toLowerCase().replace(/[^a-z]+/g, '.'),
        unavailable: false,
      },
      messages: [],
      updatedTime: now,
      unreadCount: 0,
      lastCustomerAt: now,
    };
    this.conversations.set(conv.id, conv);
    const key = World.convKey(pageId, platform);
    if (!this.convsByKey.has(key)) this.convsByKey.set(key, []);
    this.convsByKey.get(key)?.unshift(conv);
    return conv;
  }

  /** Adds a comment to an object. */
  addComment(objectId: string, fromId: string, fromName: string, message: string, now: number): Comment {
    const list = this.commentsFor(objectId);
    const media = this.media.get(objectId);
    const c: Comment = {
      id: media
        ? `179${this.rng.digits(14)}`
        : `${objectId.split('_')[1] ?? objectId}_${this.rng.digits(16)}`,
      parentId: objectId,
      fromId,
      fromName,
      message,
      createdTime: now,
      likeCount: 0,
    };
    list.push(c);
    if (media) media.commentsCount += 1;
    return c;
  }

  /** Counts for the state summary. */
  counts(now: number): {
    posts: number;
    media: number;
    stories: number;
    conversations: number;
    messages: number;
  } {
    let media = 0;
    for (const l of this.mediaByIg.values()) media += l.length;
    let stories = 0;
    for (const l of this.storiesByIg.values()) stories += l.filter((s) => now - s.timestamp < DAY).length;
    let messages = 0;
    for (const c of this.conversations.values()) messages += c.messages.length;
    let posts = 0;
    for (const l of this.postsByPage.values()) posts += l.length;
    return { posts, media, stories, conversations: this.conversations.size, messages };
  }
}
