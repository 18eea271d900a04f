// Comments repository: every comment Duet has seen (kept after it is deleted upstream, marked gone), the comment
// count of each post / medium at its last read, and the Comments view's reads.
// Writes: one relaxed transaction per batch of fetched threads. Each thread's stored rows are read once (one
// [postId+createdTime] range), merged with the fetched ones, and each top-level comment's list keys recomputed:
// `unanswered` depends on the replies under it (shared/comment-rules.ts).
// Reads: the `lists` multiEntry index (`${accountId}|${list}|${time}`) serves every filter newest first with a limit.
import Dexie from 'dexie';
import { isUnanswered } from '../../../../shared/comment-rules';
import { type Comment } from '../../../../shared/models';
import { type CommentMarkRow, type CommentRow, type DuetDb, relaxedTransaction } from '../db';
import { searchTerms, wordsOf } from '../words';
import { getSyncState, nextSyncState } from './sync-state';
import { type CommentList, countComments, listKey, listRange } from './comment-lists';

export { type CommentList, countComments, listKey } from './comment-lists';

/** The lists a stored comment belongs to, given the replies stored under it. Replies are in none (shown threaded). */
export function listsOf(
  row: Omit<CommentRow, 'lists'>,
  replies: readonly Pick<Comment, 'parentId' | 'fromPage'>[],
) {
  if (row.parentId !== undefined) return [];
  const key = (l: CommentList) => listKey(row.accountId, l, row.createdTime);
  const out = [key('all'), key(row.platform)];
  if (row.hidden) out.push(key('hidden'));
  if (row.goneAt === undefined && isUnanswered(row, replies, row.doneAt !== undefined))
    out.push(key('unanswered'));
  if (row.unread && row.goneAt === undefined) out.push(key('unread'));
  return out;
}

/** One post's / medium's fetched comments (newest first or any order) and what the fetch covered. */
export interface ThreadWrite {
  /** Store id of the post or medium. */
  postId: string;
  items: Comment[];
  /** True when the fetch returned the whole thread (no older page): every stored comment it lacks is gone. */
  complete: boolean;
  /** The post's / medium's comment count the fetch answers (stored as its mark). */
  count: number;
}

const same = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Stores fetched threads in one transaction, with their marks. Returns the comments of people stored for the first
 * time (`unread` when `markUnread`: found by polling, not by the first backfill).
 */
export async function writeCommentThreads(
  db: DuetDb,
  accountId: string,
  threads: ThreadWrite[],
  opts: { now: number; markUnread: boolean },
): Promise<CommentRow[]> {
  const added: CommentRow[] = [];
  await relaxedTransaction(db, [db.comments, db.commentMarks], async () => {
    const puts: CommentRow[] = [];
    // Every thread's stored rows in one go: the reads are queued together instead of one round trip each.
    const storedOf = await Promise.all(
      threads.map((t) =>
        db.comments
          .where('[postId+createdTime]')
          .between([t.postId, Dexie.minKey], [t.postId, Dexie.maxKey])
          .toArray(),
      ),
    );
    for (const [ti, t] of threads.entries()) {
      const stored = storedOf[ti]!;
      const byId = new Map(stored.map((r) => [r.id, r]));
      const listed = new Set(t.items.map((c) => c.id));
      const times = t.items.map((c) => c.createdTime);
      const oldest = times.length ? Math.min(...times) : Infinity;
      const newest = times.length ? Math.max(...times) : -Infinity;
      // A read cut short covers only the time it reached: Facebook lists newest first (it reached back to `oldest`),
      // Instagram oldest first (it reached up to `newest`).
      const oldestFirst = t.postId.startsWith('ig:');
      const rows = new Map<string, CommentRow>();
      for (const r of stored) {
        // Missing from a read that covered its time: deleted (or removed) upstream. Kept, marked gone.
        const covered = t.complete || (oldestFirst ? r.createdTime <= newest : r.createdTime >= oldest);
        rows.set(
          r.id,
          !listed.has(r.id) && covered && r.goneAt === undefined ? { ...r, goneAt: opts.now } : r,
        );
      }
      for (const c of t.items) {
        const prev = byId.get(c.id);
        const row: CommentRow = {
          ...c,
          accountId,
          lists: [],
          words: wordsOf(c.text),
          syncedAt: opts.now,
        };
        // What Duet learnt locally survives a refresh: Instagram has no field for a sent private reply.
        const privateReply = c.privateReply ?? prev?.privateReply;
        if (privateReply) row.privateReply = privateReply;
        if (prev?.doneAt !== undefined) row.doneAt = prev.doneAt;
        if (prev ? prev.unread : opts.markUnread && !c.fromPage) row.unread = true;
        if (!prev && !c.fromPage) added.push(row);
        rows.set(c.id, row);
      }
      const all = [...rows.values()];
      for (const row of all) {
        const replies = row.parentId === undefined ? all.filter((r) => r.parentId === row.id) : [];
        const lists = listsOf(row, replies);
        const prev = byId.get(row.id);
        if (prev && prev === row && same(prev.lists, lists)) continue;
        if (prev && prev !== row && listed.has(row.id) && same(prev.lists, lists) && unchanged(prev, row))
          continue;
        puts.push({ ...row, lists });
      }
    }
    if (puts.length) await db.comments.bulkPut(puts);
    const marks: CommentMarkRow[] = threads.map((t) => ({
      id: t.postId,
      accountId,
      count: t.count,
      fetchedAt: opts.now,
    }));
    if (marks.length) await db.commentMarks.bulkPut(marks);
  });
  return added;
}

/** True when a refreshed row says the same as the stored one (its write can be skipped). */
function unchanged(a: CommentRow, b: CommentRow): boolean {
  const { syncedAt: _a, lists: _la, ...ra } = a;
  const { syncedAt: _b, lists: _lb, ...rb } = b;
  return JSON.stringify(ra) === JSON.stringify(rb);
}

/** Stored marks of posts / media (by store id; undefined where none). */
export function getCommentMarks(db: DuetDb, ids: string[]): Promise<(CommentMarkRow | undefined)[]> {
  return db.commentMarks.bulkGet(ids);
}

/** Stores marks without fetching (posts and media with no comments yet). */
export async function putCommentMarks(db: DuetDb, marks: CommentMarkRow[]): Promise<void> {
  if (marks.length) await relaxedTransaction(db, [db.commentMarks], () => db.commentMarks.bulkPut(marks));
}

/** The newest `limit` top-level comments of a list. */
export function listComments(
  db: DuetDb,
  accountId: string,
  list: Exclude<CommentList, 'unread'>,
  limit: number,
): Promise<CommentRow[]> {
  const [lo, hi] = listRange(accountId, list);
  return db.comments.where('lists').between(lo, hi).reverse().limit(limit).toArray();
}

/** The replies of these comments, oldest first, by parent id. */
export async function repliesOf(db: DuetDb, parentIds: string[]): Promise<Map<string, CommentRow[]>> {
  const out = new Map<string, CommentRow[]>();
  if (!parentIds.length) return out;
  const rows = await db.comments.where('parentId').anyOf(parentIds).toArray();
  rows.sort((a, b) => a.createdTime - b.createdTime);
  for (const r of rows) out.set(r.parentId!, [...(out.get(r.parentId!) ?? []), r]);
  return out;
}

/** Every stored comment of one post or medium (replies included), oldest first. */
export function postComments(db: DuetDb, postId: string): Promise<CommentRow[]> {
  return db.comments
    .where('[postId+createdTime]')
    .between([postId, Dexie.minKey], [postId, Dexie.maxKey])
    .toArray();
}

/** One comment. */
export function getComment(db: DuetDb, id: string): Promise<CommentRow | undefined> {
  return db.comments.get(id);
}

/** The comment whose private reply opened this conversation (native id, as Graph names it), if it is stored. */
export async function commentOfConversation(
  db: DuetDb,
  accountId: string,
  conversationNativeId: string,
): Promise<CommentRow | undefined> {
  const rows = await db.comments.where('privateReply.conversationId').equals(conversationNativeId).toArray();
  return rows.find((r) => r.accountId === accountId);
}

/** Rewrites rows with their list keys recomputed after a local change (done, read, an applied action). */
async function relist(db: DuetDb, ids: string[], change: (r: CommentRow) => CommentRow): Promise<void> {
  await relaxedTransaction(db, [db.comments], async () => {
    const rows = (await db.comments.bulkGet(ids)).filter((r): r is CommentRow => !!r);
    const replies = await repliesOf(
      db,
      rows.map((r) => r.id),
    );
    await db.comments.bulkPut(
      rows.map((r) => {
        const next = change(r);
        return { ...next, lists: listsOf(next, replies.get(r.id) ?? []) };
      }),
    );
  });
}

/** Marks a comment done (it leaves Unanswered; local only) or not done. */
export function setCommentDone(db: DuetDb, id: string, done: boolean, now: number): Promise<void> {
  return relist(db, [id], (r) => {
    const { doneAt: _d, ...rest } = r;
    return done ? { ...rest, doneAt: now } : rest;
  });
}

/** Clears the unread mark of every comment of an account (the Comments view was shown). */
export async function markCommentsRead(db: DuetDb, accountId: string): Promise<void> {
  const [lo, hi] = listRange(accountId, 'unread');
  const ids = await db.comments.where('lists').between(lo, hi).primaryKeys();
  if (!ids.length) return;
  await relist(db, ids, (r) => {
    const { unread: _u, ...rest } = r;
    return rest;
  });
}

/** Applies a local change to stored comments and recomputes their lists (the action queue's confirmed writes). */
export function updateComments(
  db: DuetDb,
  ids: string[],
  change: (r: CommentRow) => CommentRow,
): Promise<void> {
  return relist(db, ids, change);
}

/** Offline search over an account's stored comments: every term must start one of the comment's words. */
export async function searchComments(
  db: DuetDb,
  accountId: string,
  query: string,
  limit = 50,
): Promise<CommentRow[]> {
  const terms = searchTerms(query);
  if (!terms.length) return [];
  const probe = terms.reduce((a, b) => (b.length > a.length ? b : a));
  const matches = await db.comments
    .where('words')
    .startsWith(probe)
    .distinct()
    .filter((c) => c.accountId === accountId && terms.every((t) => c.words.some((w) => w.startsWith(t))))
    .limit(limit * 4)
    .toArray();
  matches.sort((a, b) => b.createdTime - a.createdTime);
  return matches.slice(0, limit);
}

/** Records the comments backfill as done with the number of comments stored; returns that number. */
export async function finishCommentBackfill(db: DuetDb, accountId: string, now: number): Promise<number> {
  const itemCount = await countComments(db, accountId, 'all');
  await relaxedTransaction(db, [db.syncState], async () => {
    const prev = await getSyncState(db, accountId, 'comments');
    const page = { skipped: 0, newest: true, backfill: { done: true }, now };
    await db.syncState.put(nextSyncState(prev, accountId, 'comments', page, itemCount));
  });
  return itemCount;
}
