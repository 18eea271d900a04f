// The keys of the Comments view's lists (the `lists` multiEntry index of the comments table) and their count: a
// module of its own so the shell's first download (the Comments tab's unread count) carries nothing else.
import { type DuetDb } from '../db';

/** The lists of the Comments view. `unread` feeds the tab's count; the others are its filters. */
export type CommentList = 'all' | 'fb' | 'ig' | 'unanswered' | 'hidden' | 'unread';

/** Width of the zero-padded time in list keys (epoch ms up to year 5138). */
const TIME_WIDTH = 14;

/** The index key of a comment in one list. */
export function listKey(accountId: string, list: CommentList, time: number): string {
  return `${accountId}|${list}|${String(Math.max(0, Math.floor(time))).padStart(TIME_WIDTH, '0')}`;
}

/** The key range of one list of an account. */
export function listRange(accountId: string, list: CommentList): [string, string] {
  return [`${accountId}|${list}|`, `${accountId}|${list}|\uffff`];
}

/** How many comments a list holds (the tab's unread count reads `unread`). */
export function countComments(db: DuetDb, accountId: string, list: CommentList): Promise<number> {
  const [lo, hi] = listRange(accountId, list);
  return db.comments.where('lists').between(lo, hi).count();
}
