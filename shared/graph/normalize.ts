// Normalizers: Graph API responses → shared domain models. A malformed item is dropped and counted, never thrown;
// even a `raw` that is null, a string or a number yields an empty page.
import {
  makeId,
  mediaKey,
  type Account,
  type Conversation,
  type IgChild,
  type IgMedia,
  type MediaRef,
  type Message,
  type MessageAttachment,
  type MessagingPlatform,
  type Paging,
  type Participant,
  type Post,
  type PostAttachment,
  type Story,
} from '../models';
import {
  GraphAttachment,
  GraphConversation,
  GraphIgChild,
  GraphIgMedia,
  GraphList,
  GraphMessage,
  GraphMessageAttachment,
  GraphPageAccount,
  GraphParticipant,
  GraphPost,
  type GraphPageAccount as GraphPageAccountT,
} from './schemas';
import { isPlausibleTime, toEpochMs } from '../time';

/** A normalized page: the good items, how many were dropped, and the cursor to the next (older) page. */
export interface Normalized<T> {
  items: T[];
  skipped: number;
  paging: Paging;
}

/** Stories vanish upstream 24 h after they were posted (IG stories reference). */
export const STORY_LIFETIME_MS = 24 * 60 * 60 * 1000;

export { toEpochMs };

/** Splits any raw value into list items and paging; non-lists become an empty page. */
function listOf(raw: unknown): { data: unknown[]; paging: Paging } {
  const parsed = GraphList.safeParse(raw);
  if (!parsed.success) return { data: [], paging: { hasMore: false } };
  const p = parsed.data.paging;
  const paging: Paging = { hasMore: !!p?.next };
  // A page can come back short or even empty with `next` still present; keep paging while Meta says there is more.
  if (p?.cursors?.after && p.next) paging.after = p.cursors.after;
  else if (p?.next) {
    const after = afterFromUrl(p.next);
    if (after) paging.after = after;
  }
  return { data: parsed.data.data, paging };
}

function afterFromUrl(url: string): string | undefined {
  const m = /[?&]after=([^&#]+)/.exec(url);
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return undefined;
  }
}

/** Normalizes each item of a list on its own: a null answer or a throw drops the item and counts it. */
export function mapItems<T>(raw: unknown, one: (item: unknown) => T | null): Normalized<T> {
  const { data, paging } = listOf(raw);
  const items: T[] = [];
  let skipped = 0;
  for (const item of data) {
    let out: T | null;
    try {
      out = one(item);
    } catch {
      out = null;
    }
    if (out) items.push(out);
    else skipped++;
  }
  return { items, skipped, paging };
}

/** A media reference with its stable key, or undefined without a URL. */
export function ref(
  accountId: string,
  objectId: string,
  field: string,
  url: string | undefined,
  extra: Partial<MediaRef> = {},
): MediaRef | undefined {
  if (!url) return undefined;
  return { key: mediaKey(accountId, objectId, field), url, kind: 'image', ...extra };
}

function attachmentType(a: GraphAttachment): PostAttachment['type'] {
  const t = `${a.media_type ?? ''} ${a.type ?? ''}`.toLowerCase();
  if (t.includes('album')) return 'album';
  if (t.includes('video')) return 'video';
  if (t.includes('photo') || t.includes('image')) return 'photo';
  if (t.includes('link') || t.includes('share')) return 'link';
  return 'other';
}

function normalizeAttachment(
  accountId: string,
  postId: string,
  raw: unknown,
  path: string,
): PostAttachment | null {
  const p = GraphAttachment.safeParse(raw);
  if (!p.success) return null;
  const a = p.data;
  const out: PostAttachment = { type: attachmentType(a) };
  if (a.url) out.url = a.url;
  if (a.title) out.title = a.title;
  if (a.description) out.description = a.description;
  const img = a.media?.image;
  if (img)
    out.image = ref(accountId, postId, `attachment:${path}`, img.src, {
      width: img.width,
      height: img.height,
    });
  const subs = a.subattachments?.data;
  if (subs?.length) {
    out.children = subs
      .map((s, j) => normalizeAttachment(accountId, postId, s, `${path}.${j}`))
      .filter((c): c is PostAttachment => c !== null);
  }
  return out;
}

/** `/{page-id}/feed` → posts. `accountId` is the Page id; posts by anyone else are visitor posts. */
export function normalizePosts(raw: unknown, accountId: string): Normalized<Post> {
  return mapItems(raw, (item) => {
    const p = GraphPost.safeParse(item);
    if (!p.success) return null;
    const g = p.data;
    const createdTime = toEpochMs(g.created_time);
    // An unreadable or impossible time (see shared/time.ts) drops the item: it could be neither sorted nor shown.
    if (!isPlausibleTime(createdTime)) return null;
    const updated = g.updated_time !== undefined ? toEpochMs(g.updated_time) : createdTime;
    const post: Post = {
      id: makeId('fb', g.id),
      nativeId: g.id,
      accountId,
      createdTime,
      updatedTime: isPlausibleTime(updated) ? updated : createdTime,
      isVisitorPost: !!g.from && g.from.id !== accountId,
      attachments: (g.attachments?.data ?? [])
        .map((a, i) => normalizeAttachment(accountId, g.id, a, String(i)))
        .filter((a): a is PostAttachment => a !== null),
      reactions: g.reactions?.summary?.total_count ?? 0,
      comments: g.comments?.summary?.total_count ?? 0,
      shares: g.shares?.count ?? 0,
    };
    if (g.message !== undefined) post.message = g.message;
    // A post with only a `story` ("X updated their cover photo.") and no `message` is valid.
    if (g.story !== undefined) post.story = g.story;
    if (g.permalink_url) post.permalinkUrl = g.permalink_url;
    if (g.status_type) post.statusType = g.status_type;
    if (g.from)
      post.from = g.from.name !== undefined ? { id: g.from.id, name: g.from.name } : { id: g.from.id };
    const picture = ref(accountId, g.id, 'full_picture', g.full_picture);
    if (picture) post.picture = picture;
    return post;
  });
}

const PRODUCT_TYPES = ['FEED', 'REELS', 'STORY', 'AD'] as const;

function igMediaOf(
  accountId: string,
  g: GraphIgMedia,
  fallbackProduct: IgMedia['productType'],
): IgMedia | null {
  const timestamp = toEpochMs(g.timestamp);
  if (!isPlausibleTime(timestamp)) return null;
  const productType = (PRODUCT_TYPES as readonly string[]).includes(g.media_product_type ?? '')
    ? (g.media_product_type as IgMedia['productType'])
    : fallbackProduct;
  const children: IgChild[] = [];
  for (const c of g.children?.data ?? []) {
    const p = GraphIgChild.safeParse(c);
    if (!p.success) continue;
    const child: IgChild = { nativeId: p.data.id, mediaType: p.data.media_type };
    const media = ref(accountId, p.data.id, 'media_url', p.data.media_url, {
      kind: p.data.media_type === 'VIDEO' ? 'video' : 'image',
    });
    if (media) child.media = media;
    const thumb = ref(accountId, p.data.id, 'thumbnail_url', p.data.thumbnail_url);
    if (thumb) child.thumbnail = thumb;
    children.push(child);
  }
  const out: IgMedia = {
    id: makeId('ig', g.id),
    nativeId: g.id,
    accountId,
    mediaType: g.media_type,
    productType,
    timestamp,
    children,
  };
  if (g.caption !== undefined) out.caption = g.caption;
  if (g.permalink) out.permalink = g.permalink;
  if (g.like_count !== undefined) out.likeCount = g.like_count;
  if (g.comments_count !== undefined) out.commentsCount = g.comments_count;
  if (g.is_comment_enabled !== undefined) out.commentsEnabled = g.is_comment_enabled;
  const media = ref(accountId, g.id, 'media_url', g.media_url, {
    kind: g.media_type === 'VIDEO' ? 'video' : 'image',
  });
  if (media) out.media = media;
  const thumb = ref(accountId, g.id, 'thumbnail_url', g.thumbnail_url);
  if (thumb) out.thumbnail = thumb;
  return out;
}

/** `/{ig-user-id}/media` → IG media (carousel children included). `accountId` is the Page id the IG account is linked to. */
export function normalizeMedia(raw: unknown, accountId: string): Normalized<IgMedia> {
  return mapItems(raw, (item) => {
    const p = GraphIgMedia.safeParse(item);
    return p.success ? igMediaOf(accountId, p.data, 'FEED') : null;
  });
}

/** `/{ig-user-id}/stories` → stories, each expiring 24 h after its timestamp upstream. */
export function normalizeStories(raw: unknown, accountId: string): Normalized<Story> {
  return mapItems(raw, (item) => {
    const p = GraphIgMedia.safeParse(item);
    if (!p.success) return null;
    const m = igMediaOf(accountId, p.data, 'STORY');
    return m ? { ...m, productType: 'STORY', expiresAt: m.timestamp + STORY_LIFETIME_MS } : null;
  });
}

function participantOf(raw: unknown): Participant | null {
  const p = GraphParticipant.safeParse(raw);
  if (!p.success) return null;
  const out: Participant = { id: p.data.id };
  if (p.data.name !== undefined) out.name = p.data.name;
  // Instagram participants carry `username`, not `name`.
  if (p.data.username !== undefined) out.username = p.data.username;
  return out;
}

/**
 * `/{page-id}/conversations?platform=` → conversations. `selfIds` are the Page id and the IG account id; the
 * customer is the participant who is neither.
 */
export function normalizeConversations(
  raw: unknown,
  accountId: string,
  platform: MessagingPlatform,
  selfIds: readonly string[],
): Normalized<Conversation> {
  return mapItems(raw, (item) => {
    const p = GraphConversation.safeParse(item);
    if (!p.success) return null;
    const g = p.data;
    const updatedTime = toEpochMs(g.updated_time);
    if (!isPlausibleTime(updatedTime)) return null;
    const participants = g.participants.data.map(participantOf).filter((x): x is Participant => x !== null);
    const customer = participants.find((x) => !selfIds.includes(x.id));
    if (!customer) return null;
    const out: Conversation = {
      id: makeId(platform, g.id),
      nativeId: g.id,
      accountId,
      platform,
      updatedTime,
      unreadCount: g.unread_count ?? 0,
      participants,
      customer,
    };
    if (g.snippet !== undefined) out.snippet = g.snippet;
    if (g.message_count !== undefined) out.messageCount = g.message_count;
    if (g.can_reply !== undefined) out.canReply = g.can_reply;
    return out;
  });
}

function messageAttachmentOf(
  accountId: string,
  messageId: string,
  raw: unknown,
  i: number,
): MessageAttachment | null {
  const p = GraphMessageAttachment.safeParse(raw);
  if (!p.success) return null;
  const a = p.data;
  const field = `attachment:${i}`;
  const base: Partial<MessageAttachment> = {};
  if (a.name) base.name = a.name;
  if (a.mime_type) base.mimeType = a.mime_type;
  if (a.size !== undefined) base.size = a.size;
  if (a.image_data) {
    const media = ref(accountId, messageId, field, a.image_data.url, {
      width: a.image_data.width,
      height: a.image_data.height,
    });
    return { kind: 'image', ...base, url: a.image_data.url, ...(media ? { media } : {}) };
  }
  if (a.video_data) {
    const media = ref(accountId, messageId, field, a.video_data.url, { kind: 'video' });
    return { kind: 'video', ...base, url: a.video_data.url, ...(media ? { media } : {}) };
  }
  if (a.file_url) {
    const kind = a.mime_type?.startsWith('audio/') ? 'audio' : 'file';
    return { kind, ...base, url: a.file_url };
  }
  return { kind: 'other', ...base };
}

/** `/{conversation-id}/messages` → messages; `fromPage` when the sender is the Page or its IG account. */
export function normalizeMessages(
  raw: unknown,
  accountId: string,
  platform: MessagingPlatform,
  conversationNativeId: string,
  selfIds: readonly string[],
): Normalized<Message> {
  return mapItems(raw, (item) => {
    const p = GraphMessage.safeParse(item);
    if (!p.success) return null;
    const g = p.data;
    const createdTime = toEpochMs(g.created_time);
    if (!isPlausibleTime(createdTime)) return null;
    const from = participantOf(g.from);
    if (!from) return null;
    const out: Message = {
      id: makeId(platform, g.id),
      nativeId: g.id,
      conversationId: makeId(platform, conversationNativeId),
      accountId,
      platform,
      createdTime,
      from,
      attachments: (g.attachments?.data ?? [])
        .map((a, i) => messageAttachmentOf(accountId, g.id, a, i))
        .filter((a): a is MessageAttachment => a !== null),
      fromPage: selfIds.includes(from.id),
    };
    if (g.message !== undefined && g.message !== '') out.text = g.message;
    return out;
  });
}

/** One Page (from `/me/accounts` or `/{page-id}`) → Account; null when malformed. */
export function normalizeAccount(raw: unknown): Account | null {
  const p = GraphPageAccount.safeParse(raw);
  if (!p.success) return null;
  return accountOf(p.data);
}

function accountOf(g: GraphPageAccountT): Account {
  const out: Account = { id: g.id, name: g.name, tasks: g.tasks ?? [] };
  if (g.category) out.category = g.category;
  const pic = ref(g.id, g.id, 'picture', g.picture?.data?.url);
  if (pic) out.picture = pic;
  const ig = g.instagram_business_account;
  if (ig) {
    out.instagram = { id: ig.id, username: ig.username };
    if (ig.name !== undefined) out.instagram.name = ig.name;
    const ipic = ref(g.id, ig.id, 'profile_picture_url', ig.profile_picture_url);
    if (ipic) out.instagram.profilePicture = ipic;
    if (ig.followers_count !== undefined) out.instagram.followersCount = ig.followers_count;
    if (ig.media_count !== undefined) out.instagram.mediaCount = ig.media_count;
  }
  return out;
}

/** `/me/accounts` → accounts (Pages with their linked IG account). Page tokens are read separately, never here. */
export function normalizeAccounts(raw: unknown): Normalized<Account> {
  return mapItems(raw, normalizeAccount);
}

/** Reads the Page tokens of a `/me/accounts` page: Page id → token. Host-side only; tokens never reach a model. */
export function pageTokensOf(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of listOf(raw).data) {
    const p = GraphPageAccount.safeParse(item);
    if (p.success && p.data.access_token) out[p.data.id] = p.data.access_token;
  }
  return out;
}
