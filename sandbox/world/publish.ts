/**
 * Publishing state of the sandbox world: what went live (the ledger the soak and e2e check exactly-once against),
 * scheduled Page posts, the Instagram containers created per day (400 a day), the configurable publishing quota
 * and account type. Its own RNG stream, so publishing never shifts the ids the seeded world hands out later.
 */
import { Rng } from '../rng.js';
import { DAY } from '../time.js';
import { type Post } from './types.js';

/** One thing that went live (or will, for a scheduled post: `at` in the future until then). */
export interface LiveEntry {
  /** `fb-post` (feed post, also photo/multi-photo, reel), `fb-story`, `ig-media` (feed, reel, carousel, story). */
  kind: 'fb-post' | 'fb-story' | 'ig-media';
  /** The post id or IG media id. */
  id: string;
  /** Page id or IG user id. */
  accountId: string;
  /** The container a media came from (IG). */
  containerId?: string;
  text?: string;
  /** IG: FEED | REELS | STORY; FB: status | link | photo | multi. */
  type: string;
  /** Sandbox ms it went (or goes) live. */
  at: number;
  /** IG carousels: the child media, in order, with their media_type (IMAGE | VIDEO). */
  children?: Array<{ id: string; mediaType: string }>;
}

/** A Facebook reel, story video or plain Page video on its way (start → bytes → finish → processing → live). */
export interface FbVideo {
  id: string;
  pageId: string;
  /** video_reels, video_stories or videos (plain video: chunked start / transfer / finish). */
  purpose: 'reel' | 'story' | 'video';
  /** Plain video: its upload session, announced size and the bytes received so far. */
  session?: { id: string; size: number; chunks: Buffer[]; received: number };
  state: 'awaiting-upload' | 'processing' | 'ready' | 'error';
  uploaded: boolean;
  /** From the uploaded bytes (mvhd); -1 when they were no video. */
  durationMs?: number;
  description?: string;
  /** When processing ends (sandbox ms). */
  readyAt?: number;
  /** A natively scheduled reel (`video_state=SCHEDULED`): when it goes live (sandbox ms). */
  publishAt?: number;
  postId?: string;
}

/** A Page story as `/{page}/stories` lists it (Page Stories API). */
export interface PageStoryEntry {
  postId: string;
  pageId: string;
  /** The unpublished photo or the video it was made from. */
  mediaId: string;
  mediaType: 'photo' | 'video';
  at: number;
}

/** Instagram account types: only Business accounts may publish stories.
 *  https://developers.facebook.com/documentation/instagram-platform/instagram-api-with-facebook-login */
export type IgAccountType = 'BUSINESS' | 'CREATOR';

/** Control-configurable publishing settings. */
export interface PublishConfig {
  /** content_publishing_limit `config.quota_total`: 50 per the media_publish reference (Meta's pages disagree;
   *  clients must read it). https://developers.facebook.com/documentation/instagram-platform/instagram-graph-api/reference/ig-user/media_publish */
  igQuotaTotal: number;
  /** Every seeded IG account is a Business account unless set here. */
  igAccountType: Record<string, IgAccountType>;
}

/** The publishing part of the world. */
export class PublishState {
  readonly rng: Rng;
  /** Everything that went live, in order of creation (scheduled posts carry their future time). */
  readonly ledger: LiveEntry[] = [];
  /** Container creation times per IG account (for the 400-a-day limit). */
  readonly containersMade = new Map<string, number[]>();
  readonly config: PublishConfig = { igQuotaTotal: 50, igAccountType: {} };
  /** Natively scheduled Page posts that have not gone live yet (kept out of the feed lists until then). */
  readonly scheduled: Post[] = [];
  /** Facebook reels by video id. */
  readonly videos = new Map<string, FbVideo>();
  /** Page stories, oldest first (they expire 24 h after they were posted). */
  readonly stories: PageStoryEntry[] = [];

  constructor(seed: number) {
    this.rng = new Rng(seed ^ 0x9b115);
  }

  /** A new numeric id of the given length from publishing's own stream. */
  newId(length: number): string {
    return this.rng.digits(length);
  }

  /** The account type of an IG account (Business by default). */
  accountType(igId: string): IgAccountType {
    return this.config.igAccountType[igId] ?? 'BUSINESS';
  }

  /** Records a live (or scheduled) item. */
  record(entry: LiveEntry): void {
    this.ledger.push(entry);
  }

  /** What has gone live by `now`. */
  liveBy(now: number): LiveEntry[] {
    return this.ledger.filter((e) => e.at <= now);
  }

  /**
   * Scheduled posts whose time has come go live: published, at their place in the Page's feed (newest first).
   * https://developers.facebook.com/docs/pages-api/posts (scheduled_publish_time: published at that time).
   */
  promoteDue(now: number, postsByPage: Map<string, Post[]>): void {
    for (let i = this.scheduled.length - 1; i >= 0; i--) {
      const p = this.scheduled[i] as Post;
      if ((p.scheduledAt ?? 0) > now) continue;
      this.scheduled.splice(i, 1);
      p.published = true;
      p.createdTime = p.updatedTime = p.scheduledAt ?? now;
      const list = postsByPage.get(p.pageId);
      if (!list) continue;
      const at = list.findIndex((x) => x.createdTime <= p.createdTime);
      list.splice(at < 0 ? list.length : at, 0, p);
    }
  }

  /** A scheduled post that is deleted before its time never goes live: it leaves the ledger. */
  forgetScheduled(postId: string, now: number): void {
    const i = this.ledger.findIndex((e) => e.id === postId && e.at > now);
    if (i >= 0) this.ledger.splice(i, 1);
    const j = this.scheduled.findIndex((p) => p.id === postId);
    if (j >= 0) this.scheduled.splice(j, 1);
  }

  /** Moves a scheduled post's ledger time (rescheduled). */
  reschedule(postId: string, at: number): void {
    const e = this.ledger.find((x) => x.id === postId);
    if (e) e.at = at;
  }

  /** Containers made by an IG account in the 24 h before `now`. */
  containersInDay(igId: string, now: number): number {
    const list = (this.containersMade.get(igId) ?? []).filter((t) => now - t < DAY);
    this.containersMade.set(igId, list);
    return list.length;
  }

  /** Records a container creation. */
  noteContainer(igId: string, now: number): void {
    const list = this.containersMade.get(igId) ?? [];
    list.push(now);
    this.containersMade.set(igId, list);
  }

  /** Reels that went live (or are processing to) for a Page in the 24 h before `now`. */
  reelsInDay(pageId: string, now: number): number {
    return this.ledger.filter(
      (e) => e.kind === 'fb-post' && e.type === 'reel' && e.accountId === pageId && now - e.at < DAY,
    ).length;
  }

  /** IG media published in the rolling 24 h before `now` (stories and carousels count one each). */
  igPublishedInDay(igId: string, now: number): number {
    return this.ledger.filter(
      (e) => e.kind === 'ig-media' && e.accountId === igId && now - e.at < DAY && e.at <= now,
    ).length;
  }
}
