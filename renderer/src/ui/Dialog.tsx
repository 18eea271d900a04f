// A modal dialog on the native <dialog> element: focus is trapped by the browser, Esc closes, focus returns.
import { type ReactNode, useEffect, useRef } from 'react';
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
      aria-label={props.title}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => {
        if (e.target === ref.current) onClose();
      }}
    >
      <header className="dialog-header">
        <h2>{props.title}</h2>
        <button className="icon-btn" onClick={onClose} aria-label="Close">
          <CloseIcon />
        </button>
      </header>
      <div className="dialog-body">{props.children}</div>
      {props.footer && <footer className="dialog-footer">{props.footer}</footer>}
    </dialog>
  );
}
