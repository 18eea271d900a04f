// The Facebook column: a virtualized list of post cards read through a growing live window (use-feed.ts) (never the
// whole table), filling from the top while the backfill continues. New posts never move what the user is reading:
// when scrolled down, the scroll position is shifted by the height of what was inserted above and a pill says so.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useContext, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { type Account } from '../../../../shared/models';
import { type Bridge } from '../../bridge';
import { AppContext } from '../../app/context';
import { type DuetDb } from '../../data/db';
import { type SyncStatus } from '../../data/sync/types';
import { NewPostButton } from '../publish/NewPostButton';
import { ColumnHeader, columnSyncOf } from '../../ui/ColumnHeader';
import { ArrowUpIcon } from '../../ui/content-icons';
import { FacebookMark } from '../../ui/icons';
import { useMarkFirstPaint } from '../../ui/first-paint';
import { useNow } from '../../ui/use-now';
import { useHeadlines } from '../insights/use-headlines';
import { MissingPermission } from '../privacy/MissingPermission';
import { useStreamAccess } from '../privacy/use-permissions';
import { PostCard } from './PostCard';
import { useFeed } from './use-feed';
import './feed.css';
import { staleReasonOf } from '../../ui/sync-text';

/** Rows loaded per window step: the live query reads at most this many more as the user nears the end. */
export const FEED_WINDOW_STEP = 40;
const ESTIMATE = 380;
const GAP = 12;
const PAD = 12;

/** Props of the feed column (the shell passes the open store and the engine's status). */
export interface FeedColumnProps {
  account: Account;
  db: DuetDb;
  status?: SyncStatus | null;
  bridge?: Bridge;
  onCollapse?: () => void;
  expanded?: boolean;
  onExpand?: () => void;
}

/** The Facebook feed column. */
export function FeedColumn(props: FeedColumnProps) {
  const { account, db, status, onCollapse, expanded, onExpand } = props;
  const app = useContext(AppContext);
  const bridge = props.bridge ?? app!.bridge;
  const now = useNow();
  const [limit, setLimit] = useState(FEED_WINDOW_STEP);
  // The previous window stays while a grown one loads (no flash of emptiness).
  const { rows, stored } = useFeed(db, account.id, limit);
  const headlines = useHeadlines(db, account.id);
  useMarkFirstPaint(rows !== undefined);

  const online = status?.online ?? true;
  const streamSync = columnSyncOf(status?.streams.feed, stored, online, staleReasonOf(status, 'active'));
  // A revoked read permission is said once, in words with Grant again, above the posts already saved (never blanked).
  const access = useStreamAccess('facebook-feed', streamSync.error);
  // While refused, nothing is syncing: the header says when it last did.
  const sync = { ...streamSync, error: access.error, syncing: streamSync.syncing && !access.blocked };

  const scrollRef = useRef<HTMLDivElement>(null);
  // No React Compiler in this build: the virtualizer's functions are read fresh on every render.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows?.length ?? 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATE,
    getItemKey: (i) => rows?.[i]?.id ?? i,
    overscan: 3,
    gap: GAP,
    paddingStart: PAD,
    paddingEnd: PAD,
  });
  const items = virtualizer.getVirtualItems();

  // Grow the window when the user nears its end (and more rows may exist).
  const lastIndex = items.at(-1)?.index ?? 0;
  const rowCount = rows?.length ?? 0;
  useEffect(() => {
    if (rowCount >= limit && lastIndex >= rowCount - 8)
      setLimit((l) => Math.max(l, rowCount + FEED_WINDOW_STEP));
  }, [lastIndex, rowCount, limit]);

  // Scroll anchoring for posts arriving at the top.
  const topId = useRef<string | undefined>(undefined);
  const [newCount, setNewCount] = useState(0);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    const first = rows?.[0]?.id;
    const prevTop = topId.current;
    topId.current = first;
    if (!el || !rows || !prevTop || first === prevTop) return;
    const idx = rows.findIndex((r) => r.id === prevTop);
    if (idx <= 0) return;
    if (el.scrollTop > 4) {
      const start = virtualizer.measurementsCache[idx]?.start ?? PAD + idx * (ESTIMATE + GAP);
      el.scrollTop += start - PAD;
      setNewCount((c) => c + idx);
    }
  }, [rows, virtualizer]);
  const onScroll = () => {
    if (newCount && (scrollRef.current?.scrollTop ?? 0) < 40) setNewCount(0);
  };

  const mark = <FacebookMark size={22} />;
  const header = (
    <ColumnHeader
      mark={mark}
      title="Facebook"
      subtitle={account.name}
      sync={sync}
      noun={['post', 'posts']}
      streamLabel="feed"
      onCollapse={onCollapse}
      expanded={expanded}
      onExpand={onExpand}
      action={<NewPostButton where="Facebook feed" />}
      testId="feed"
    />
  );

  let body;
  if (!rows) {
    body = <FeedSkeleton />;
  } else if (rows.length === 0) {
    body = access.blocked ? (
      <div className="column-empty" data-testid="feed-empty">
        <p>Duet has not saved any posts of {account.name} yet.</p>
      </div>
    ) : sync.syncing ? (
      <FeedSkeleton />
    ) : (
      <div className="column-empty" data-testid="feed-empty">
        <h3>{sync.error ? 'The feed could not be loaded' : 'No posts yet'}</h3>
        <p>
          {sync.error
            ? `${sync.error} Duet will try again by itself.`
            : online
              ? `${account.name} has not published anything Duet can show.`
              : 'You are offline and Duet has not saved any posts for this Page yet.'}
        </p>
      </div>
    );
  } else {
    body = (
      <div className="feed-list" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((vi) => {
          const post = rows[vi.index]!;
          return (
            <div
              key={vi.key}
              className="feed-row"
              data-index={vi.index}
              ref={virtualizer.measureElement}
              style={{ transform: `translateY(${vi.start}px)` }}
            >
              <PostCard
                post={post}
                account={account}
                bridge={bridge}
                now={now}
                headline={headlines?.get(post.nativeId)}
              />
            </div>
          );
        })}
      </div>
    );
  }

  return (
    <div className="content-column feed-column" data-testid="feed-column">
      {header}
      {access.blocked && <MissingPermission feature="facebook-feed" refused={access.refused} compact />}
      <div className="column-scroll" ref={scrollRef} onScroll={onScroll} data-testid="feed-scroll">
        {body}
      </div>
      {newCount > 0 && (
        <button
          className="new-pill"
          data-testid="feed-new-pill"
          onClick={() => {
            scrollRef.current?.scrollTo({ top: 0, behavior: 'smooth' });
            setNewCount(0);
          }}
        >
          <ArrowUpIcon size={14} /> {newCount} new {newCount === 1 ? 'post' : 'posts'}
        </button>
      )}
    </div>
  );
}

function FeedSkeleton() {
  return (
    <div className="feed-skeleton" aria-busy="true" aria-label="Loading posts">
      {[0, 1, 2].map((i) => (
        <div className="post-card" key={i}>
          <div className="post-head">
            <span className="skeleton skel-avatar" />
            <span className="skel-lines">
              <span className="skeleton skel-line" />
              <span className="skeleton skel-line skel-short" />
            </span>
          </div>
          <span className="skeleton skel-block" />
        </div>
      ))}
    </div>
  );
}
