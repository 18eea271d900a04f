// The media viewer's state and keys: which item and slide are shown, moving through slides then items, focus moved
// in on open and given back on close, and the window's keys (←/→, Esc, Tab trapped inside the dialog).
import { type Dispatch, type RefObject, type SetStateAction, useCallback, useEffect, useState } from 'react';
import { type IgMedia } from '../../../../shared/models';
import { slidesOf } from './slides';

/** Which item of the list is shown, and which slide of it. */
export interface ViewerPosition {
  item: number;
  slide: number;
}

/** The position, a setter, and next/previous that step through slides and then items. */
export function useViewerPosition(
  items: IgMedia[],
  startIndex: number,
): {
  pos: ViewerPosition;
  setPos: Dispatch<SetStateAction<ViewerPosition>>;
  next: () => void;
  prev: () => void;
} {
  const [pos, setPos] = useState({ item: Math.min(startIndex, items.length - 1), slide: 0 });
  const next = useCallback(() => {
    setPos((p) => {
      const count = items[p.item] ? slidesOf(items[p.item]!).length : 1;
      if (p.slide < count - 1) return { item: p.item, slide: p.slide + 1 };
      if (p.item < items.length - 1) return { item: p.item + 1, slide: 0 };
      return p;
    });
  }, [items]);
  const prev = useCallback(() => {
    setPos((p) => {
      if (p.slide > 0) return { item: p.item, slide: p.slide - 1 };
      if (p.item > 0) return { item: p.item - 1, slide: 0 };
      return p;
    });
  }, []);
  return { pos, setPos, next, prev };
}

/** Focus moves into the dialog and returns to what had it (the tile) when the viewer closes. */
export function useFocusWhileOpen(target: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    target.current?.focus();
    return () => previous?.focus?.();
  }, [target]);
}

/**
 * Keys are handled on the window while the viewer is open: a click on a button that then becomes disabled
 * (first/last slide) drops focus to <body>, and Esc must still close.
 */
export function useViewerKeys(
  dialogRef: RefObject<HTMLElement | null>,
  actions: { next: () => void; prev: () => void; onClose: () => void },
): void {
  const { next, prev, onClose } = actions;
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      const inVideo = e.target instanceof HTMLVideoElement;
      if (e.key === 'Escape') {
        e.preventDefault();
        onClose();
      } else if (e.key === 'ArrowRight' && !inVideo) {
        e.preventDefault();
        next();
      } else if (e.key === 'ArrowLeft' && !inVideo) {
        e.preventDefault();
        prev();
      } else if (e.key === 'Tab') {
        // Focus trap: Tab cycles inside the dialog.
        const focusables = Array.from(
          dialogRef.current?.querySelectorAll<HTMLElement>(
            'button:not([disabled]), a[href], video[controls]',
          ) ?? [],
        );
        if (focusables.length === 0) return;
        const first = focusables[0]!;
        const last = focusables[focusables.length - 1]!;
        const inside = dialogRef.current?.contains(document.activeElement) ?? false;
        if (!inside || (e.shiftKey && document.activeElement === first)) {
          e.preventDefault();
          (e.shiftKey ? last : first).focus();
        } else if (!e.shiftKey && document.activeElement === last) {
          e.preventDefault();
          first.focus();
        }
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [next, prev, onClose, dialogRef]);
}
