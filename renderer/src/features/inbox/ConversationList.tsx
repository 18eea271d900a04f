// The merged conversation list: both platforms by last activity, virtualized, keyboard navigable (↑/↓, Enter).
import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useEffect, useRef } from 'react';
import { type Bridge } from '../../bridge';
import { type ConversationRow } from '../../data/db';
import { Avatar } from '../../ui/Avatar';
import { InstagramMark, MessengerMark } from '../../ui/icons';
import { fullTime, isoTime, relativeTime } from '../../ui/time';
import { customerName } from './names';

/** The small platform mark on an avatar. */
export function PlatformBadge({
  platform,
  size = 16,
}: {
  platform: ConversationRow['platform'];
  size?: number;
}) {
  return (
    <span className="platform-badge" title={platform === 'instagram' ? 'Instagram Direct' : 'Messenger'}>
      {platform === 'instagram' ? <InstagramMark size={size} /> : <MessengerMark size={size} />}
      <span className="visually-hidden">{platform === 'instagram' ? 'Instagram' : 'Messenger'}</span>
    </span>
  );
}

const ROW_HEIGHT = 72;

/** The list; `onEndReached` asks for more rows (the list reads a growing window). */
export function ConversationList(props: {
  conversations: ConversationRow[];
  selectedId: string | undefined;
  activeIndex: number;
  onActiveIndex(i: number): void;
  onOpen(id: string): void;
  onEndReached(): void;
  bridge: Bridge;
  now: number;
}) {
  const { conversations, selectedId, onActiveIndex, onOpen, onEndReached, bridge, now } = props;
  // The list can shrink under the keyboard focus (a filter applied, rows read again): the active row is clamped to
  // the rows there are, so Enter always opens the row that is shown as active.
  const activeIndex = Math.max(0, Math.min(props.activeIndex, conversations.length - 1));
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns functions by design.
  const virtualizer = useVirtualizer({
    count: conversations.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (i) => conversations[i]!.id,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;

  useEffect(() => {
    if (conversations.length > 0 && lastIndex >= conversations.length - 10) onEndReached();
  }, [lastIndex, conversations.length, onEndReached]);

  useEffect(() => {
    if (activeIndex >= 0 && activeIndex < conversations.length)
      virtualizer.scrollToIndex(activeIndex, { align: 'auto' });
  }, [activeIndex, conversations.length, virtualizer]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!conversations.length) return;
    if (e.key === 'ArrowDown') onActiveIndex(Math.min(conversations.length - 1, activeIndex + 1));
    else if (e.key === 'ArrowUp') onActiveIndex(Math.max(0, activeIndex - 1));
    else if (e.key === 'Home') onActiveIndex(0);
    else if (e.key === 'End') onActiveIndex(conversations.length - 1);
    else if (e.key === 'Enter' && conversations[activeIndex]) onOpen(conversations[activeIndex].id);
    else return;
    e.preventDefault();
  };

  const active = conversations[activeIndex];
  return (
    <div
      ref={scrollRef}
      className="conv-list"
      role="listbox"
      aria-label="Conversations"
      tabIndex={0}
      aria-activedescendant={active ? `conv-${active.id}` : undefined}
      onKeyDown={onKeyDown}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const c = conversations[item.index]!;
          const name = customerName(c);
          const unread = c.unread === 1;
          return (
            <div
              key={item.key}
              id={`conv-${c.id}`}
              role="option"
              aria-selected={c.id === selectedId}
              data-active={item.index === activeIndex || undefined}
              data-unread={unread || undefined}
              data-platform={c.platform}
              data-testid="conversation"
              className="conv-row"
              style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
              onClick={() => {
                onActiveIndex(item.index);
                onOpen(c.id);
              }}
            >
              <span className="conv-avatar">
                <Avatar name={name} picture={c.customer.picture} size={44} bridge={bridge} />
                <PlatformBadge platform={c.platform} />
              </span>
              <span className="conv-main">
                <span className="conv-top">
                  <span className="conv-name">{name}</span>
                  <time
                    className="conv-time"
                    dateTime={isoTime(c.updatedTime)}
                    title={fullTime(c.updatedTime)}
                  >
                    {relativeTime(c.updatedTime, now)}
                  </time>
                </span>
                <span className="conv-bottom">
                  <span className="conv-snippet">{c.snippet ?? ''}</span>
                  {unread && (
                    <span className="badge conv-unread" aria-label={`${c.unreadCount} unread`}>
                      {c.unreadCount > 99 ? '99+' : Math.max(1, c.unreadCount)}
                    </span>
                  )}
                </span>
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
