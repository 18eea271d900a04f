/** The entities of the seeded world: users, Pages, IG accounts, posts, media, conversations, messages. */

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
  /** Natively scheduled (scheduled_publish_time), sandbox ms; the post goes live then. */
  scheduledAt?: number;
  /** Photos attached with attached_media (multi-photo posts): their ids, served from the CDN. */
  photoIds?: string[];
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
  /** The 2207xxx subcode of an ERROR container (status text). */
  errorSubcode?: number;
  /** `upload_type=resumable`: waits for its bytes at rupload before processing starts. */
  awaitingUpload?: boolean;
  /** The video media type a resumable upload must deliver (checked when the bytes arrive). */
  isVideo?: boolean;
  altText?: string;
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
/** Conversations with known properties, so tests and demos can find them. */
export interface Fixtures {
  insideWindow: string[];
  humanAgentOnly: string[];
  outsideWindow: string[];
  unavailable: string[];
}

/** Key of the per-Page, per-platform conversation index. */
export function convKey(pageId: string, platform: Platform): string {
  return `${pageId}|${platform}`;
}
