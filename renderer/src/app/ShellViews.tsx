// What the shell's main area shows: the store's problem or progress while it is not ready, else the current view —
// Home (feed + gallery side by side), Inbox, Comments, Insights or Posts — each inside its own error boundary.
import { type Account } from '../../../shared/models';
import { type DuetDb } from '../data/db';
import { type SyncStatus } from '../data/sync/types';
import { FeedColumn } from '../features/feed/FeedColumn';
import { GalleryColumn } from '../features/gallery/GalleryColumn';
import { Suspense } from 'react';
import { OpenCommentsContext } from '../features/comments/open-comments';
import { ErrorBoundary } from '../ui/ErrorBoundary';
import { lazyView } from '../ui/lazy-view';
import { WarningIcon } from '../ui/icons';
import { SplitView } from '../ui/SplitView';
import { type View } from './ShellHeader';
import { type Collapsed } from './use-shell';
import { type LocalStore } from './use-local-store';

// The inbox is its own chunk (the app opens on Home), fetched as soon as the app starts: it is one click away.
const InboxView = lazyView(
  () => import('../features/inbox/InboxView').then((m) => ({ default: m.InboxView })),
  { prefetch: 'start' },
);

const PostsView = lazyView(() =>
  import('../features/publish/PostsView').then((m) => ({ default: m.PostsView })),
);
// The Comments view is its own chunk too, fetched once the app is idle after the first paint.
const CommentsView = lazyView(() => import('../features/comments/CommentsView'));
const PostComments = lazyView(() => import('../features/comments/PostComments'));
// Insights is its own chunk too (its charts and tables stay out of the first download), fetched when the app is idle.
const InsightsView = lazyView(() =>
  import('../features/insights/InsightsView').then((m) => ({ default: m.InsightsView })),
);

/** Home: the Facebook feed and the Instagram gallery side by side; either can be collapsed. */
function HomeView(props: {
  account: Account;
  db: DuetDb;
  status: SyncStatus | null | undefined;
  collapsed: Collapsed;
  setCollapsed: (c: Collapsed) => void;
  /** The post whose comments are open beside the columns (a card's or a tile's comment count was clicked). */
  commentsOf: string | null;
  setCommentsOf: (postId: string | null) => void;
}) {
  const { account, db, status, collapsed, setCollapsed, commentsOf, setCommentsOf } = props;
  return (
    <OpenCommentsContext.Provider value={setCommentsOf}>
      <div className="home-with-comments">
        <SplitView
          storageKey="duet.split"
          collapsed={collapsed}
          leftLabel="Facebook feed"
          rightLabel="Instagram gallery"
          left={
            <ErrorBoundary key={account.id} label="The Facebook feed">
              <FeedColumn
                account={account}
                db={db}
                status={status}
                onCollapse={() => setCollapsed('left')}
                expanded={collapsed === 'right'}
                onExpand={() => setCollapsed('none')}
              />
            </ErrorBoundary>
          }
          right={
            <ErrorBoundary key={account.id} label="The Instagram gallery">
              <GalleryColumn
                account={account}
                db={db}
                status={status}
                onCollapse={() => setCollapsed('right')}
                expanded={collapsed === 'left'}
                onExpand={() => setCollapsed('none')}
              />
            </ErrorBoundary>
          }
        />
        {commentsOf && (
          <ErrorBoundary key={commentsOf} label="The post's comments">
            <Suspense fallback={null}>
              <PostComments
                db={db}
                account={account}
                postId={commentsOf}
                onClose={() => setCommentsOf(null)}
              />
            </Suspense>
          </ErrorBoundary>
        )}
      </div>
    </OpenCommentsContext.Provider>
  );
}

/** The current view, or why it cannot be shown yet. */
export function ShellViews(props: {
  store: LocalStore;
  onRebuild: () => void;
  view: View;
  account: Account;
  status: SyncStatus | null | undefined;
  collapsed: Collapsed;
  setCollapsed: (c: Collapsed) => void;
  openConversation: string | null;
  onOpenConversation: (id: string | null) => void;
  commentsOf: string | null;
  onCommentsOf: (postId: string | null) => void;
}) {
  const { store, account, status } = props;
  if (store.status === 'error') {
    return (
      <div className="splash" role="alert">
        <WarningIcon size={32} />
        <h1>Duet’s local cache could not be opened</h1>
        <p>{store.message}</p>
        <button className="btn btn-primary" onClick={props.onRebuild}>
          Rebuild the cache from the network
        </button>
      </div>
    );
  }
  const opening = (
    <div className="splash" aria-busy="true">
      <p className="splash-text">Opening your saved data…</p>
    </div>
  );
  if (store.status !== 'ready') return opening;
  if (props.view === 'home') {
    return (
      <HomeView
        account={account}
        db={store.db}
        status={status}
        collapsed={props.collapsed}
        setCollapsed={props.setCollapsed}
        commentsOf={props.commentsOf}
        setCommentsOf={props.onCommentsOf}
      />
    );
  }
  if (props.view === 'comments') {
    return (
      <ErrorBoundary key={account.id} label="The comments">
        <Suspense fallback={opening}>
          <CommentsView db={store.db} account={account} status={status} />
        </Suspense>
      </ErrorBoundary>
    );
  }
  if (props.view === 'insights') {
    return (
      <ErrorBoundary key={account.id} label="Insights">
        <Suspense fallback={opening}>
          <InsightsView db={store.db} account={account} status={status} />
        </Suspense>
      </ErrorBoundary>
    );
  }
  if (props.view === 'posts') {
    return (
      <ErrorBoundary key={account.id} label="Posts">
        <Suspense fallback={opening}>
          <PostsView db={store.db} account={account} />
        </Suspense>
      </ErrorBoundary>
    );
  }
  return (
    <ErrorBoundary key={account.id} label="The inbox">
      <Suspense fallback={opening}>
        <InboxView
          db={store.db}
          account={account}
          accountId={account.id}
          openConversationId={props.openConversation ?? undefined}
          onOpenConversation={props.onOpenConversation}
          status={status}
        />
      </Suspense>
    </ErrorBoundary>
  );
}
