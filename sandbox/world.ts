/**
 * The mutable world the sandbox serves: its indexes, id generators and the changes Graph writes and the control API
 * make. The entities are in `world/types.ts`, the seeding in `world/seed.ts`.
 */
import { Rng } from './rng.js';
import { personNames } from './texts.js';
import { DAY } from './time.js';
import { PublishState } from './world/publish.js';
import { InsightsWorld } from './world/insights.js';
import { seedComments, seedWorld } from './world/seed.js';
import {
  convKey,
  type Comment,
  type Container,
  type Conversation,
  type Fixtures,
  type IgAccount,
  type IgMedia,
  type Message,
  type Page,
  type Platform,
  type Post,
  type Scale,
  type User,
} from './world/types.js';

export * from './world/types.js';

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
    {
      id: string;
      pageId: string;
      postId?: string;
      createdTime: number;
      published: boolean;
      width?: number;
      height?: number;
    }
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
  /** Publishing: ledger of what went live, scheduled posts, quotas (world/publish.ts). */
  readonly publish: PublishState;
  /** A person's tasks on a Page (`userId:pageId` â tasks) where they differ from a full-access role. */
  readonly pageTasks = new Map<string, string[]>();
  readonly rng: Rng;
  /** Insights numbers and their control toggles (own hash stream: seeding them shifts nothing else). */
  readonly insights: InsightsWorld;

  /** Seeds a world at `now` (ms) from `seed` at `scale`. */
  constructor(
    readonly seed: number,
    readonly scale: Scale,
    readonly seededAt: number,
  ) {
    this.rng = new Rng(seed);
    this.publish = new PublishState(seed);
    this.insights = new InsightsWorld(seed);
    seedWorld(this);
  }

  /** Key for the conversation index. */
  static convKey(pageId: string, platform: Platform): string {
    return convKey(pageId, platform);
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

  /** A new IG shortcode. */
  newShortcode(): string {
    return this.token(11);
  }

  /** Comments on an object, generated lazily and deterministically on first access. */
  commentsFor(objectId: string): Comment[] {
    let list = this.comments.get(objectId);
    if (list) return list;
    list = seedComments(this, objectId);
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
      // A given id (publishing draws its own) leaves the seeded stream untouched.
      id: fields.id ?? `${pageId}_${this.rng.digits(16)}`,
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
      id: fields.id ?? `178${this.rng.digits(14)}`,
      igId,
      mediaType: 'IMAGE',
      productType: 'FEED',
      timestamp: now,
      likeCount: 0,
      commentsCount: 0,
      shortcode: fields.shortcode ?? this.newShortcode(),
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
