// What the publish queue needs from the network: the bridge implements it (./bridge-publisher.ts), the model test a
// fake that records what went live. Every call answers with a classified outcome, never by throwing.
import { type ClockHint } from '../../../../shared/delivery/match';
import { type IgMedia, type Post, type Story } from '../../../../shared/models';
import { type PublishMediaItem, type PublishPostRow, type PublishTargetRow } from '../db';

/** How a call went: its value, or why not (classified by the host exactly as the outbox's sends are). */
export type Outcome<T> =
  | { status: 'ok'; value: T }
  /** Nothing took effect; worth trying again (throttling, 5xx before sending, network down). */
  | {
      status: 'retryable';
      reason: string;
      retryAfterMs: number;
      /** Meta refused for Instagram's daily publishing limit: the target waits for it, it does not fail. */
      limit?: 'ig-daily' | undefined;
    }
  /** Meta refused it: the reason is in plain words. */
  | { status: 'permanent'; reason: string }
  /** Meta refused the token (190): nothing took effect; the queue pauses. */
  | { status: 'auth'; reason: string }
  /** It may have taken effect (dropped answer, timeout, an error Meta is known to send after success). */
  | { status: 'ambiguous'; reason: string };

/** One target's work: the post, the caption for its network, and the files in order. */
export interface PublishJob {
  post: PublishPostRow;
  target: PublishTargetRow;
  caption: string;
  media: Array<PublishMediaItem & { blob: Blob }>;
  /** Facebook publishes it at this time (a native schedule), or absent: now. */
  scheduleAt?: number;
}

/** Where Meta is with a prepared container or video. */
export type ContainerStatus =
  | { kind: 'in-progress' }
  /** Meta's answer cannot say whether the publish call acted yet (a Facebook video still processing). */
  | { kind: 'undecided' }
  | { kind: 'finished' }
  | { kind: 'published'; mediaId?: string }
  | { kind: 'error'; reason: string }
  | { kind: 'expired' };

/** A live post or media item as the feed/gallery store it, with its permalink. */
export interface PublishedItem {
  permalink?: string;
  post?: Post;
  media?: IgMedia;
  story?: Story;
}

/** The newest posts/media of the target's account, as reconciliation reads them. */
export interface RecentPage {
  items: Array<{ id: string; caption?: string | undefined; createdTime: number }>;
  hasMore: boolean;
  /** The host's reading of Meta's clock with this page. */
  clock?: ClockHint;
}

/** Where a natively scheduled post is. */
export type ScheduledState = 'pending' | 'live' | 'gone';

/** A natively scheduled Facebook post: the Page and the post's id. */
export interface ScheduledRef {
  accountId: string;
  postId: string;
}

/** What the user changes on a natively scheduled post (at least one of them). */
export interface ScheduledChange {
  message?: string;
  scheduledAt?: number;
}

/** A natively scheduled post read back: still pending (with what Facebook holds), live, or gone. */
export type ScheduledRead =
  | { state: 'pending'; message?: string | undefined; scheduledAt: number }
  | { state: 'live' }
  | { state: 'gone' };

/** The network side of publishing. */
export interface Publisher {
  /**
   * Uploads the files and creates what must exist before publishing (unpublished Page photos, a container, a video
   * upload). Never makes anything visible, so it is safe to repeat. `containerId` when there is something to poll.
   */
  prepare(job: PublishJob): Promise<Outcome<{ containerId?: string }>>;
  /** Reads a prepared container's / video's status. */
  status(job: PublishJob, containerId: string): Promise<Outcome<ContainerStatus>>;
  /**
   * True when `status` also says whether the publish call went live (an Instagram container, a staged Facebook
   * reel, a Facebook story's photo or video): reconciliation reads it instead of searching the newest posts.
   */
  statusTellsLive(job: PublishJob): boolean;
  /** The one call that makes the post live (or schedules it on Facebook). Never retried blindly. */
  publish(job: PublishJob): Promise<Outcome<{ mediaId: string }>>;
  /** The live item, for its permalink and the feed/gallery row. */
  fetchPublished(job: PublishJob, mediaId: string): Promise<Outcome<PublishedItem>>;
  /** The account's newest posts/media (or scheduled posts, for a native schedule) for reconciliation. */
  recent(job: PublishJob): Promise<Outcome<RecentPage>>;
  /** Whether a natively scheduled post has gone live. */
  scheduledState(job: PublishJob, mediaId: string): Promise<Outcome<ScheduledState>>;
  /** Changes a natively scheduled post's text and/or time. A lost answer is `ambiguous`: read it back. */
  updateScheduled(ref: ScheduledRef, change: ScheduledChange): Promise<Outcome<null>>;
  /** Deletes a natively scheduled post before it goes live. A lost answer is `ambiguous`: read it back. */
  cancelScheduled(ref: ScheduledRef): Promise<Outcome<null>>;
  /** Reads a natively scheduled post back (after an edit or a cancel whose answer was lost or refused). `at` is its
   *  time as Duet knows it: "gone" is only said while that is still ahead. */
  readScheduled(ref: ScheduledRef, at: number): Promise<Outcome<ScheduledRead>>;
}
