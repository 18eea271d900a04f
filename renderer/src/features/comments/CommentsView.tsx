// The Comments view: every stored comment of the Page's posts and the Instagram account's media, newest first,
// both networks merged (filters: All / Facebook / Instagram / Unanswered / Hidden), each with its replies under it,
// read from the local store (offline too), with offline search. Opening the view marks its comments read.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type Account } from '../../../../shared/models';
import { useApp } from '../../app/context';
import { type DuetDb } from '../../data/db';
import { markCommentsRead } from '../../data/repos/comments';
import { type SyncStatus } from '../../data/sync/types';
import { ErrorBoundary } from '../../ui/ErrorBoundary';
import { useMarkFirstPaint } from '../../ui/first-paint';
import { useMetaNow } from '../../ui/use-now';
import { CommentActions } from './CommentActions';
import { CommentList } from './CommentList';
import { MissingPermission } from '../privacy/MissingPermission';
import { RefusalNotice } from './RefusalNotice';
import { commentNotifierFor } from './notifier';
import {
  type CommentFilter,
  type Thread,
  useCommentSearch,
  useCommentThreads,
  usePostsOf,
} from './use-comments';
import './comments.css';

const LIST_PAGE = 60;

const FILTERS: Array<{ id: CommentFilter; label: string; ig?: true }> = [
  { id: 'all', label: 'All' },
  { id: 'fb', label: 'Facebook' },
  { id: 'ig', label: 'Instagram', ig: true },
  { id: 'unanswered', label: 'Unanswered' },
  { id: 'hidden', label: 'Hidden' },
];

const EMPTY: Record<CommentFilter, string> = {
  all: 'No comments yet. New comments on your posts appear here.',
  fb: 'No comments on your Facebook posts yet.',
  ig: 'No comments on your Instagram posts yet.',
  unanswered: 'Nothing left to answer. Every comment has a reply, or is marked done.',
  hidden: 'No hidden comments.',
};

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** The Comments view of one account. */
export function CommentsView(props: {
  db: DuetDb;
  account: Account;
  status?: SyncStatus | null | undefined;
}) {
  const { db, account, status } = props;
  const { bridge } = useApp();
  const now = useMetaNow();
  const [filter, setFilter] = useState<CommentFilter>('all');
  const [limit, setLimit] = useState(LIST_PAGE);
  // The active thread is a comment, not a position: a new comment arriving on top (or the list changing between
  // search and filters) must not move the keys' target onto a neighbour.
  const [activeId, setActiveId] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const q = useDebounced(query.trim(), 150);
  const threads = useCommentThreads(db, account.id, filter, limit);
  const found = useCommentSearch(db, account.id, q);
  const shown: Thread[] | undefined = q ? found : threads;
  const posts = usePostsOf(
    db,
    (shown ?? []).map((t) => t.comment.postId),
  );
  useMarkFirstPaint(threads !== undefined);
  const stream = status?.streams.comments;
  const searchRef = useRef<HTMLInputElement>(null);

  // While the view is on screen it lists new comments itself: no desktop notification for them then.
  useEffect(() => {
    const n = commentNotifierFor(bridge);
    n.setCommentsShown(true);
    return () => n.setCommentsShown(false);
  }, [bridge]);

  // Shown = seen: the tab's unread count clears while the view is open (new ones clear as they arrive).
  const unreadShown = threads?.some((t) => t.comment.unread);
  useEffect(() => {
    if (unreadShown) void markCommentsRead(db, account.id);
  }, [db, account.id, unreadShown]);

  const onEndReached = useCallback(() => {
    setLimit((l) => (threads && threads.length >= l ? l + LIST_PAGE : l));
  }, [threads]);
  const actionsOf = useMemo(
    () => (t: Thread) => <CommentActions db={db} thread={t} now={now} account={account} />,
    [db, now, account],
  );

  return (
    <div className="comments-view">
      <header className="comments-head">
        <h2 className="comments-title">Comments</h2>
        <label className="comments-search">
          <input
            ref={searchRef}
            type="search"
            placeholder="Search comments"
            aria-label="Search comments"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setQuery('');
            }}
          />
        </label>
        {!q && (
          <div className="comments-filters" role="tablist" aria-label="Filter comments">
            {FILTERS.filter((f) => !f.ig || account.instagram).map((f) => (
              <button
                key={f.id}
                role="tab"
                aria-selected={filter === f.id}
                className="comments-chip"
                onClick={() => {
                  setFilter(f.id);
                  setActiveId(null);
                  setLimit(LIST_PAGE);
                }}
              >
                {f.label}
              </button>
            ))}
          </div>
        )}
        {stream && !stream.backfillDone && (
          <span className="comments-sync" role="status">
            Syncing comments… {stream.itemCount.toLocaleString()}
          </span>
        )}
      </header>
      {stream?.error && /permission/i.test(stream.error) && <RefusalNotice message={stream.error} />}
      {/* Reading works, acting does not: a write permission declined or revoked (each row's buttons say so too). */}
      <MissingPermission feature="facebook-comments-moderate" compact />
      {account.instagram && <MissingPermission feature="instagram-comments" compact />}
      {shown && shown.length === 0 ? (
        <p className="comments-empty" role="status">
          {q ? `No stored comment matches “${q}”.` : EMPTY[filter]}
        </p>
      ) : (
        <ErrorBoundary label="The comment list">
          <CommentList
            threads={shown ?? []}
            posts={posts}
            account={account}
            bridge={bridge}
            now={now}
            activeIndex={Math.max(
              0,
              (shown ?? []).findIndex((t) => t.comment.id === activeId),
            )}
            onActiveIndex={(i) => setActiveId(shown?.[i]?.comment.id ?? null)}
            onEndReached={onEndReached}
            actionsOf={actionsOf}
            label={q ? `Comments matching ${q}` : 'Comments, newest first'}
          />
        </ErrorBoundary>
      )}
    </div>
  );
}

export default CommentsView;
