// How the thread scrolls: a virtualized, bottom-anchored list that follows new messages while the reader is at the
// bottom, loads older history on scroll-up keeping the row under the reader's eye where it was, and jumps to (and
// highlights) a search hit.
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  type Dispatch,
  type SetStateAction,
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import { type DuetDb } from '../../data/db';
import { messagePosition } from '../../data/repos/inbox';
import { type ThreadRow } from './format';

/** How many messages the thread's window starts with and grows by. */
export const THREAD_PAGE = 60;
const NEAR_TOP_PX = 240;
const NEAR_BOTTOM_PX = 80;

/** The scroll element, its virtualizer and scroll handler, the highlighted search hit, and "stick to the bottom". */
export function useThreadScroll(opts: {
  db: DuetDb;
  conversationId: string;
  rows: ThreadRow[];
  /** Whether more messages are stored than the window holds. */
  hasOlder: boolean;
  setLimit: Dispatch<SetStateAction<number>>;
  focusMessageId: string | undefined;
}) {
  const { db, conversationId: convId, rows, hasOlder, setLimit, focusMessageId } = opts;
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
  }, [db, convId, focusMessageId, setLimit]);

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

  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
    if (el.scrollTop < NEAR_TOP_PX && hasOlder && !loadingOlder.current) {
      const first = virtualizer.getVirtualItems().find((v) => v.end > el.scrollTop);
      if (!first) return;
      loadingOlder.current = true;
      anchor.current = { key: String(first.key), delta: el.scrollTop - first.start };
      setLimit((l) => l + THREAD_PAGE);
    }
  }, [hasOlder, virtualizer, setLimit]);

  /** After the user sends, the thread follows the new message to the bottom. */
  const stickToBottom = useCallback(() => {
    atBottom.current = true;
  }, []);

  return { scrollRef, virtualizer, onScroll, highlight, stickToBottom };
}
