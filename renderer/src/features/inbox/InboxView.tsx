// The merged inbox: Messenger and Instagram Direct conversations in one list (filters, keyboard, offline search)
// beside the open thread. Everything shown is read from the local store through indexed live queries. Search
// results (SearchResults.tsx) are lazy-loaded.
import { Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type Account } from '../../../../shared/models';
import { useCommand } from '../../app/commands/context';
import { useApp } from '../../app/context';
import { type DuetDb } from '../../data/db';
import { type InboxFilter } from '../../data/repos/inbox';
import { lazyView } from '../../ui/lazy-view';
import { useNow } from '../../ui/use-now';
import { ConversationList } from './ConversationList';
import { markConversationRead } from './mark-read';
import { ConversationsEmpty, NoThreadOpen } from './InboxEmpty';
import { InboxFilters, InboxSearchBox } from './InboxSideHead';
import { ThreadView } from './ThreadView';
import { useConversation, useConversations } from './use-conversations';
import { useMarkFirstPaint } from '../../ui/first-paint';
import { outboxFor } from './use-outbox';
import { useTotalUnread } from './use-total-unread';
import './inbox.css';
import { ErrorBoundary } from '../../ui/ErrorBoundary';
import { type SyncStatus } from '../../data/sync/types';
import { MissingPermission } from '../privacy/MissingPermission';
import { useStreamAccess } from '../privacy/use-permissions';

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
  // A platform whose read permission is revoked says so above the list (its saved conversations stay listed); the
  // other platform keeps syncing.
  const messengerRead = useStreamAccess('messenger-read', status?.streams.messenger?.error);
  const instagramRead = useStreamAccess('instagram-messages-read', status?.streams.instagram?.error);
  const storeError = [messengerRead.error, instagramRead.error].find(Boolean);
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

  const conversations = useConversations(db, accountId, filter, limit);
  useMarkFirstPaint(conversations !== undefined);
  const open = useConversation(db, openConversationId);

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

  const chooseFilter = (f: InboxFilter) => {
    setFilter(f);
    setActiveIndex(0);
    setLimit(LIST_PAGE);
  };

  return (
    <div className="inbox">
      <aside className="inbox-side" aria-label="Inbox">
        <div className="inbox-side-head">
          <InboxSearchBox inputRef={searchRef} query={query} onQuery={setQuery} />
          {!q && (
            <InboxFilters
              filter={filter}
              onFilter={chooseFilter}
              hasInstagram={Boolean(account.instagram)}
              unread={unread}
            />
          )}
        </div>
        {!q && filter !== 'instagram' && messengerRead.blocked && (
          <MissingPermission feature="messenger-read" refused={messengerRead.refused} compact />
        )}
        {!q && filter !== 'messenger' && account.instagram && instagramRead.blocked && (
          <MissingPermission feature="instagram-messages-read" refused={instagramRead.refused} compact />
        )}
        {q ? (
          <ErrorBoundary label="Search results">
            <Suspense fallback={<div className="search-pending" aria-busy="true" aria-label="Searching" />}>
              <SearchResults db={db} accountId={accountId} query={q} now={now} onOpen={openConversation} />
            </Suspense>
          </ErrorBoundary>
        ) : conversations && !conversations.length ? (
          <ConversationsEmpty filter={filter} storeError={storeError} syncing={inboxSyncing} />
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
          <NoThreadOpen opening={Boolean(openConversationId) && open === undefined} />
        )}
      </div>
    </div>
  );
}
