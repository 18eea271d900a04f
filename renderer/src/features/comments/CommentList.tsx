// The virtualized list of threads (rows of different heights, measured), keyboard navigable (↑/↓, Home/End), with
// the active thread's actions on letter keys (the shortcut list in shared/commands.ts FOCUSED_KEYS says which).
import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, type ReactNode, useEffect, useRef } from 'react';
import { type Account } from '../../../../shared/models';
import { type Bridge } from '../../bridge';
import { type MediaRow, type PostRow } from '../../data/db';
import { CommentThread } from './CommentThread';
import { type Thread } from './use-comments';

/** The action key a key press names (a row's `data-shortcut`), or null: plain letters only, never while typing. */
export function actionKeyOf(e: {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  target: EventTarget | null;
}): string | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  const t = e.target as HTMLElement | null;
  if (t && (t.tagName === 'TEXTAREA' || t.tagName === 'INPUT' || t.isContentEditable)) return null;
  if (e.key === 'Delete') return 'delete';
  const k = e.key.toLowerCase();
  return ACTION_KEYS.includes(k) ? k : null;
}
const ACTION_KEYS = ['r', 'h', 'l', 'p', 'd'];

/** The list; `onEndReached` asks for more rows (the list reads a growing window). */
export function CommentList(props: {
  threads: Thread[];
  posts: Map<string, PostRow | MediaRow>;
  account: Account;
  bridge: Bridge;
  now: number;
  activeIndex: number;
  onActiveIndex(i: number): void;
  onEndReached(): void;
  actionsOf(t: Thread): ReactNode;
  label: string;
}) {
  const { threads, posts, account, bridge, now, onActiveIndex, onEndReached, actionsOf, label } = props;
  const activeIndex = Math.max(0, Math.min(props.activeIndex, threads.length - 1));
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns functions by design.
  const virtualizer = useVirtualizer({
    count: threads.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 132,
    overscan: 6,
    getItemKey: (i) => threads[i]!.comment.id,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;

  useEffect(() => {
    if (threads.length > 0 && lastIndex >= threads.length - 8) onEndReached();
  }, [lastIndex, threads.length, onEndReached]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!threads.length) return;
    // The active thread's actions by key (R, H, L, P, D, Delete): the same as pressing its button, so a locked or
    // absent action does nothing. Never while typing in a reply box.
    const key = actionKeyOf(e);
    if (key) {
      const row = scrollRef.current?.querySelector(`[data-index="${activeIndex}"]`);
      const button = row?.querySelector<HTMLButtonElement>(`button[data-shortcut="${key}"]`);
      if (button && !button.disabled) {
        e.preventDefault();
        button.click();
      }
      return;
    }
    if (e.target !== e.currentTarget) return;
    let next: number;
    if (e.key === 'ArrowDown') next = Math.min(threads.length - 1, activeIndex + 1);
    else if (e.key === 'ArrowUp') next = Math.max(0, activeIndex - 1);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = threads.length - 1;
    else return;
    e.preventDefault();
    onActiveIndex(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  return (
    <div
      ref={scrollRef}
      className="comment-list"
      role="list"
      aria-label={label}
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-testid="comment-list"
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const t = threads[item.index]!;
          return (
            <div
              key={item.key}
              id={`thread-${t.comment.id}`}
              role="listitem"
              data-index={item.index}
              ref={virtualizer.measureElement}
              className="comment-row"
              data-active={item.index === activeIndex || undefined}
              style={{ transform: `translateY(${item.start}px)` }}
              onFocus={() => onActiveIndex(item.index)}
            >
              <CommentThread
                thread={t}
                account={account}
                bridge={bridge}
                now={now}
                post={posts.get(t.comment.postId)}
                actions={actionsOf(t)}
              />
            </div>
          );
        })}
      </div>
    </div>
  );
}
