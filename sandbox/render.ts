/**
 * Node renderers with `fields=` selection. Field names and shapes follow Meta's references:
 * Page https://developers.facebook.com/docs/graph-api/reference/page/
 * Post https://developers.facebook.com/docs/graph-api/reference/post/
 * Comment https://developers.facebook.com/docs/graph-api/reference/comment/
 * IG User https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user
 * IG Media https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-media
 * IG Container https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-container
 * Conversation https://developers.facebook.com/docs/graph-api/reference/conversation/
 * Message https://developers.facebook.com/docs/graph-api/reference/message/
 */
import { errors } from './errors.js';
import { type FieldNode, plainFields, stringifyFields } from './fields.js';
import { paginate, pagingFor, readPageParams } from './paging.js';
import { type UrlSigner } from './cdn.js';
import { type TokenRecord, type TokenStore } from './tokens.js';
import {
  type Comment,
  type Container,
  type Conversation,
  type IgAccount,
  type IgMedia,
  type Message,
  type Page,
  type Post,
  type User,
  type World,
} from './world.js';

/** Per-request rendering context. */
export interface Ctx {
  world: World;
  tokens: TokenStore;
  signer: UrlSigner;
  now: number;
  origin: string;
  /** e.g. `v25.0`, or '' when the request had no version prefix. */
  version: string;
  token?: TokenRecord;
  rawToken?: string;
  /** The token when it came as an `access_token` parameter (copied into paging URLs, as Meta does). */
  queryToken?: string;
}

/** Meta's timestamp format: `2024-01-15T10:30:00+0000`. */
export function fbTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+0000`;
}

/** Absolute Graph URL on the sandbox origin keeping the version prefix. */
export function graphUrl(ctx: Ctx, path: string): URL {
  return new URL(`${ctx.origin}${ctx.version ? `/${ctx.version}` : ''}/${path.replace(/^\//, '')}`);
}

type FieldFn<T> = (obj: T, node: FieldNode, ctx: Ctx) => unknown;

/** A node type: its Graph name, default fields and field renderers. */
export interface NodeDef<T> {
  type: string;
  defaults: string[];
  fields: Record<string, FieldFn<T>>;
}

/** Renders `obj` with the requested fields (or the defaults); unknown fields → error 100. */
export function render<T>(
  def: NodeDef<T>,
  obj: T,
  nodes: FieldNode[] | undefined,
  ctx: Ctx,
): Record<string, unknown> {
  const sel = nodes && nodes.length > 0 ? nodes : plainFields(...def.defaults);
  const out: Record<string, unknown> = {};
  for (const n of sel) {
    const fn = def.fields[n.name];
    if (!fn) throw errors.nonexistingField(n.name, def.type);
    const v = fn(obj, n, ctx);
    if (v !== undefined) out[n.name] = v;
  }
  // Graph always returns the id of a node when it has one.
  if (out.id === undefined && def.fields.id) {
    const id = def.fields.id(obj, { name: 'id', params: {} }, ctx);
    if (id !== undefined) out.id = id;
  }
  return out;
}

/** Applies a nested selection to a plain JSON object (e.g. attachments{media{image{src}}}). */
export function select(value: unknown, nodes: FieldNode[] | undefined, type: string): unknown {
  if (!nodes || nodes.length === 0 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => select(v, nodes, type));
  const obj = value as Record<string, unknown>;
  if (Array.isArray(obj.data)) return { ...obj, data: obj.data.map((v) => select(v, nodes, type)) };
  const out: Record<string, unknown> = {};
  for (const n of nodes) {
    if (!(n.name in obj)) {
      if (KNOWN_PLAIN.has(n.name)) continue;
      throw errors.nonexistingField(n.name, type);
    }
    out[n.name] = select(obj[n.name], n.children, type);
  }
  return out;
}

/** Fields that exist on plain sub-objects but may be absent for some items. */
const KNOWN_PLAIN = new Set([
  'description',
  'title',
  'url',
  'media',
  'image',
  'src',
  'width',
  'height',
  'subattachments',
  'target',
  'media_type',
  'type',
  'source',
  'unshimmed_url',
  'email',
  'username',
  'name',
  'image_data',
  'video_data',
  'file_url',
  'mime_type',
  'size',
  'preview_url',
  'max_width',
  'max_height',
  'id',
  'render_as_sticker',
  'animated_gif_url',
]);

/** Renders an embedded edge (connection) with paging and optional summary. */
export function connection<T>(
  ctx: Ctx,
  items: readonly T[],
  idOf: (t: T) => string,
  node: FieldNode,
  renderItem: (t: T, children: FieldNode[] | undefined) => unknown,
  edgePath: string,
  summary?: () => Record<string, unknown>,
): Record<string, unknown> {
  const p = readPageParams((k) => node.params[k], 25, 100);
  const slice = paginate(items, idOf, p, false);
  const out: Record<string, unknown> = { data: slice.items.map((t) => renderItem(t, node.children)) };
  const base = graphUrl(ctx, edgePath);
  if (ctx.queryToken) base.searchParams.set('access_token', ctx.queryToken);
  if (node.children) base.searchParams.set('fields', stringifyFields(node.children));
  base.searchParams.set('limit', String(p.limit));
  const paging = pagingFor(slice, idOf, base);
  if (paging) out.paging = paging;
  const wantSummary = node.params.summary;
  if (summary && wantSummary !== undefined && wantSummary !== 'false' && wantSummary !== '0')
    out.summary = summary();
  return out;
}

function cdn(ctx: Ctx, path: string): string {
  return ctx.signer.sign(ctx.origin, path, ctx.now);
}

// ---- Users & Pages ---------------------------------------------------------------------------------------------

/** User node. */
export const userDef: NodeDef<User> = {
  type: 'User',
  defaults: ['name', 'id'],
  fields: {
    id: (u) => u.id,
    name: (u) => u.name,
    first_name: (u) => u.name.split(' ')[0],
    last_name: (u) => u.name.split(' ').slice(1).join(' '),
    short_name: (u) => u.name.split(' ')[0],
    email: (u, _n, ctx) => (ctx.tokens.has(u.id, 'email') ? u.email : undefined),
    picture: (u, n, ctx) => ({
      data: select(
        { height: 50, width: 50, is_silhouette: false, url: cdn(ctx, `/cdn/pic/${u.id}.jpg`) },
        n.children,
        'ProfilePictureSource',
      ),
    }),
  },
};

const TASKS = ['ADVERTISE', 'ANALYZE', 'CREATE_CONTENT', 'MESSAGING', 'MODERATE', 'MANAGE'];

/** IG user node. */
export const igUserDef: NodeDef<IgAccount> = {
  type: 'IGUser',
  defaults: ['id'],
  fields: {
    id: (a) => a.id,
    ig_id: (a) => Number(a.id.slice(5)),
    username: (a) => a.username,
    name: (a) => a.name,
    biography: (a) => a.biography,
    website: (a) => `https://example.com/${a.username}`,
    profile_picture_url: (a, _n, ctx) => cdn(ctx, `/cdn/pic/${a.id}.jpg`),
    followers_count: (a) => a.followers,
    follows_count: (a) => a.follows,
    media_count: (a, _n, ctx) => ctx.world.mediaByIg.get(a.id)?.length ?? 0,
    media: (a, n, ctx) =>
      connection(
        ctx,
        ctx.world.mediaByIg.get(a.id) ?? [],
        (m) => m.id,
        n,
        (m, c) => render(mediaDef, m, c, ctx),
        `${a.id}/media`,
      ),
    stories: (a, n, ctx) =>
      connection(
        ctx,
        liveStories(ctx, a.id),
        (m) => m.id,
        n,
        (m, c) => render(mediaDef, m, c, ctx),
        `${a.id}/stories`,
      ),
  },
};

/** Stories younger than 24 h. https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/stories */
export function liveStories(ctx: Ctx, igId: string): IgMedia[] {
  return (ctx.world.storiesByIg.get(igId) ?? []).filter(
    (s) => ctx.now - s.timestamp < 24 * 3_600_000 && s.timestamp <= ctx.now,
  );
}

/** Page node. */
export const pageDef: NodeDef<Page> = {
  type: 'Page',
  defaults: ['name', 'id'],
  fields: {
    id: (p) => p.id,
    name: (p) => p.name,
    category: (p) => p.category,
    category_list: (p) => [{ id: '2200', name: p.category }],
    about: (p) => p.about,
    fan_count: (p) => p.fanCount,
    followers_count: (p) => p.fanCount + 37,
    link: (p) => `https://www.facebook.com/${p.id}`,
    username: (p) => p.name.toLowerCase().replace(/[^a-z]+/g, ''),
    verification_status: () => 'not_verified',
    picture: (p, n, ctx) => ({
      data: select(
        { height: 50, width: 50, is_silhouette: false, url: cdn(ctx, `/cdn/pic/${p.id}.jpg`) },
        n.children,
        'ProfilePictureSource',
      ),
    }),
    access_token: (p, _n, ctx) => {
      // Only returned to a user who manages the Page, when asked with a user token.
      const t = ctx.token;
      if (t?.kind === 'page' && t.pageId === p.id) return t.token;
      if (!t || t.kind !== 'user' || !ctx.tokens.has(t.userId, 'pages_show_list')) return undefined;
      const user = ctx.world.users.find((u) => u.id === t.userId);
      if (!user?.pageIds.includes(p.id)) return undefined;
      return ctx.tokens.pageToken(t, p.id).token;
    },
    tasks: () => TASKS,
    instagram_business_account: (p, n, ctx) => {
      const ig = p.igId ? ctx.world.igAccounts.get(p.igId) : undefined;
      return ig ? render(igUserDef, ig, n.children ?? plainFields('id'), ctx) : undefined;
    },
    connected_instagram_account: (p, n, ctx) => {
      const ig = p.igId ? ctx.world.igAccounts.get(p.igId) : undefined;
      return ig ? render(igUserDef, ig, n.children ?? plainFields('id'), ctx) : undefined;
    },
    has_added_app: () => true,
  },
};

// ---- Posts & comments ------------------------------------------------------------------------------------------

const STATUS_TYPE: Record<Post['kind'], string> = {
  status: 'mobile_status_update',
  photo: 'added_photos',
  multi: 'added_photos',
  link: 'shared_story',
  video: 'added_video',
  visitor: 'wall_post',
};

function postImage(ctx: Ctx, post: Post, i: number): { height: number; src: string; width: number } {
  const key = post.imageKey ?? `${post.id}_${i}`;
  return { height: 640, src: cdn(ctx, `/cdn/fb/${key}.jpg`), width: 640 };
}

function postAttachments(post: Post, ctx: Ctx): Record<string, unknown>[] {
  const postNum = post.id.split('_')[1] ?? post.id;
  switch (post.kind) {
    case 'photo':
      return [
        {
          media_type: 'photo',
          type: 'photo',
          url: `https://www.facebook.com/photo.php?fbid=${postNum}`,
          media: { image: postImage(ctx, post, 0) },
          target: { id: postNum, url: `https://www.facebook.com/photo.php?fbid=${postNum}` },
        },
      ];
    case 'multi':
      return [
        {
          media_type: 'album',
          type: 'album',
          title: `Photos from ${post.fromName}'s post`,
          url: `https://www.facebook.com/${post.pageId}/posts/${postNum}`,
          media: { image: postImage(ctx, post, 0) },
          subattachments: {
            data: Array.from({ length: post.photoCount }, (_, i) => ({
              media_type: 'photo',
              type: 'photo',
              url: `https://www.facebook.com/photo.php?fbid=${postNum}${i}`,
              media: { image: postImage(ctx, post, i) },
              target: { id: `${postNum}${i}`, url: `https://www.facebook.com/photo.php?fbid=${postNum}${i}` },
            })),
          },
        },
      ];
    case 'link':
      return [
        {
          media_type: 'link',
          type: 'share',
          title: post.linkTitle,
          description: 'Read the full story on our blog.',
          url: post.link,
          unshimmed_url: post.link,
          media: { image: postImage(ctx, post, 0) },
        },
      ];
    case 'video':
      return [
        {
          media_type: 'video',
          type: 'video_inline',
          url: `https://www.facebook.com/${post.pageId}/videos/${postNum}/`,
          media: { image: postImage(ctx, post, 0), source: cdn(ctx, `/cdn/fb/${post.id}.webm`) },
          target: { id: postNum, url: `https://www.facebook.com/${post.pageId}/videos/${postNum}/` },
        },
      ];
    default:
      return [];
  }
}

/** FB comment node. */
export const commentDef: NodeDef<Comment> = {
  type: 'Comment',
  defaults: ['created_time', 'from', 'message', 'id'],
  fields: {
    id: (c) => c.id,
    message: (c) => c.message,
    created_time: (c) => fbTime(c.createdTime),
    from: (c, n) => select({ name: c.fromName, id: c.fromId }, n.children, 'User'),
    like_count: (c) => c.likeCount,
    comment_count: () => 0,
    can_reply_privately: () => false,
    parent: () => undefined,
    permalink_url: (c) => `https://www.facebook.com/${c.parentId.replace('_', '/posts/')}?comment_id=${c.id}`,
  },
};

/** Post node (feed / published_posts items). */
export const postDef: NodeDef<Post> = {
  type: 'Post',
  defaults: ['created_time', 'message', 'story', 'id'],
  fields: {
    id: (p) => p.id,
    message: (p) => p.message,
    story: (p) => p.story,
    created_time: (p) => fbTime(p.createdTime),
    updated_time: (p) => fbTime(p.updatedTime),
    permalink_url: (p) => `https://www.facebook.com/${p.pageId}/posts/${p.id.split('_')[1] ?? ''}`,
    full_picture: (p, _n, ctx) =>
      p.kind === 'status' || p.kind === 'visitor' ? undefined : postImage(ctx, p, 0).src,
    status_type: (p) => STATUS_TYPE[p.kind],
    is_published: (p) => p.published,
    is_hidden: () => false,
    from: (p, n) => select({ name: p.fromName, id: p.fromId }, n.children, 'User'),
    attachments: (p, n, ctx) => {
      const data = postAttachments(p, ctx);
      return data.length ? select({ data }, n.children, 'StoryAttachment') : undefined;
    },
    shares: (p) => (p.shares > 0 ? { count: p.shares } : undefined),
    reactions: (p, n, ctx) => {
      const reactors = Array.from({ length: Math.min(p.reactions, 3) }, (_, i) => ({
        id: `${1000 + i}${p.id.slice(-6)}`,
        name: `Fan ${i + 1}`,
        type: 'LIKE',
      }));
      return connection(
        ctx,
        reactors,
        (r) => r.id,
        n,
        (r, c) => select(r, c, 'Reaction'),
        `${p.id}/reactions`,
        () => ({
          total_count: p.reactions,
          viewer_reaction: 'NONE',
        }),
      );
    },
    comments: (p, n, ctx) => {
      const list = ctx.world.commentsFor(p.id);
      return connection(
        ctx,
        list,
        (c) => c.id,
        n,
        (c, ch) => render(commentDef, c, ch, ctx),
        `${p.id}/comments`,
        () => ({
          order: 'chronological',
          total_count: list.length,
          can_comment: true,
        }),
      );
    },
    privacy: () => ({ allow: '', deny: '', description: 'Public', friends: '', value: 'EVERYONE' }),
  },
};

// ---- Instagram ---------------------------------------------------------------------------------------------------

function mediaPath(m: IgMedia, kind: 'media' | 'thumb'): string {
  if (kind === 'thumb') return `/cdn/ig/${m.id}_thumb.jpg`;
  return m.mediaType === 'VIDEO' ? `/cdn/ig/${m.id}.webm` : `/cdn/ig/${m.id}.jpg`;
}

/** IG comment node. https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-comment */
export const igCommentDef: NodeDef<Comment> = {
  type: 'IGComment',
  defaults: ['timestamp', 'text', 'id'],
  fields: {
    id: (c) => c.id,
    text: (c) => c.message,
    timestamp: (c) => fbTime(c.createdTime),
    username: (c) => c.fromName,
    from: (c, n) => select({ id: c.fromId, username: c.fromName }, n.children, 'IGCommentFromUser'),
    like_count: (c) => c.likeCount,
    hidden: () => false,
    media: (c, n) => select({ id: c.parentId }, n.children, 'IGMedia'),
    replies: (c, n, ctx) =>
      connection(
        ctx,
        [] as Comment[],
        (x) => x.id,
        n,
        (x) => x,
        `${c.id}/replies`,
      ),
  },
};

/** IG media node. */
export const mediaDef: NodeDef<IgMedia> = {
  type: 'IGMedia',
  defaults: ['id'],
  fields: {
    id: (m) => m.id,
    caption: (m) => m.caption,
    media_type: (m) => m.mediaType,
    media_product_type: (m) => m.productType,
    media_url: (m, _n, ctx) => {
      if (m.mediaType === 'CAROUSEL_ALBUM') {
        const first = m.childIds?.[0] ? ctx.world.media.get(m.childIds[0]) : undefined;
        return first ? cdn(ctx, mediaPath(first, 'media')) : cdn(ctx, `/cdn/ig/${m.id}.jpg`);
      }
      return cdn(ctx, mediaPath(m, 'media'));
    },
    thumbnail_url: (m, _n, ctx) => (m.mediaType === 'VIDEO' ? cdn(ctx, mediaPath(m, 'thumb')) : undefined),
    permalink: (m) =>
      `https://www.instagram.com/${m.productType === 'REELS' ? 'reel' : m.productType === 'STORY' ? 'stories/_' : 'p'}/${m.shortcode}/`,
    shortcode: (m) => m.shortcode,
    timestamp: (m) => fbTime(m.timestamp),
    like_count: (m) => (m.isChild || m.productType === 'STORY' ? undefined : m.likeCount),
    comments_count: (m) => (m.isChild || m.productType === 'STORY' ? undefined : m.commentsCount),
    username: (m, _n, ctx) => ctx.world.igAccounts.get(m.igId)?.username,
    owner: (m, n) => select({ id: m.igId }, n.children, 'IGUser'),
    is_comment_enabled: () => true,
    is_shared_to_feed: (m) => (m.productType === 'REELS' ? true : undefined),
    children: (m, n, ctx) => {
      if (!m.childIds) return undefined;
      const kids = m.childIds.map((id) => ctx.world.media.get(id)).filter((x): x is IgMedia => !!x);
      return connection(
        ctx,
        kids,
        (k) => k.id,
        n,
        (k, c) => render(mediaDef, k, c, ctx),
        `${m.id}/children`,
      );
    },
    comments: (m, n, ctx) =>
      connection(
        ctx,
        ctx.world.commentsFor(m.id),
        (c) => c.id,
        n,
        (c, ch) => render(igCommentDef, c, ch, ctx),
        `${m.id}/comments`,
      ),
  },
};

/** Container status per Meta: EXPIRED, ERROR, FINISHED, IN_PROGRESS, PUBLISHED. */
export function containerStatus(
  c: Container,
  now: number,
): 'EXPIRED' | 'ERROR' | 'FINISHED' | 'IN_PROGRESS' | 'PUBLISHED' {
  if (c.publishedMediaId) return 'PUBLISHED';
  if (c.error) return 'ERROR';
  if (now - c.createdAt >= 24 * 3_600_000) return 'EXPIRED';
  return now >= c.readyAt ? 'FINISHED' : 'IN_PROGRESS';
}

/** IG container node. */
export const containerDef: NodeDef<Container> = {
  type: 'ShadowIGMediaBuilder',
  defaults: ['id'],
  fields: {
    id: (c) => c.id,
    status_code: (c, _n, ctx) => containerStatus(c, ctx.now),
    status: (c, _n, ctx) =>
      ({
        EXPIRED: 'Expired: The container was not published within 24 hours.',
        ERROR: 'Error: Media upload has failed with error code 2207026',
        FINISHED: 'Finished: Media has been uploaded and it is ready to be published.',
        IN_PROGRESS: 'In Progress: Media is still being processed.',
        PUBLISHED: 'Published: Media has been published.',
      })[containerStatus(c, ctx.now)],
    copyright_check_status: () => ({ status: 'completed', matches_found: false }),
  },
};

// ---- Messaging ---------------------------------------------------------------------------------------------------

/** Only the 20 most recent messages of a conversation can be read (Conversations API limitation). */
export const MESSAGE_DETAIL_LIMIT = 20;

function participant(conv: Conversation, ctx: Ctx, side: 'page' | 'customer'): Record<string, string> {
  const page = ctx.world.pages.get(conv.pageId) as Page;
  if (conv.platform === 'instagram') {
    const ig = page.igId ? ctx.world.igAccounts.get(page.igId) : undefined;
    return side === 'page'
      ? { username: ig?.username ?? page.name, id: ig?.id ?? page.id }
      : { username: conv.customer.username, id: conv.customer.id };
  }
  return side === 'page'
    ? { name: page.name, email: `${page.id}@facebook.com`, id: page.id }
    : { name: conv.customer.name, email: `${conv.customer.id}@facebook.com`, id: conv.customer.id };
}

function attachmentJson(m: Message, ctx: Ctx): Record<string, unknown> | undefined {
  const a = m.attachment;
  if (!a) return undefined;
  const id = `${m.id.slice(-10)}`;
  if (a.type === 'video') {
    return {
      data: [
        {
          id,
          mime_type: 'video/webm',
          name: `video-${id}.webm`,
          size: 77000,
          video_data: {
            width: 320,
            height: 320,
            length: 3,
            url: cdn(ctx, `/cdn/att/${a.key}.webm`),
            preview_url: cdn(ctx, `/cdn/att/${a.key}_thumb.jpg`),
          },
        },
      ],
    };
  }
  return {
    data: [
      {
        id,
        mime_type: 'image/jpeg',
        name: `image-${id}.jpg`,
        size: 20000,
        image_data: {
          width: 640,
          height: 640,
          max_width: 640,
          max_height: 640,
          url: cdn(ctx, `/cdn/att/${a.key}.jpg`),
          preview_url: `${cdn(ctx, `/cdn/att/${a.key}.jpg`)}&w=160`,
          render_as_sticker: false,
        },
      },
    ],
  };
}

/** Renders a message inside its conversation. */
export function messageDef(conv: Conversation): NodeDef<Message> {
  return {
    type: 'Message',
    defaults: ['created_time', 'id'],
    fields: {
      id: (m) => m.id,
      created_time: (m) => fbTime(m.createdTime),
      message: (m) => m.text,
      from: (m, n, ctx) =>
        select(participant(conv, ctx, m.fromPage ? 'page' : 'customer'), n.children, 'User'),
      to: (m, n, ctx) =>
        select({ data: [participant(conv, ctx, m.fromPage ? 'customer' : 'page')] }, n.children, 'User'),
      attachments: (m, n, ctx) => select(attachmentJson(m, ctx), n.children, 'MessageAttachment'),
      tags: (m) => ({ data: [{ name: m.fromPage ? 'source:web' : 'inbox' }, { name: 'read' }] }),
      is_unsupported: () => false,
      sticker: () => undefined,
      shares: () => undefined,
      reactions: () => undefined,
    },
  };
}

/** The readable (20 newest) messages, newest first. */
export function readableMessages(conv: Conversation): Message[] {
  return conv.messages.slice(-MESSAGE_DETAIL_LIMIT).reverse();
}

/** Conversation node. */
export const conversationDef: NodeDef<Conversation> = {
  type: 'UnifiedThread',
  defaults: ['id', 'updated_time'],
  fields: {
    id: (c) => c.id,
    updated_time: (c) => fbTime(c.updatedTime),
    snippet: (c) => {
      const last = c.messages[c.messages.length - 1];
      if (!last) return '';
      return last.text
        ? last.text.slice(0, 100)
        : last.attachment
          ? `${last.fromPage ? 'You' : c.customer.name.split(' ')[0]} sent a photo.`
          : '';
    },
    unread_count: (c) => c.unreadCount,
    message_count: (c) => c.messages.length,
    participants: (c, n, ctx) =>
      select({ data: [participant(c, ctx, 'customer'), participant(c, ctx, 'page')] }, n.children, 'User'),
    senders: (c, n, ctx) =>
      select({ data: [participant(c, ctx, 'customer'), participant(c, ctx, 'page')] }, n.children, 'User'),
    can_reply: (c) => !c.customer.unavailable,
    is_subscribed: () => true,
    link: (c) => `/${c.pageId}/inbox/${c.id}`,
    name: () => '',
    messages: (c, n, ctx) => {
      const def = messageDef(c);
      return connection(
        ctx,
        readableMessages(c),
        (m) => m.id,
        n,
        (m, ch) => render(def, m, ch, ctx),
        `${c.id}/messages`,
      );
    },
  },
};
