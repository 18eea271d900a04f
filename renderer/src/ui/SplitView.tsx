// Two resizable panes with a draggable, keyboard-operable divider. The ratio is remembered across launches.
import {
  type KeyboardEvent,
  type PointerEvent,
  type ReactNode,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';

const MIN = 0.22;
const MAX = 0.78;

/** Keeps a ratio between the allowed bounds. */
export function clampRatio(r: number): number {
  return Number.isFinite(r) ? Math.min(MAX, Math.max(MIN, r)) : 0.5;
}

/** A left/right split; `collapsed` hides one side so the other takes the full width. */
export function SplitView(props: {
  left: ReactNode;
  right: ReactNode;
  storageKey: string;
  collapsed: 'none' | 'left' | 'right';
  leftLabel: string;
  rightLabel: string;
}) {
  const { left, right, storageKey, collapsed, leftLabel, rightLabel } = props;
  const [ratio, setRatio] = useState(() => clampRatio(Number(localStorage.getItem(storageKey) ?? 0.5)));
  const container = useRef<HTMLDivElement>(null);
  const dragging = useRef(false);

  useEffect(() => {
    localStorage.setItem(storageKey, String(ratio));
  }, [ratio, storageKey]);

  const onPointerMove = useCallback((e: PointerEvent<HTMLDivElement>) => {
    if (!dragging.current || !container.current) return;
    const rect = container.current.getBoundingClientRect();
    setRatio(clampRatio((e.clientX - rect.left) / rect.width));
  }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.shiftKey ? 0.1 : 0.02;
    if (e.key === 'ArrowLeft') setRatio((r) => clampRatio(r - step));
    else if (e.key === 'ArrowRight') setRatio((r) => clampRatio(r + step));
    else if (e.key === 'Home') setRatio(MIN);
    else if (e.key === 'End') setRatio(MAX);
    else if (e.key === 'Enter') setRatio(0.5);
    else return;
    e.preventDefault();
  };

  const rightPane = useRef<HTMLElement>(null);
  const leftBasis = collapsed === 'left' ? '0%' : collapsed === 'right' ? '100%' : `${ratio * 100}%`;
  return (
    <div
      className="split"
      ref={container}
      onPointerMove={onPointerMove}
      onPointerUp={() => (dragging.current = false)}
    >
      <section
        className="split-pane"
        style={{ flexBasis: leftBasis }}
        hidden={collapsed === 'left'}
        aria-label={leftLabel}
      >
        {collapsed === 'none' && (
          // A long feed would otherwise stand between the keyboard and the right pane: one Tab, then Enter, skips it.
          <button type="button" className="skip-link" onClick={() => rightPane.current?.focus()}>
            Skip to {rightLabel}
          </button>
        )}
        {left}
      </section>
      {collapsed === 'none' && (
        <div
          className="split-divider"
          role="separator"
          aria-orientation="vertical"
          aria-label={`Resize ${leftLabel} and ${rightLabel}`}
          aria-valuemin={Math.round(MIN * 100)}
          aria-valuemax={Math.round(MAX * 100)}
          aria-valuenow={Math.round(ratio * 100)}
          tabIndex={0}
          onKeyDown={onKeyDown}
          onDoubleClick={() => setRatio(0.5)}
          onPointerDown={(e) => {
            dragging.current = true;
            e.currentTarget.setPointerCapture(e.pointerId);
          }}
          onPointerUp={(e) => {
            dragging.current = false;
            e.currentTarget.releasePointerCapture(e.pointerId);
          }}
        />
      )}
      <section
        className="split-pane split-pane-right"
        ref={rightPane}
        tabIndex={-1}
        hidden={collapsed === 'right'}
        aria-label={rightLabel}
      >
        {right}
      </section>
    </div>
  );
}
