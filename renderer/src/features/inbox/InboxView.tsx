// The merged inbox: Messenger and Instagram Direct conversations in one list (filters, keyboard, offline search)
// beside the open thread. Everything shown is read from the local store through indexed live queries. Search
// results (SearchResults.tsx) are lazy-loaded.
import { useLiveQuery } from 'dexie-react-hooks';
import { Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type Account } from '../../../../shared/models';
import { useCommand } from '../../app/commands/context';
import { useApp } from '../../app/context';
import { type DuetDb } from '../../data/db';
import { getConversation, listConversations, type InboxFilter } from '../../data/repos/inbox';
import { InboxIcon } from '../../ui/icons';
import { lazyView } from '../../ui/lazy-view';
import { useNow } from '../../ui/use-now';
import { ConversationList } from './ConversationList';
import { markConversationRead } from './mark-read';
import { SearchIcon } from './icons';
import { ThreadView } from './ThreadView';
import { outboxFor } from './use-outbox';
import { useTotalUnread } from './use-total-unread';
import './inbox.css';
import { ErrorBoundary } from '../../ui/ErrorBoundary';
import { type SyncStatus } from '../../data/sync/types';

const LIST_PAGE = 100;

// Search results are loaded on first use, so they are not part of the initial bundle.
const SearchResults = lazyView(() => import('./SearchResults'));

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** The inbox view of one account. */
export function InboxView(props: {
  db: DuetDb;
  accountId: string;
  account: Account;
  openConversationId?: string;
  onOpenConversation(id: string | null): void;
  /** The sync engine's live status: an empty list must say whether nothing arrived yet or nothing could be saved. */
  status?: SyncStatus | null | undefined;
}) {
  const { db, accountId, account, openConversationId, onOpenConversation, status } = props;
  // Live only: when the disk is full, the error cannot be written to the store either.
  const inboxStreams = [status?.streams.messenger, status?.streams.instagram].filter((x) => x !== undefined);
  const storeError = inboxStreams.map((x) => x.error).find(Boolean);
  const inboxSyncing = inboxStreams.length === 0 || inboxStreams.some((x) => !x.backfillDone);
  const { bridge, settings } = useApp();
  const outbox = useMemo(() => outboxFor(db, bridge), [db, bridge]);
  const now = useNow();
  const [filter, setFilter] = useState<InboxFilter>('all');
  const [limit, setLimit] = useState(LIST_PAGE);
  const [activeIndex, setActiveIndex] = useState(0);
  const [query, setQuery] = useState('');
  const [focusMessageId, setFocusMessageId] = useState<string | undefined>();
  const q = useDebounced(query.trim(), 150);
  const unread = useTotalUnread(db, accountId);

  const conversations = useLiveQuery(
    () => listConversations(db, accountId, { filter, limit }),
    [db, accountId, filter, limit],
  );
  const open = useLiveQuery(
    async () => (openConversationId ? await getConversation(db, openConversationId) : undefined),
    [db, openConversationId],
  );

  const openConversation = useCallback(
    (id: string, messageId?: string) => {
      setFocusMessageId(messageId);
      onOpenConversation(id);
    },
    [onOpenConversation],
  );
  // Commands (shared/commands.ts): "/" to search; "Mark as read" for the conversation the list highlights.
  const searchRef = useRef<HTMLInputElement>(null);
  useCommand('inbox/search', () => searchRef.current?.focus());
  const highlighted = q ? undefined : conversations?.[activeIndex];
  useCommand(
    'inbox/mark-read',
    () => highlighted && markConversationRead(db, bridge, highlighted, settings.markSeen),
    () => highlighted?.unread === 1,
  );
  const onEndReached = useCallback(() => {
    setLimit((l) => (conversations && conversations.length >= l ? l + LIST_PAGE : l));
  }, [conversations]);

  const filters: Array<{ id: InboxFilter; label: string }> = [
    { id: 'all', label: 'All' },
    { id: 'messenger', label: 'Messenger' },
    ...(account.instagram ? [{ id: 'instagram' as const, label: 'Instagram' }] : []),
    { id: 'unread', label: unread ? `Unread · ${unread}` : 'Unread' },
  ];

  return (
    <div className="inbox">
      <aside className="inbox-side" aria-label="Inbox">
        <div className="inbox-side-head">
          <label className="inbox-search">
            <SearchIcon />
            <input
              ref={searchRef}
              type="search"
              placeholder="Search messages"
              aria-label="Search messages"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') setQuery('');
              }}
            />
          </label>
          {!q && (
            <div className="inbox-filters" role="tablist" aria-label="Filter conversations">
              {filters.map((f) => (
                <button
                  key={f.id}
                  role="tab"
                  aria-selected={filter === f.id}
                  className="chip"
                  onClick={() => {
                    setFilter(f.id);
                    setActiveIndex(0);
                    setLimit(LIST_PAGE);
                  }}
                >
                  {f.label}
                </button>
              ))}
            </div>
          )}
        </div>
        {q ? (
          <ErrorBoundary label="Search results">
            <Suspense fallback={<div className="search-pending" aria-busy="true" aria-label="Searching" />}>
              <SearchResults db={db} accountId={accountId} query={q} now={now} onOpen={openConversation} />
            </Suspense>
          </ErrorBoundary>
        ) : conversations && !conversations.length ? (
          <div className="empty-state" data-testid="inbox-empty">
            <InboxIcon size={32} />
            {filter === 'unread' ? (
              <>
                <h3>All caught up</h3>
                <p>No unread conversations.</p>
              </>
            ) : storeError ? (
              <>
                <h3>Conversations could not be saved</h3>
                <p>{storeError}</p>
              </>
            ) : inboxSyncing && filter === 'all' ? (
              <>
                <h3>Loading conversations…</h3>
                <p>Duet is fetching your Messenger and Instagram Direct conversations.</p>
              </>
            ) : (
              <>
                <h3>No conversations yet</h3>
                <p>
                  {filter === 'all'
                    ? 'When people message your Page or Instagram account, their conversations appear here.'
                    : `No ${filter === 'instagram' ? 'Instagram Direct' : 'Messenger'} conversations synced yet.`}
                </p>
              </>
            )}
          </div>
        ) : (
          <ErrorBoundary label="The conversation list">
            <ConversationList
              conversations={conversations ?? []}
              selectedId={openConversationId}
              activeIndex={activeIndex}
              onActiveIndex={setActiveIndex}
              onOpen={(id) => openConversation(id)}
              onEndReached={onEndReached}
              bridge={bridge}
              now={now}
            />
          </ErrorBoundary>
        )}
      </aside>
      <div className="inbox-main">
        {open ? (
          <ErrorBoundary key={open.id} label="This conversation">
            <ThreadView
              db={db}
              bridge={bridge}
              conversation={open}
              outbox={outbox}
              markSeen={settings.markSeen}
              focusMessageId={focusMessageId}
              onBack={() => onOpenConversation(null)}
            />
          </ErrorBoundary>
        ) : (
          <div className="empty-state inbox-placeholder">
            <InboxIcon size={40} />
            <h3>{openConversationId && open === undefined ? 'Opening…' : 'Select a conversation'}</h3>
            <p>
              Messenger and Instagram Direct, in one place. Use ↑ and ↓ to move through the list and Enter to
              open.
            </p>
          </div>
        )}
      </div>
    </div>
  );
}
