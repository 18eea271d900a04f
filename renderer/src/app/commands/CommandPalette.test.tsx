// The palette as a keyboard and screen-reader user meets it: typing filters, arrows/Home/End move the active
// option (aria-activedescendant), Enter runs it, Escape closes and gives focus back, the count is announced, and
// the store's entries (people, conversations, posts) arrive after it opened.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { stubModalDialogs } from '../../test/dialogs';
import CommandPalette from './CommandPalette';
import { type PaletteEntry, searchEntries, settingEntries } from './entries';

afterEach(cleanup);

beforeAll(stubModalDialogs);

const entry = (
  key: string,
  label: string,
  run = vi.fn(),
  extra: Partial<PaletteEntry> = {},
): PaletteEntry => ({
  key: `command:${key}`,
  label,
  group: 'Go to',
  run,
  ...extra,
});

function setup(entries: PaletteEntry[], load?: () => Promise<PaletteEntry[]>) {
  const opener = document.createElement('button');
  opener.textContent = 'opener';
  document.body.append(opener);
  opener.focus();
  const onClose = vi.fn();
  const view = render(<CommandPalette entries={entries} load={load} onClose={onClose} />);
  const box = screen.getByRole('combobox');
  return { ...view, box, onClose, opener };
}

const activeLabel = (box: HTMLElement) =>
  document.getElementById(box.getAttribute('aria-activedescendant') ?? '')?.textContent;

describe('CommandPalette', () => {
  it('is a combobox controlling a listbox; focus starts in the box', () => {
    const { box } = setup([entry('home', 'Go to Home', vi.fn(), { shortcut: 'Ctrl+1' })]);
    expect(box).toHaveProperty('ownerDocument.activeElement', box);
    expect(box.getAttribute('aria-expanded')).toBe('true');
    const list = screen.getByRole('listbox');
    expect(box.getAttribute('aria-controls')).toBe(list.id);
    expect(screen.getByRole('option').textContent).toContain('Ctrl+1');
    expect(screen.getByRole('status').textContent).toBe('1 result');
  });

  it('typing filters (fuzzy, typos too) and the number of results is announced', () => {
    const { box } = setup([
      entry('home', 'Go to Home'),
      entry('settings', 'Open settings'),
      entry('inbox', 'Go to Inbox'),
    ]);
    expect(screen.getByRole('status').textContent).toBe('3 results');
    fireEvent.change(box, { target: { value: 'setings' } });
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['Open settingsGo to']);
    expect(screen.getByRole('status').textContent).toBe('1 result');
    fireEvent.change(box, { target: { value: 'zzzz' } });
    expect(screen.queryAllByRole('option')).toHaveLength(0);
    expect(box.getAttribute('aria-expanded')).toBe('false');
    expect(box.hasAttribute('aria-activedescendant')).toBe(false);
    expect(screen.getByRole('status').textContent).toBe('No results');
  });

  it('↓ ↑ wrap around, Home and End jump, Enter runs the active option and closes', () => {
    const third = vi.fn();
    const { box, onClose } = setup([entry('a', 'Alpha'), entry('b', 'Bravo'), entry('c', 'Charlie', third)]);
    expect(activeLabel(box)).toContain('Alpha');
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(activeLabel(box)).toContain('Bravo');
    expect(screen.getAllByRole('option')[1]!.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(box, { key: 'ArrowUp' });
    fireEvent.keyDown(box, { key: 'ArrowUp' });
    expect(activeLabel(box)).toContain('Charlie');
    fireEvent.keyDown(box, { key: 'Home' });
    expect(activeLabel(box)).toContain('Alpha');
    fireEvent.keyDown(box, { key: 'End' });
    expect(activeLabel(box)).toContain('Charlie');
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(third).toHaveBeenCalledTimes(1);
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('Escape closes without running anything and gives focus back to where it was', () => {
    const run = vi.fn();
    const { box, onClose, opener, unmount } = setup([entry('a', 'Alpha', run)]);
    fireEvent.keyDown(box, { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(1);
    unmount(); // the shell unmounts it on close
    expect(run).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(opener);
  });

  it('a command that moves focus keeps it (focus is given back before it runs)', () => {
    const target = document.createElement('textarea');
    document.body.append(target);
    const { box, unmount } = setup([
      entry(
        'reply',
        'Reply',
        vi.fn(() => target.focus()),
      ),
    ]);
    fireEvent.keyDown(box, { key: 'Enter' });
    unmount();
    expect(document.activeElement).toBe(target);
  });

  it('people and conversations from the store are searchable once read', async () => {
    const open = vi.fn();
    let resolve!: (rows: PaletteEntry[]) => void;
    const { box } = setup([entry('home', 'Go to Home')], () => new Promise((r) => (resolve = r)));
    fireEvent.change(box, { target: { value: 'mara' } });
    expect(screen.queryAllByRole('option')).toHaveLength(0);
    await act(async () =>
      resolve([{ key: 'person:1', label: 'Mara Quint', group: 'People', detail: 'Messenger', run: open }]),
    );
    expect(screen.getByRole('option').textContent).toContain('Mara Quint');
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(open).toHaveBeenCalledTimes(1);
  });
});

describe('searchEntries', () => {
  it('a match in the label ranks above the same word hidden in keywords', () => {
    const byKeyword = entry('k', 'Open diagnostics', vi.fn(), { keywords: 'cache report' });
    const byLabel = entry('l', 'Clear the cache');
    expect(searchEntries([byKeyword, byLabel], 'cache').map((e) => e.label)).toEqual([
      'Clear the cache',
      'Open diagnostics',
    ]);
  });

  it('settings offer the other choices, not the current one', () => {
    const update = vi.fn();
    const rows = settingEntries({ theme: 'dark', markSeen: true, notifications: false }, update);
    expect(rows.map((r) => r.label)).toEqual([
      'Use the light theme',
      'Follow the system theme',
      'Stop sending read receipts',
      'Turn on desktop notifications',
    ]);
    rows[0]!.run();
    expect(update).toHaveBeenCalledWith({ theme: 'light' });
  });
});
