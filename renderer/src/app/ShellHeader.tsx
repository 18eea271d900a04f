// The shell's header: the view tabs (with the unread badge), the account switcher, the sync state chip, the Meta
// API budget meter and the Settings button.
import { type UsageInfo } from '../../../shared/bridge/calls/sync';
import { type Account } from '../../../shared/models';
import { SLOWDOWN_PCT } from '../../../shared/graph/rate-limit';
import { type StreamName } from '../../../shared/streams';
import { type SyncStatus } from '../data/sync/types';
import {
  ComposeIcon,
  DuetLogo,
  HomeIcon,
  InboxIcon,
  InsightsIcon,
  OfflineIcon,
  PostsIcon,
  SettingsIcon,
  SyncIcon,
  WarningIcon,
} from '../ui/icons';
import { CommentIcon } from '../ui/content-icons';
import { type StaleReason, syncText } from '../ui/sync-text';
import { lastSyncedText } from '../ui/time';
import { AccountSwitcher } from './AccountSwitcher';
import { useShortcutTitle } from './commands/CommandLayer';

export type View = 'home' | 'inbox' | 'comments' | 'insights' | 'posts';

/** Each view's name (the tab's words and the main area's heading). */
export const VIEW_TITLES: Record<View, string> = {
  home: 'Home',
  inbox: 'Inbox',
  comments: 'Comments',
  insights: 'Insights',
  posts: 'Posts',
};

/** The view tabs; Inbox and Comments carry their unread counts. */
function ViewTabs(props: { view: View; onView: (v: View) => void; unread: number; unreadComments: number }) {
  const { view, onView, unread, unreadComments } = props;
  const titled = useShortcutTitle();
  return (
    <nav className="shell-nav" aria-label="Views">
      <button
        className="nav-tab"
        aria-current={view === 'home' ? 'page' : undefined}
        onClick={() => onView('home')}
        title={titled('Home', 'view/home')}
      >
        <HomeIcon /> <span className="nav-tab-label">Home</span>
      </button>
      <button
        className="nav-tab"
        aria-current={view === 'inbox' ? 'page' : undefined}
        onClick={() => onView('inbox')}
        title={titled('Inbox', 'view/inbox')}
      >
        <InboxIcon /> <span className="nav-tab-label">Inbox</span>
        {unread > 0 && (
          <span className="badge" aria-label={`${unread} unread`} data-testid="unread-badge">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      <button
        className="nav-tab"
        aria-current={view === 'comments' ? 'page' : undefined}
        onClick={() => onView('comments')}
        title={titled('Comments', 'view/comments')}
      >
        <CommentIcon size={18} /> <span className="nav-tab-label">Comments</span>
        {unreadComments > 0 && (
          <span className="badge" aria-label={`${unreadComments} new comments`} data-testid="comments-badge">
            {unreadComments > 99 ? '99+' : unreadComments}
          </span>
        )}
      </button>
      <button
        className="nav-tab"
        aria-current={view === 'insights' ? 'page' : undefined}
        onClick={() => onView('insights')}
        title={titled('Insights', 'view/insights')}
      >
        <InsightsIcon /> <span className="nav-tab-label">Insights</span>
      </button>
      <button
        className="nav-tab"
        aria-current={view === 'posts' ? 'page' : undefined}
        onClick={() => onView('posts')}
        title={titled('Posts', 'view/posts')}
      >
        <PostsIcon /> <span className="nav-tab-label">Posts</span>
      </button>
    </nav>
  );
}

/** What each stream brings, in the words of the "still syncing" list. */
const STREAM_WORDS: Record<StreamName, string> = {
  feed: 'Facebook posts',
  gallery: 'Instagram posts',
  stories: 'stories',
  messenger: 'Messenger conversations',
  instagram: 'Instagram conversations',
  comments: 'comments',
  insights: 'insights',
};

/** One chip saying how fresh the shown data is: offline, stale (and why), syncing, or when it last synced. */
export function SyncStatusChip({
  status,
  online,
  staleReason,
}: {
  status: SyncStatus | null | undefined;
  online: boolean;
  staleReason: StaleReason | undefined;
}) {
  const pending = status
    ? Object.entries(status.streams)
        .filter(([, s]) => !s.backfillDone)
        .map(([name]) => STREAM_WORDS[name as StreamName] ?? name)
    : [];
  const syncing = pending.length > 0;
  if (!online) {
    return (
      <span className="status-chip status-offline" role="status" data-testid="sync-status">
        <OfflineIcon size={15} /> {syncText(status?.lastSyncedAt, 'offline')}
      </span>
    );
  }
  if (staleReason) {
    return (
      <span className="status-chip status-stale" role="status" data-testid="sync-status">
        <WarningIcon size={15} /> {syncText(status?.lastSyncedAt, staleReason)}
      </span>
    );
  }
  if (syncing) {
    return (
      <span
        className="status-chip"
        role="status"
        data-testid="sync-status"
        title={`Still syncing: ${pending.join(', ')}`}
      >
        <SyncIcon size={15} /> Syncing…
      </span>
    );
  }
  return (
    <span
      className="status-chip status-quiet"
      data-testid="sync-status"
      title={status?.lastSyncedAt ? new Date(status.lastSyncedAt).toLocaleString() : undefined}
    >
      {lastSyncedText(status?.lastSyncedAt)}
    </span>
  );
}

/** The share of the Meta API budget used (the larger of the app and business figures), as a meter. */
export function BudgetMeter({ usage }: { usage: UsageInfo | undefined }) {
  const budget = usage ? Math.max(usage.appPct, usage.businessPct) : 0;
  return (
    <span
      className={`budget${budget >= SLOWDOWN_PCT ? ' budget-high' : ''}`}
      title={`Meta API budget used: ${Math.round(budget)}%${usage?.throttledUntil ? ` — paused until ${new Date(usage.throttledUntil).toLocaleTimeString()}` : ''}`}
      role="meter"
      aria-label="Meta API budget used"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(Math.min(100, budget))}
      aria-valuetext={`${Math.round(budget)} percent`}
    >
      <span className="budget-fill" style={{ width: `${Math.min(100, budget)}%` }} />
    </span>
  );
}

/** The header of the signed-in window. */
export function ShellHeader(props: {
  view: View;
  onView: (v: View) => void;
  unread: number;
  /** People's comments not yet seen in the Comments view. */
  unreadComments: number;
  accounts: Account[];
  account: Account;
  onSelectAccount: (id: string) => void;
  status: SyncStatus | null | undefined;
  online: boolean;
  staleReason: StaleReason | undefined;
  usage: UsageInfo | undefined;
  onOpenSettings: () => void;
  onNewPost: () => void;
}) {
  const titled = useShortcutTitle();
  return (
    <header className="shell-header">
      <div className="shell-brand">
        <DuetLogo size={28} />
        <span>Duet</span>
      </div>
      <ViewTabs
        view={props.view}
        onView={props.onView}
        unread={props.unread}
        unreadComments={props.unreadComments}
      />
      <AccountSwitcher accounts={props.accounts} current={props.account} onSelect={props.onSelectAccount} />
      <button
        className="btn btn-primary shell-new-post"
        onClick={props.onNewPost}
        title={titled('New post', 'publish/new')}
      >
        <ComposeIcon size={16} /> <span className="nav-tab-label">New post</span>
      </button>
      <div className="shell-status">
        <SyncStatusChip status={props.status} online={props.online} staleReason={props.staleReason} />
        <BudgetMeter usage={props.usage} />
        <button
          className="icon-btn"
          onClick={props.onOpenSettings}
          aria-label="Settings"
          title={titled('Settings', 'app/settings')}
        >
          <SettingsIcon />
        </button>
      </div>
    </header>
  );
}
