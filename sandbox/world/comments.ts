/**
 * What the sandbox knows about comments beyond the seeded list on each post or media item: replies (a reply is a
 * comment whose parent is a comment), moderation (hidden, deleted), the Page's likes, private replies, whether an
 * IG media item takes comments, and a ledger of every accepted write so tests can check each happened exactly once.
 * Kept per World (a reset starts afresh) and drawn from its own random stream, so the seeded ids and texts of the
 * rest of the world never move.
 */
import { Rng, hash32 } from '../rng.js';
import { personNames, texts } from '../texts.js';
import { PRIVATE_REPLY_WINDOW_MS } from '../../shared/comment-rules';
import { type Comment, type World } from '../world.js';

/** One accepted comment write (the control API serves the list as `GET /__sandbox/comment-writes`). */
export interface CommentWrite {
  kind: 'reply' | 'hide' | 'unhide' | 'delete' | 'like' | 'unlike' | 'private-reply' | 'comments-off';
  /** The comment (or, for `reply` on a post / media and `comments-off`, the object) written to. */
  target: string;
  /** The comment created by a reply, or the message id of a private reply. */
  created?: string;
  text?: string;
  at: number;
}

/** Moderation and engagement state of one comment. */
export interface CommentFlags {
  hidden: boolean;
  pageLiked: boolean;
  privateReply?: { conversationId: string; messageId: string; at: number };
}

/** Private replies: one message per comment, within 7 days of it (the one rule, in shared/comment-rules.ts). */
export { PRIVATE_REPLY_WINDOW_MS };

const PAGE_REPLIES = ['Thank you so much! 💛', 'We’ll DM you the details.', 'So glad you like it!'];

/** The comment state of a world. */
export class CommentState {
  readonly writes: CommentWrite[] = [];
  readonly flags = new Map<string, CommentFlags>();
  /** IG media ids whose comments were turned off (`comment_enabled=false`). */
  readonly commentsOff = new Set<string>();
  /** Own stream for everything new (reply ids, live comments): the world's stream is never advanced from here. */
  readonly rng: Rng;

  constructor(private readonly w: World) {
    this.rng = new Rng(hash32(`${w.seed}:comments`) ^ 0x0c0331e7);
  }

  flagsOf(id: string): CommentFlags {
    let f = this.flags.get(id);
    if (!f) this.flags.set(id, (f = { hidden: false, pageLiked: false }));
    return f;
  }

  /** True for a comment on an IG media item (or a reply to one). */
  isInstagram(c: Comment): boolean {
    return this.w.media.has(this.rootOf(c));
  }

  /** The post or media id a comment (or a reply) belongs to. */
  rootOf(c: Comment): string {
    let parent = c.parentId;
    for (let i = 0; i < 4; i++) {
      const up = this.w.findComment(parent);
      if (!up) break;
      parent = up.parentId;
    }
    return parent;
  }

  /** The parent comment of a reply (undefined for a top-level comment). */
  parentOf(c: Comment): Comment | undefined {
    return this.w.findComment(c.parentId);
  }

  /** The Page a comment's post or media belongs to. */
  pageIdOf(c: Comment): string | undefined {
    const root = this.rootOf(c);
    const media = this.w.media.get(root);
    if (media) return this.w.igAccounts.get(media.igId)?.pageId;
    return this.w.posts.get(root)?.pageId;
  }

  /** True when the Page (or its IG account) wrote the comment. */
  isOwn(c: Comment): boolean {
    const pageId = this.pageIdOf(c);
    const page = pageId ? this.w.pages.get(pageId) : undefined;
    return !!page && (c.fromId === page.id || c.fromId === page.igId);
  }

  /** Replies of a comment, oldest first (seeded lazily, see `seedReplies`). */
  repliesOf(c: Comment): Comment[] {
    return this.w.commentsFor(c.id);
  }

  /** Adds a reply or a top-level comment with an id from this state's own stream. */
  add(objectId: string, fromId: string, fromName: string, message: string, now: number): Comment {
    const list = this.w.commentsFor(objectId);
    const parent = this.w.findComment(objectId);
    const ig = this.w.media.has(objectId) || (parent !== undefined && this.isInstagram(parent));
    const root = parent ? this.rootOf(parent) : objectId;
    const c: Comment = {
      id: ig ? `179${this.rng.digits(14)}` : `${root.split('_')[1] ?? root}_${this.rng.digits(16)}`,
      parentId: objectId,
      fromId,
      fromName,
      message,
      createdTime: now,
      likeCount: 0,
    };
    list.push(c);
    // IG comments_count counts replies too ("Includes replies on comments", IG Media reference).
    const media = this.w.media.get(root);
    if (media) media.commentsCount += 1;
    return c;
  }

  /** Removes a comment (and its replies) from its list; true when it existed. */
  remove(c: Comment): boolean {
    const list = this.w.commentsFor(c.parentId);
    const i = list.indexOf(c);
    if (i < 0) return false;
    list.splice(i, 1);
    const media = this.w.media.get(this.rootOf(c));
    if (media) media.commentsCount = Math.max(0, media.commentsCount - 1 - this.repliesOf(c).length);
    return true;
  }

  /** One comment from a person on a recent post or media item (live mode and the control API). */
  addFromPerson(objectId: string, now: number, text?: string): Comment {
    const name = this.rng.pick(personNames);
    const ig = this.w.media.has(objectId);
    return this.add(
      objectId,
      ig ? `${this.rng.int(1, 9)}${this.rng.digits(16)}` : this.rng.digits(16),
      ig ? name.toLowerCase().replace(/[^a-z]+/g, '_') : name,
      text ?? texts.comment(this.rng),
      now,
    );
  }
}

const states = new WeakMap<World, CommentState>();

/** The comment state of `w` (created on first use). */
export function commentState(w: World): CommentState {
  let s = states.get(w);
  if (!s) states.set(w, (s = new CommentState(w)));
  return s;
}

/**
 * Seeded replies of a Facebook comment: about one comment in three has the Page's answer under it, so "unanswered"
 * has both kinds to show. Drawn from a stream of its own per comment; Instagram comments get none (their media's
 * comments_count, which counts replies, stays as seeded).
 */
export function seedReplies(w: World, comment: Comment): Comment[] {
  const rng = new Rng(hash32(`${w.seed}:replies:${comment.id}`));
  const post = w.posts.get(comment.parentId);
  if (!post || !rng.chance(0.35)) return [];
  const page = w.pages.get(post.pageId);
  if (!page) return [];
  return [
    {
      id: `${post.id.split('_')[1] ?? post.id}_${rng.digits(16)}`,
      parentId: comment.id,
      fromId: page.id,
      fromName: page.name,
      message: rng.pick(PAGE_REPLIES),
      createdTime: comment.createdTime + rng.int(5, 300) * 60_000,
      likeCount: rng.int(0, 3),
    },
  ];
}

/** Live mode: a new comment from a person on one of the newest posts or media items of a Page. */
export function liveComment(w: World, pageId: string, tick: number, now: number): void {
  const s = commentState(w);
  const page = w.pages.get(pageId);
  if (!page) return;
  const ig = page.igId && tick % 2 === 1 ? w.mediaByIg.get(page.igId) : undefined;
  const list = ig ?? w.postsByPage.get(pageId) ?? [];
  const target = list[s.rng.int(0, Math.min(4, Math.max(0, list.length - 1)))];
  if (target) s.addFromPerson(target.id, now);
}
