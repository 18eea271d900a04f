// The local store: one Dexie database holding everything the user has seen, so Duet opens instantly and reads
// offline. Every view query has an index here, and nothing else is indexed (every index is written with every row
// and stored on disk); views read through useLiveQuery over indexed ranges only.
// Schema changes: add a new `this.version(n)` block (never edit an old one) and a test that opens data written by
// version n-1 (see db.migrations.test.ts).
import Dexie, { type EntityTable } from 'dexie';
import type { CommentAction } from '../../../shared/bridge/calls/comments';
import { type FbVideoAs, type PublishKind, type PublishNetwork } from '../../../shared/publish/rules';
import {
  type Comment,
  type Conversation,
  type IgMedia,
  type Message,
  type Post,
  type Story,
} from '../../../shared/models';
import {
  moveDailyRowsToTheirDay,
  type InsightLatestRow,
  type InsightRow,
  type InsightsStatusRow,
} from './repos/insights-rows';

/** A post as stored: the normalized post plus local bookkeeping. */
export interface PostRow extends Post {
  /** Set when the post vanished from the newest upstream pages (deleted or hidden upstream). */
  goneAt?: number;
  /** When this row was last written by sync. */
  syncedAt: number;
}

/** An Instagram media item as stored. */
export interface MediaRow extends IgMedia {
  goneAt?: number;
  syncedAt: number;
}

/** A story as stored; kept after it expires upstream (Duet keeps the user's own story archive). */
export interface StoryRow extends Story {
  syncedAt: number;
}

/** A conversation as stored. `unread` is 0/1 so it can be part of a compound index. */
export interface ConversationRow extends Conversation {
  unread: 0 | 1;
  /** Last message from the customer (epoch ms): the 24 h reply window runs from here. */
  lastCustomerMessageAt?: number;
  /** updated_time of the conversation when we last fetched its messages. */
  messagesSyncedFor?: number;
  /**
   * That fetch may have missed a message: it began within the second of updated_time (which has second resolution,
   * so a message later in that second leaves it unchanged), or when Meta's clock was unknown. The next poll page
   * that lists the conversation fetches it again (`needsMessages` in repos/inbox.ts).
   */
  messagesUnsettled?: true;
  /** Local read marker: messages up to this time have been seen in Duet. */
  readUpTo?: number;
}

/** Delivery state of a message written in Duet (absent for messages that came from Meta). */
export type OutboxState = 'queued' | 'sending' | 'sent' | 'failed' | 'unknown' | 'unconfirmed';

/** A message as stored. Optimistic replies have id `local:<clientId>` until Meta's id is adopted. */
export interface MessageRow extends Message {
  /** Lower-cased words of the text, multiEntry-indexed for offline full-text search. */
  words: string[];
  clientId?: string;
  state?: OutboxState;
  error?: string;
}

/** One queued reply. Written together with its optimistic message in one strict-durability transaction. */
export interface OutboxRow {
  clientId: string;
  accountId: string;
  platform: Message['platform'];
  conversationId: string;
  conversationNativeId: string;
  recipientId: string;
  text: string;
  tag?: 'HUMAN_AGENT';
  state: OutboxState;
  /** Monotonic per database: order of sending within a conversation. */
  seq: number;
  createdAt: number;
  /** When the last attempt went out, local clock (reconciliation looks for Page messages after this). */
  attemptAt?: number;
  /**
   * The earliest `created_time` (Meta's clock) a delivery of the last attempt can carry: attemptAt converted with
   * the host's reading of Meta's clock, minus its tolerance. Set when the clock is known; the poller's adoption uses it.
   */
  matchFrom?: number;
  attempts: number;
  nextAttemptAt: number;
  messageId?: string;
  error?: string;
}

/**
 * A comment as stored (every comment Duet has seen is kept). `lists` holds one index key per list of the Comments
 * view the comment is in — only top-level comments are listed, their replies are shown under them — as
 * `${accountId}|${list}|${time}` (list: all, fb, ig, unanswered, hidden, unread; time zero-padded), so one
 * multiEntry index serves every filter newest first (repos/comments.ts builds and reads them).
 */
export interface CommentRow extends Comment {
  lists: string[];
  /** Lower-cased words of the text, multiEntry-indexed for offline search. */
  words: string[];
  /** Set when the comment was missing from a later full read of its thread (deleted or removed upstream). */
  goneAt?: number;
  /** Marked done in Duet (local only): it leaves Unanswered. */
  doneAt?: number;
  /** First stored by polling (not by the first backfill): counts as unread until the Comments view shows it. */
  unread?: true;
  syncedAt: number;
}

/** What a comment action is doing: waiting, on its way, maybe applied (looked up before anything else), or ended. */
export type CommentActionState = 'queued' | 'sending' | 'unconfirmed' | 'done' | 'failed';

/** One queued write on a comment (data/comment-actions/queue.ts): durable, applied once, in order per lane. */
export interface CommentActionRow {
  clientId: string;
  accountId: string;
  platform: 'fb' | 'ig';
  /** Store ids: the comment acted on (absent for a reply to the post and comments on/off) and its post. */
  commentId?: string;
  postId: string;
  postNativeId: string;
  commentNativeId?: string;
  /** The serial lane: the comment's store id, else the post's. */
  lane: string;
  /** Order within the lane (creation time, ties broken by a counter). */
  seq: number;
  action: CommentAction;
  state: CommentActionState;
  createdAt: number;
  attempts: number;
  nextAttemptAt: number;
  /** When it was first sent (local clock): the lookup's floor. */
  attemptAt?: number;
  /** Meta's reason for the failure, or why it is not confirmed yet. */
  reason?: string;
  code?: string;
  /** The reply's id, or the private reply's message id. */
  createdId?: string;
  conversationId?: string;
  doneAt?: number;
}

/** The comment count of a post or medium when its comments were last read (`id` = the post's / medium's store id). */
export interface CommentMarkRow {
  id: string;
  accountId: string;
  count: number;
  fetchedAt: number;
}

/** Per-stream sync bookkeeping (`${accountId}|${stream}`). */
export interface SyncStateRow {
  key: string;
  accountId: string;
  stream: string;
  /** Cursor of the next older page still to backfill; absent when backfill is complete. */
  backfillAfter?: string;
  backfillDone: boolean;
  itemCount: number;
  lastSyncedAt?: number;
  lastError?: string;
  /** Malformed upstream items skipped so far on this stream. */
  skipped: number;
  /** Message streams: skipped items of each conversation's newest page, by conversation id (sums to `skipped`). */
  skippedBy?: Record<string, number>;
}

export type { PublishKind, PublishNetwork };

/** One attached picture or video, as the composer measured it; its bytes are in `publishBlobs` under the same id. */
export interface PublishMediaItem {
  id: string;
  name: string;
  mime: string;
  kind: 'image' | 'video';
  bytes: number;
  width?: number;
  height?: number;
  durationMs?: number;
  /** Alternative text (Instagram images). */
  altText?: string;
}

/** A post as the user wrote it (the targets hold each network's progress). Strict writes only. */
export interface PublishPostRow {
  id: string;
  /** The Page (the queue's lane, and the feed/gallery rows' account). */
  accountId: string;
  /** The Page's Instagram account, when the post goes there. */
  igAccountId?: string;
  kind: PublishKind;
  caption: string;
  /** A caption for one network instead of the shared one. */
  overrides: Partial<Record<PublishNetwork, string>>;
  link?: string;
  /** In the order they are published. */
  media: PublishMediaItem[];
  /** When it should go live (epoch ms); absent: now. */
  scheduleAt?: number;
  /**
   * A video on Facebook: a plain Page video or a reel (resolved by rules.ts fbVideoAsFor when the post is written;
   * reels count toward Meta's 30 a day).
   */
  fbVideoAs?: FbVideoAs;
  /** 1 while it is a draft (saved as the user types, nothing is sent). */
  draft: 0 | 1;
  createdAt: number;
  updatedAt: number;
}

/** The bytes of an attached file, kept until every target of its post is done with it. */
export interface PublishBlobRow {
  id: string;
  postId: string;
  blob: Blob;
}

/**
 * A target's progress (publish/states.ts has the table): draft → queued → uploading → processing (container or
 * video id known) → ready → publishing → published | failed | unconfirmed; `scheduled` once Facebook accepted a
 * native schedule.
 */
export type PublishTargetState =
  | 'draft'
  | 'queued'
  | 'uploading'
  | 'processing'
  | 'ready'
  | 'publishing'
  | 'scheduled'
  | 'published'
  | 'failed'
  | 'unconfirmed';

/** One network of a post: its own state, ids and errors. Strict writes only. */
export interface PublishTargetRow {
  /** `${postId}|${network}` */
  id: string;
  postId: string;
  accountId: string;
  network: PublishNetwork;
  state: PublishTargetState;
  /** Monotonic per database: the order targets were queued in. */
  seq: number;
  /** `native`: Facebook publishes at `scheduleAt`; `local`: Duet publishes when due. */
  scheduleMode?: 'native' | 'local';
  attempts: number;
  nextAttemptAt: number;
  /** Container (IG) or video/upload id (FB): written before it is polled. */
  containerId?: string;
  /** When the container was made (local clock): Meta expires it after 24 h. */
  preparedAt?: number;
  /** How many times the container's status was read. */
  polls?: number;
  /** Reconciliation looks that could not decide (it waits for the user after a few). */
  checks?: number;
  /** When the publish call went out (local clock), and its floor in Meta's time for reconciliation. */
  attemptAt?: number;
  matchFrom?: number;
  /** Ids on the account's newest page just before the attempt: none of them can be this post. */
  preIds?: string[];
  /** The live post/media id: written before the permalink is fetched. */
  mediaId?: string;
  permalink?: string;
  /** 1 while published but the permalink and the feed/gallery row are still to be fetched (indexed: sparse). */
  linkPending?: 1;
  /** A local schedule fired after its time because Duet was not running (ms late). */
  lateByMs?: number;
  publishedAt?: number;
  error?: string;
  /** Queued, waiting for a daily limit to free up (at `nextAttemptAt`) rather than calling Meta. */
  heldFor?: 'ig-containers' | 'fb-reels' | 'ig-daily-limit';
}

/** What a usage row counts against: an Instagram container made, or a Facebook reel published. */
export type PublishUsageKind = 'ig-container' | 'fb-reel';

/**
 * One thing Duet spent against a rolling-24 h limit of Meta's (repos/publish-usage.ts): a container it made (or may
 * have made: the answer was lost) or a reel it published (or may have). Pruned once older than the window.
 */
export interface PublishUsageRow {
  id: string;
  /** The Instagram account (containers) or the Page (reels) the limit belongs to. */
  accountId: string;
  kind: PublishUsageKind;
  /** When it was spent (local clock). */
  at: number;
  /** The target that spent it. */
  targetId: string;
}

/** Small key-value facts (e.g. which user's data this database holds). */
export interface MetaRow {
  key: string;
  value: unknown;
}

/**
 * How durably a write transaction commits. Relaxed by default (Chromium's default): synced rows can always be fetched
 * again, and a relaxed commit does not wait for the disk, so sync writes do not hold up the views' reads. Strict (the
 * commit waits until the data is on disk) only where a repository asks for it with `strictTransaction`: every outbox
 * write, because a reply the user wrote must survive a crash right after Enter and `sending` must be on disk before
 * the request goes out. Sync's message ingest, which deletes entries whose delivery it adopted, stays relaxed on
 * purpose: after a crash such an entry comes back as `unknown` and is reconciled against the thread again.
 */
export type Durability = 'strict' | 'relaxed';

/** Dexie's zone (PSD): its properties follow the transaction's promises, so the middleware sees what was asked. */
interface DurabilityZone {
  duetDurability?: Durability;
}
const zones = Dexie.Promise as unknown as {
  PSD: DurabilityZone;
  newPSD<T>(fn: () => T, props: DurabilityZone): T;
};

/** The tables a transaction spans (Dexie tables, or their names). */
type TransactionTables = ReadonlyArray<{ name: string } | string>;
const names = (tables: TransactionTables) => tables.map((t) => (typeof t === 'string' ? t : t.name));

/** A read-write transaction whose commit waits until the data is on disk (the outbox's writes). */
export function strictTransaction<T>(
  db: Dexie,
  tables: TransactionTables,
  scope: () => Promise<T>,
): Promise<T> {
  return zones.newPSD(() => db.transaction('rw', names(tables), scope), { duetDurability: 'strict' });
}

/** A read-write transaction with a relaxed commit (everything sync can fetch again). */
export function relaxedTransaction<T>(
  db: Dexie,
  tables: TransactionTables,
  scope: () => Promise<T>,
): Promise<T> {
  return zones.newPSD(() => db.transaction('rw', names(tables), scope), { duetDurability: 'relaxed' });
}

/** The Duet database. */
export class DuetDb extends Dexie {
  posts!: EntityTable<PostRow, 'id'>;
  media!: EntityTable<MediaRow, 'id'>;
  stories!: EntityTable<StoryRow, 'id'>;
  conversations!: EntityTable<ConversationRow, 'id'>;
  messages!: EntityTable<MessageRow, 'id'>;
  outbox!: EntityTable<OutboxRow, 'clientId'>;
  syncState!: EntityTable<SyncStateRow, 'key'>;
  meta!: EntityTable<MetaRow, 'key'>;
  publishPosts!: EntityTable<PublishPostRow, 'id'>;
  publishTargets!: EntityTable<PublishTargetRow, 'id'>;
  publishBlobs!: EntityTable<PublishBlobRow, 'id'>;
  comments!: EntityTable<CommentRow, 'id'>;
  commentMarks!: EntityTable<CommentMarkRow, 'id'>;
  insights!: EntityTable<InsightRow, 'key'>;
  insightsLatest!: EntityTable<InsightLatestRow, 'key'>;
  insightsStatus!: EntityTable<InsightsStatusRow, 'accountId'>;
  commentActions!: EntityTable<CommentActionRow, 'clientId'>;
  publishUsage!: EntityTable<PublishUsageRow, 'id'>;

  constructor(name = 'duet') {
    // Relaxed unless a repository asked for strict (see `strictTransaction`).
    super(name, { chromeTransactionDurability: 'relaxed' });
    this.use({
      stack: 'dbcore',
      name: 'duet-durability',
      create: (down) => ({
        ...down,
        transaction: (stores, mode, options) =>
          down.transaction(stores, mode, {
            ...options,
            durability: mode === 'readwrite' ? (zones.PSD.duetDurability ?? 'relaxed') : 'relaxed',
          }),
      }),
    });
    this.version(1).stores({
      posts: 'id, [accountId+createdTime], [accountId+updatedTime]',
      media: 'id, [accountId+timestamp]',
      stories: 'id, [accountId+timestamp], expiresAt',
      conversations:
        'id, [accountId+updatedTime], [accountId+platform+updatedTime], [accountId+unread+updatedTime], nativeId',
      messages: 'id, [conversationId+createdTime], nativeId, clientId, *words',
      outbox: 'clientId, [conversationId+seq], state, nextAttemptAt',
      syncState: 'key, accountId',
      meta: 'key',
    });
    // v2: indexes no query reads are dropped (each cost an index entry on every write and disk space for every
    // row): posts [accountId+updatedTime], conversations nativeId, messages nativeId and clientId, outbox
    // nextAttemptAt. Only indexes change, so the rows stay as they are (no upgrade function).
    this.version(2).stores({
      posts: 'id, [accountId+createdTime]',
      conversations:
        'id, [accountId+updatedTime], [accountId+platform+updatedTime], [accountId+unread+updatedTime]',
      messages: 'id, [conversationId+createdTime], *words',
      outbox: 'clientId, [conversationId+seq], state',
    });
    // v3: the publish queue (repos/publish.ts). New tables only: older rows are untouched.
    this.version(3).stores({
      publishPosts: 'id, updatedAt',
      publishTargets: 'id, postId, state, linkPending, mediaId',
      publishBlobs: 'id, postId',
    });
    // v4: comments (the Comments view's lists, one post's comments, a thread's replies, search) and the comment
    // count of each post / medium at its last read (sync fetches a thread only when its count moved). New tables
    // only: nothing stored before changes.
    this.version(4).stores({
      comments: 'id, *lists, [postId+createdTime], parentId, *words',
      commentMarks: 'id',
    });
    // v5: insights snapshots (repos/insights.ts). One row per object × metric × breakdown × day or hour; the one
    // index is what every chart reads (an object's metric over a time range). `insightsLatest` holds each item's
    // newest lifetime value, so the per-post table reads one account range; `insightsStatus` one row per account.
    this.version(5).stores({
      insights: 'key, [objectId+metric+breakdown+endTime]',
      insightsLatest: 'key, accountId',
      insightsStatus: 'accountId',
    });
    // v7: the comment action queue (repos/comment-actions.ts): work by state, a lane's rows by lane. New table only.
    this.version(7).stores({
      commentActions: 'clientId, state, lane',
    });
    // v8: daily insights rows stored under Meta's raw end_time (read as the day after the one they describe) move
    // to their own day (repos/insights-rows.ts moveDailyRowsToTheirDay). No schema change.
    this.version(8)
      .stores({})
      .upgrade((tx) => moveDailyRowsToTheirDay(tx.table('insights')));
    // v9: comments by the conversation their private reply opened (a conversation in the inbox links back to its
    // comment). Only an index is added; IndexedDB fills it from the stored rows (those without one are not in it).
    this.version(9).stores({
      comments: 'id, *lists, [postId+createdTime], parentId, *words, privateReply.conversationId',
    });
    // v10: what Duet spent against Meta's rolling-24 h publishing limits (repos/publish-usage.ts): an account's
    // spending of one kind in a time range (the meters, the rules), and everything older than a time (pruning).
    // New table only.
    this.version(10).stores({
      publishUsage: 'id, [accountId+kind+at], at',
    });
  }
}

export { wordsOf } from './words';
