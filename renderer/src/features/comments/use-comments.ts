// The Comments view's live reads: a list (filter, window), the replies of the shown threads, the posts and media they
// are on, one post's comments, the search, and the unread count for the tab.
import { useLiveQuery } from 'dexie-react-hooks';
import { type CommentRow, type DuetDb, type MediaRow, type PostRow } from '../../data/db';
import {
  type CommentList,
  listComments,
  postComments,
  repliesOf,
  searchComments,
} from '../../data/repos/comments';
import { postsAndMediaByIds } from '../../data/repos/content';

/** A top-level comment with its replies (oldest first). */
export interface Thread {
  comment: CommentRow;
  replies: CommentRow[];
}

/** The filters of the view (`unread` is the tab's count, not a filter). */
export type CommentFilter = Exclude<CommentList, 'unread'>;

/** The newest `limit` threads of a list, with their replies (undefined while the query runs). */
export function useCommentThreads(
  db: DuetDb,
  accountId: string,
  filter: CommentFilter,
  limit: number,
): Thread[] | undefined {
  return useLiveQuery(async () => {
    const top = await listComments(db, accountId, filter, limit);
    const replies = await repliesOf(
      db,
      top.map((c) => c.id),
    );
    return top.map((comment) => ({ comment, replies: replies.get(comment.id) ?? [] }));
  }, [db, accountId, filter, limit]);
}

/** The threads of one post or medium, newest first (undefined while the query runs). */
export function usePostThreads(db: DuetDb, postId: string): Thread[] | undefined {
  return useLiveQuery(async () => {
    const rows = await postComments(db, postId);
    const tops = rows.filter((r) => r.parentId === undefined).reverse();
    return tops.map((comment) => ({ comment, replies: rows.filter((r) => r.parentId === comment.id) }));
  }, [db, postId]);
}

/** The posts / media the threads are on, by store id. */
export function usePostsOf(db: DuetDb, postIds: string[]): Map<string, PostRow | MediaRow> {
  const key = [...new Set(postIds)].sort().join(',');
  return useLiveQuery(() => postsAndMediaByIds(db, key ? key.split(',') : []), [db, key], new Map());
}

/** Comments matching `query`, newest first, as threads of their own (replies shown flat). */
export function useCommentSearch(db: DuetDb, accountId: string, query: string): Thread[] | undefined {
  return useLiveQuery(
    async () =>
      query
        ? (await searchComments(db, accountId, query, 50)).map((comment) => ({ comment, replies: [] }))
        : [],
    [db, accountId, query],
  );
}
