// A modal dialog on the native <dialog> element: focus is trapped by the browser, Esc closes, focus returns.
import { type ReactNode, useEffect, useId, useRef } from 'react';
import { CloseIcon } from './icons';

/** A modal dialog; rendered only while open. */
export function Dialog(props: {
  title: string;
  onClose(): void;
  children: ReactNode;
  wide?: boolean;
  footer?: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const { onClose } = props;
  useEffect(() => {
    const el = ref.current;
    const previous = document.activeElement as HTMLElement | null;
    if (el && !el.open) el.showModal?.();
    return () => previous?.focus?.();
  }, []);
  return (
    <dialog
      ref={ref}
      className={`dialog${props.wide ? ' dialog-wide' : ''}`}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => {
        if (e.target === ref.current) onClose();
      }}
    >
      <header className="dialog-header">
        <h2 id={titleId}>{props.title}</h2>
        <button className="icon-btn" onClick={onClose} aria-label="Close">
          <CloseIcon />
        </button>
      </header>
      {/* Focusable so a keyboard can scroll a long dialog whose content has nothing else to focus. */}
      <div className="dialog-body" tabIndex={0} role="region" aria-labelledby={titleId}>
        {props.children}
      </div>
      {props.footer && <footer className="dialog-footer">{props.footer}</footer>}
    </dialog>
  );
}
