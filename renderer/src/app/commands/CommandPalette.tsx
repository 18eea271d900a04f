// The command palette (Ctrl+K / ⌘K): one search box over commands, people, conversations, posts, accounts and
// settings. WAI-ARIA combobox with a listbox popup (APG "combobox with listbox popup"): focus stays in the box,
// ↑ ↓ Home End move the active option (aria-activedescendant), Enter runs it, Esc closes and gives focus back to
// where it was. The number of results is announced. Loaded lazily and fetched when the app is idle (lazy-view.ts).
import { type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { type PaletteEntry, searchEntries } from './entries';
import './palette.css';

/** The palette; rendered only while open. */
export default function CommandPalette(props: {
  /** What is known at once (commands, accounts, settings). */
  entries: readonly PaletteEntry[];
  /** What the local store adds (people, conversations, posts), read when the palette opens. */
  load?: () => Promise<PaletteEntry[]>;
  initialQuery?: string;
  onClose(): void;
}) {
  const { entries, load, onClose } = props;
  const ref = useRef<HTMLDialogElement>(null);
  // Read while rendering, before the box takes the focus.
  const [previous] = useState(() => document.activeElement as HTMLElement | null);
  const restore = useRef(true);
  const [query, setQuery] = useState(props.initialQuery ?? '');
  const [stored, setStored] = useState<PaletteEntry[]>([]);
  const [active, setActive] = useState(0);
  const listId = useId();
  const optionId = (i: number) => `${listId}-${i}`;

  useEffect(() => {
    const el = ref.current;
    if (el && !el.open) el.showModal?.();
    return () => {
      if (restore.current) previous?.focus?.();
    };
  }, [previous]);

  useEffect(() => {
    let live = true;
    void load?.().then(
      (rows) => live && setStored(rows),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [load]);

  const results = useMemo(() => searchEntries([...entries, ...stored], query), [entries, stored, query]);
  const current = Math.min(active, Math.max(0, results.length - 1));

  useEffect(() => {
    document.getElementById(optionId(current))?.scrollIntoView?.({ block: 'nearest' });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- optionId is derived from the stable listId.
  }, [current, results]);

  const close = () => {
    ref.current?.close?.();
    onClose();
  };
  const choose = (entry: PaletteEntry | undefined) => {
    if (!entry) return;
    // Focus goes back first, so a command that moves focus (Reply → the reply box) keeps it.
    restore.current = false;
    ref.current?.close?.();
    previous?.focus?.();
    onClose();
    entry.run();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.nativeEvent.isComposing) return;
    const last = results.length - 1;
    if (e.key === 'ArrowDown') setActive(current >= last ? 0 : current + 1);
    else if (e.key === 'ArrowUp') setActive(current <= 0 ? last : current - 1);
    else if (e.key === 'Home') setActive(0);
    else if (e.key === 'End') setActive(Math.max(0, last));
    else if (e.key === 'Enter') choose(results[current]);
    else if (e.key === 'Escape') close();
    else return;
    e.preventDefault();
  };

  const count = results.length;
  return (
    <dialog
      ref={ref}
      className="dialog palette"
      aria-label="Search commands and conversations"
      onCancel={(e) => {
        e.preventDefault();
        close();
      }}
      onClick={(e) => {
        if (e.target === ref.current) close();
      }}
    >
      <input
        className="palette-input"
        role="combobox"
        aria-label="Search commands, people, conversations, posts and settings"
        aria-expanded={count > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={count > 0 ? optionId(current) : undefined}
        placeholder="Type a command, a name or words from a message…"
        autoComplete="off"
        spellCheck={false}
        autoFocus
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <ul className="palette-list" role="listbox" id={listId} aria-label="Results">
        {results.map((entry, i) => (
          <li
            key={entry.key}
            id={optionId(i)}
            role="option"
            aria-selected={i === current}
            className="palette-option"
            onMouseMove={() => i !== current && setActive(i)}
            onClick={() => choose(entry)}
          >
            <span className="palette-label">
              {entry.label}
              {entry.detail && <span className="palette-detail">{entry.detail}</span>}
            </span>
            <span className="palette-group">{entry.group}</span>
            {entry.shortcut && <kbd className="palette-key">{entry.shortcut}</kbd>}
          </li>
        ))}
      </ul>
      <div className="palette-status" role="status">
        {count === 0 ? 'No results' : count === 1 ? '1 result' : `${count} results`}
      </div>
    </dialog>
  );
}
