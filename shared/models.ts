// Domain models shared by every side. Plain data, JSON-serializable, no tokens ever.
import { z } from 'zod';
import { isPlausibleTime } from './time';

/** An instant in epoch ms that Duet can show and sort by (the rule is `isPlausibleTime` in shared/time.ts). */
export const EpochMs = z.number().refine((ms) => isPlausibleTime(ms), 'not a plausible time');

/** The two networks; messaging uses `messenger` | `instagram` as Meta's `platform` parameter does. */
export const MessagingPlatform = z.enum(['messenger', 'instagram']);
export type MessagingPlatform = z.infer<typeof MessagingPlatform>;

export { makeId, parseId } from './store-id';

/**
 * A picture or video the media cache can serve. `key` is stable across syncs (CDN URLs expire and change);
 * `url` is the latest upstream URL known for it.
 */
export const MediaRef = z.object({
  key: z.string(),
  url: z.string(),
  width: z.number().optional(),
  height: z.number().optional(),
  kind: z.enum(['image', 'video']).default('image'),
});
export type MediaRef = z.infer<typeof MediaRef>;

/** The Instagram professional account linked to a Page. */
export const InstagramAccount = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string().optional(),
  profilePicture: MediaRef.optional(),
  followersCount: z.number().optional(),
  mediaCount: z.number().optional(),
});
export type InstagramAccount = z.infer<typeof InstagramAccount>;

/** One Page the signed-in user manages, with its linked Instagram account if any. `id` is the Page id. */
export const Account = z.object({
  id: z.string(),
  name: z.string(),
  picture: MediaRef.optional(),
  category: z.string().optional(),
  tasks: z.array(z.string()).default([]),
  instagram: InstagramAccount.optional(),
});
export type Account = z.infer<typeof Account>;

/** A Facebook post attachment (photo, album, video, link share). */
export interface PostAttachment {
  type: 'photo' | 'album' | 'video' | 'link' | 'other';
  url?: string | undefined;
  title?: string | undefined;
  description?: string | undefined;
  image?: MediaRef | undefined;
  children?: PostAttachment[] | undefined;
}
export const PostAttachment: z.ZodType<PostAttachment> = z.lazy(() =>
  z.object({
    type: z.enum(['photo', 'album', 'video', 'link', 'other']),
    url: z.string().optional(),
    title: z.string().optional(),
    description: z.string().optional(),
    image: MediaRef.optional(),
    children: z.array(PostAttachment).optional(),
  }),
);

/** A Facebook Page post, normalized. Times are epoch milliseconds. */
export const Post = z.object({
  id: z.string(),
  nativeId: z.string(),
  accountId: z.string(),
  message: z.string().optional(),
  story: z.string().optional(),
  createdTime: EpochMs,
  updatedTime: EpochMs,
  permalinkUrl: z.string().optional(),
  picture: MediaRef.optional(),
  statusType: z.string().optional(),
  from: z.object({ id: z.string(), name: z.string().optional() }).optional(),
  isVisitorPost: z.boolean(),
  attachments: z.array(PostAttachment),
  reactions: z.number(),
  comments: z.number(),
  shares: z.number(),
});
export type Post = z.infer<typeof Post>;

/** A child of an Instagram carousel. */
export const IgChild = z.object({
  nativeId: z.string(),
  mediaType: z.enum(['IMAGE', 'VIDEO']),
  media: MediaRef.optional(),
  thumbnail: MediaRef.optional(),
});
export type IgChild = z.infer<typeof IgChild>;

/** An Instagram media item (feed post, reel or story), normalized. */
export const IgMedia = z.object({
  id: z.string(),
  nativeId: z.string(),
  accountId: z.string(),
  mediaType: z.enum(['IMAGE', 'VIDEO', 'CAROUSEL_ALBUM']),
  productType: z.enum(['FEED', 'REELS', 'STORY', 'AD']).default('FEED'),
  caption: z.string().optional(),
  permalink: z.string().optional(),
  timestamp: EpochMs,
  likeCount: z.number().optional(),
  commentsCount: z.number().optional(),
  /** False when comments are turned off on it (Instagram's is_comment_enabled). */
  commentsEnabled: z.boolean().optional(),
  media: MediaRef.optional(),
  thumbnail: MediaRef.optional(),
  children: z.array(IgChild).default([]),
});
export type IgMedia = z.infer<typeof IgMedia>;

/** A story: an IgMedia that expires upstream 24 h after `timestamp`; Duet keeps it after that. */
export const Story = IgMedia.extend({ expiresAt: z.number().finite() });
export type Story = z.infer<typeof Story>;

/** A participant of a conversation (a customer or the Page / IG account itself). */
export const Participant = z.object({
  id: z.string(),
  name: z.string().optional(),
  username: z.string().optional(),
  picture: MediaRef.optional(),
});
export type Participant = z.infer<typeof Participant>;

/** A Messenger or Instagram Direct conversation, normalized. */
export const Conversation = z.object({
  id: z.string(),
  nativeId: z.string(),
  accountId: z.string(),
  platform: MessagingPlatform,
  updatedTime: EpochMs,
  snippet: z.string().optional(),
  unreadCount: z.number(),
  messageCount: z.number().optional(),
  participants: z.array(Participant),
  /** The customer (the participant who is not the Page / IG account). */
  customer: Participant,
  canReply: z.boolean().optional(),
});
export type Conversation = z.infer<typeof Conversation>;

/** A message attachment. */
export const MessageAttachment = z.object({
  kind: z.enum(['image', 'video', 'audio', 'file', 'other']),
  name: z.string().optional(),
  mimeType: z.string().optional(),
  url: z.string().optional(),
  media: MediaRef.optional(),
  size: z.number().optional(),
});
export type MessageAttachment = z.infer<typeof MessageAttachment>;

/** A message in a conversation, normalized. `fromPage` is true for messages the Page / IG account sent. */
export const Message = z.object({
  id: z.string(),
  nativeId: z.string(),
  conversationId: z.string(),
  accountId: z.string(),
  platform: MessagingPlatform,
  createdTime: EpochMs,
  from: Participant,
  text: z.string().optional(),
  attachments: z.array(MessageAttachment).default([]),
  fromPage: z.boolean(),
});
export type Message = z.infer<typeof Message>;

/** Paging info returned with every list call: an opaque cursor for the next (older) page. */
export const Paging = z.object({
  after: z.string().optional(),
  hasMore: z.boolean(),
});
export type Paging = z.infer<typeof Paging>;

/** A page of normalized items plus how many malformed upstream items were skipped. */
export function pageOf<T extends z.ZodTypeAny>(item: T) {
  return z.object({
    items: z.array(item),
    skipped: z.number().int().nonnegative(),
    paging: Paging,
    /** True when the upstream answered 304 Not Modified to our ETag: nothing changed since the last poll. */
    notModified: z.boolean().default(false),
  });
}
export type PageOf<T> = { items: T[]; skipped: number; paging: Paging; notModified: boolean };

/**
 * The stable media-cache key of a picture: which account's token can refresh it, which Graph object, which field
 * (`media_url`, `thumbnail_url`, `full_picture`, `picture`, `profile_picture_url`, `attachment:<n>`…).
 * CDN URLs expire; the key does not, so cached bytes stay addressable offline.
 */
export function mediaKey(accountId: string, objectId: string, field: string): string {
  return `${mediaKeyPrefix(accountId)}${objectId}:${field}`;
}

/** The start every media key of `accountId` shares: how the host finds one account's cached files. */
export function mediaKeyPrefix(accountId: string): string {
  return `${accountId}:`;
}

/** Parses a media key made by `mediaKey` (null when malformed). */
export function parseMediaKey(key: string): { accountId: string; objectId: string; field: string } | null {
  const m = /^([^:]+):([^:]+):(.+)$/.exec(key);
  return m ? { accountId: m[1]!, objectId: m[2]!, field: m[3]! } : null;
}

/** The network of a post, a medium or a comment: the prefix of their store ids (`fb:` / `ig:`). */
export const ContentPlatform = z.enum(['fb', 'ig']);
export type ContentPlatform = z.infer<typeof ContentPlatform>;

/**
 * A comment on a Page post or an Instagram medium, or a reply to one, normalized. `id` is `${platform}:${native}`;
 * `postId` is the store id of the post / medium it is on (so `fb:` ids point into posts, `ig:` ones into media);
 * `parentId` the store id of the comment it answers. The `can*` flags are what Meta allows for this comment (on
 * Instagram, which has no such fields, what its rules allow); `privateReply` is set once a private reply was sent.
 */
export const Comment = z.object({
  id: z.string(),
  nativeId: z.string(),
  accountId: z.string(),
  platform: ContentPlatform,
  postId: z.string(),
  parentId: z.string().optional(),
  author: z.object({
    id: z.string().optional(),
    name: z.string().optional(),
    username: z.string().optional(),
  }),
  /** True when the Page (or its Instagram account) wrote it. */
  fromPage: z.boolean(),
  text: z.string(),
  createdTime: EpochMs,
  likeCount: z.number().int().nonnegative(),
  replyCount: z.number().int().nonnegative().optional(),
  hidden: z.boolean(),
  /** The Page has liked it (Facebook only). */
  pageLiked: z.boolean().optional(),
  canReply: z.boolean(),
  canHide: z.boolean(),
  canRemove: z.boolean(),
  canLike: z.boolean(),
  canReplyPrivately: z.boolean(),
  privateReply: z.object({ conversationId: z.string().optional() }).optional(),
});
export type Comment = z.infer<typeof Comment>;
