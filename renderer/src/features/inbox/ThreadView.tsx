// One conversation: a virtualized, bottom-anchored list of bubbles with day separators. Older history loads on
// scroll-up and keeps the message under the reader's eye where it was (no jump). Opening it marks it read.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { type Bridge } from '../../bridge';
import { type ConversationRow, type DuetDb } from '../../data/db';
import { type Outbox } from '../../data/outbox/types';
import { countMessages, messagePosition, threadWindow } from '../../data/repos/inbox';
import { syncConversationMessages } from '../../data/streams/inbox';
import { inboxNotifierFor } from './notifier';
import { Avatar } from '../../ui/Avatar';
import { Composer } from './Composer';
import { customerName, PlatformBadge } from './ConversationList';
import { threadRows } from './format';
import { markConversationRead } from './mark-read';
import { MessageBubble } from './MessageBubble';
import { ErrorBoundary } from '../../ui/ErrorBoundary';

const PAGE = 60;
const NEAR_TOP_PX = 240;
const NEAR_BOTTOM_PX = 80;

/** The thread of one conversation with its composer. */
export function ThreadView(props: {
  db: DuetDb;
  bridge: Bridge;
  conversation: ConversationRow;
  outbox: Outbox | null;
  markSeen: boolean;
  focusMessageId?: string | undefined;
  /** Back to the list (shown only where the list and the thread do not fit side by side). */
  onBack?(): void;
}) {
  const { db, bridge, conversation, outbox, markSeen, focusMessageId } = props;
  const convId = conversation.id;
  const [limit, setLimit] = useState(PAGE);
  const messages = useLiveQuery(() => threadWindow(db, convId, limit), [db, convId, limit]);
  const stored = useLiveQuery(() => countMessages(db, convId), [db, convId], 0);
  const rows = useMemo(() => threadRows(messages ?? []), [messages]);
  const [highlight, setHighlight] = useState<string | null>(null);

  const scrollRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const anchor = useRef<{ key: string; delta: number } | null>(null);
  const loadingOlder = useRef(false);
  const pendingFocus = useRef<string | null>(null);

  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns functions by design.
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (rows[i]?.kind === 'day' ? 40 : 52),
    overscan: 10,
    getItemKey: (i) => rows[i]!.key,
  });

  // No notification for this conversation while it is on screen and the window has focus.
  useEffect(() => {
    const notifier = inboxNotifierFor(bridge);
    notifier.setOpenConversation(convId);
    return () => notifier.setOpenConversation(null);
  }, [bridge, convId]);

  // Opening marks it read here, and on Meta with mark_seen unless the user turned that off.
  const { unread, updatedTime, messagesSyncedFor } = conversation;
  useEffect(() => {
    if (!unread) return;
    markConversationRead(
      db,
      bridge,
      {
        id: convId,
        accountId: conversation.accountId,
        platform: conversation.platform,
        customer: { id: conversation.customer.id },
      },
      markSeen,
    );
  }, [
    db,
    bridge,
    convId,
    unread,
    markSeen,
    conversation.accountId,
    conversation.platform,
    conversation.customer.id,
  ]);

  // A conversation never fetched (or moved since) gets its messages now; offline, what is stored is shown.
  useEffect(() => {
    if (messagesSyncedFor === updatedTime) return;
    void syncConversationMessages(db, bridge, conversation).catch(() => undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- refetch only when the conversation moved.
  }, [db, bridge, convId, updatedTime, messagesSyncedFor]);

  // Jump to a search hit: widen the window until it holds the message, then center and highlight it.
  useEffect(() => {
    if (!focusMessageId) return;
    let cancelled = false;
    void (async () => {
      const found = await messagePosition(db, convId, focusMessageId);
      if (!found || cancelled) return;
      const { message: target, fromEnd: newer } = found;
      pendingFocus.current = target.clientId ?? target.id;
      atBottom.current = false;
      setLimit((l) => Math.max(l, newer + 20));
      setHighlight(focusMessageId);
    })();
    const t = setTimeout(() => setHighlight(null), 6000);
    return () => {
      cancelled = true;
      clearTimeout(t);
    };
  }, [db, convId, focusMessageId]);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el || !rows.length) return;
    if (pendingFocus.current) {
      const idx = rows.findIndex((r) => r.key === pendingFocus.current);
      if (idx >= 0) {
        pendingFocus.current = null;
        virtualizer.scrollToIndex(idx, { align: 'center' });
      }
      return;
    }
    if (anchor.current) {
      // Older history was prepended: put the row that was at the top back where it was.
      const a = anchor.current;
      anchor.current = null;
      loadingOlder.current = false;
      const idx = rows.findIndex((r) => r.key === a.key);
      const item = idx >= 0 ? virtualizer.measurementsCache[idx] : undefined;
      if (item) el.scrollTop = item.start + a.delta;
      return;
    }
    if (atBottom.current) virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
  }, [rows, virtualizer]);

  const hasOlder = (messages?.length ?? 0) < stored;
  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
    if (el.scrollTop < NEAR_TOP_PX && hasOlder && !loadingOlder.current) {
      const first = virtualizer.getVirtualItems().find((v) => v.end > el.scrollTop);
      if (!first) return;
      loadingOlder.current = true;
      anchor.current = { key: String(first.key), delta: el.scrollTop - first.start };
      setLimit((l) => l + PAGE);
    }
  }, [hasOlder, virtualizer]);

  const name = customerName(conversation);
  return (
    <section className="thread" aria-label={`Conversation with ${name}`}>
      <header className="thread-header">
        {props.onBack && (
          <button type="button" className="btn btn-sm btn-ghost thread-back" onClick={props.onBack}>
            ‹ Conversations
          </button>
        )}
        <span className="conv-avatar">
          <Avatar name={name} picture={conversation.customer.picture} size={36} bridge={bridge} />
          <PlatformBadge platform={conversation.platform} size={14} />
        </span>
        <div className="thread-title">
          <h2>{name}</h2>
          <span className="thread-sub">
            {conversation.platform === 'instagram' ? 'Instagram Direct' : 'Messenger'}
            {conversation.customer.username ? ` · @${conversation.customer.username}` : ''}
            {stored > 0 ? ` · ${stored.toLocaleString()} message${stored === 1 ? '' : 's'} saved` : ''}
          </span>
        </div>
      </header>
      <div
        className="thread-scroll"
        ref={scrollRef}
        onScroll={onScroll}
        data-testid="thread"
        // A scroll region a keyboard can reach (Tab, then arrows / Page keys). Not a live region: rows come and go
        // as the list scrolls; new messages are announced once by NewMessageAnnouncer.
        tabIndex={0}
        role="region"
        aria-label="Messages"
      >
        {messages && !messages.length ? (
          <div className="empty-state">
            <p>{navigator.onLine ? 'Loading messages…' : 'No messages saved for this conversation yet.'}</p>
          </div>
        ) : (
          <div className="thread-canvas" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = rows[item.index]!;
              return (
                <div
                  key={item.key}
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  className="thread-row"
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  {row.kind === 'day' ? (
                    <div className="day-sep" role="separator">
                      <span>{row.label}</span>
                    </div>
                  ) : (
                    <MessageBubble
                      message={row.message}
                      firstOfRun={row.firstOfRun}
                      lastOfRun={row.lastOfRun}
                      highlighted={highlight === row.message.id}
                      bridge={bridge}
                      outbox={outbox}
                    />
                  )}
                </div>
              );
            })}
          </div>
        )}
      </div>
      <ErrorBoundary label="The reply box" compact>
        <Composer
          conversation={conversation}
          outbox={outbox}
          onSent={() => {
            atBottom.current = true;
          }}
        />
      </ErrorBoundary>
    </section>
  );
}
