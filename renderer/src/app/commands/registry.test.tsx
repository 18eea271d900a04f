// The registry: shortcuts run the command whose handler is mounted, keys without Ctrl/⌘ never fire while typing,
// and a command without a handler (Reply with no conversation open) does nothing.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeConversationRow } from '../../test/inbox-fixtures';
import { type Outbox } from '../../data/outbox/types';
import { Composer } from '../../features/inbox/Composer';
import { CommandsContext, useCommandHandlers, useCommandInput } from './context';
import { CommandRegistry, isTypingTarget } from './registry';

afterEach(cleanup);

const key = (k: string, mods: Partial<KeyboardEventInit> = {}) =>
  fireEvent.keyDown(document.activeElement ?? document.body, { key: k, ...mods });

/** A shell-like host: the registry, keyboard input, two commands of its own, and whatever children register. */
function Host(props: {
  registry: CommandRegistry;
  onHome(): void;
  onShortcuts(): void;
  children?: React.ReactNode;
}) {
  useCommandHandlers(props.registry, {
    'view/home': { run: props.onHome },
    'app/shortcuts': { run: props.onShortcuts },
  });
  const [menu] = useState(() => (listener: (p: { id: 'view/inbox' }) => void) => {
    menuListener = listener;
    return () => (menuListener = null);
  });
  useCommandInput(props.registry, menu as never);
  return <CommandsContext.Provider value={props.registry}>{props.children}</CommandsContext.Provider>;
}
let menuListener: ((p: { id: 'view/inbox' }) => void) | null = null;

describe('CommandRegistry', () => {
  it('Ctrl+1 and ⌘1 run Home; Alt+Ctrl+1 and a plain 1 do not', () => {
    const onHome = vi.fn();
    render(<Host registry={new CommandRegistry()} onHome={onHome} onShortcuts={vi.fn()} />);
    key('1', { ctrlKey: true });
    key('1', { metaKey: true });
    key('1', { ctrlKey: true, altKey: true });
    key('1');
    expect(onHome).toHaveBeenCalledTimes(2);
  });

  it('a shortcut that ran is not also typed (default prevented); one without a handler is left alone', () => {
    render(<Host registry={new CommandRegistry()} onHome={vi.fn()} onShortcuts={vi.fn()} />);
    expect(key('1', { ctrlKey: true })).toBe(false); // fireEvent returns false when the default was prevented
    expect(key('2', { ctrlKey: true })).toBe(true); // Inbox has no handler in this host
  });

  it('`?` opens the shortcut list, except while typing in the reply box', () => {
    const onShortcuts = vi.fn();
    const outbox = { send: vi.fn() } as unknown as Outbox;
    const conv = makeConversationRow(1, { lastCustomerMessageAt: Date.now() - 3_600_000 });
    render(
      <Host registry={new CommandRegistry()} onHome={vi.fn()} onShortcuts={onShortcuts}>
        <button>elsewhere</button>
        <Composer conversation={conv} outbox={outbox} />
      </Host>,
    );
    screen.getByRole('button', { name: 'elsewhere' }).focus();
    key('?', { shiftKey: true });
    expect(onShortcuts).toHaveBeenCalledTimes(1);
    const box = screen.getByRole('textbox', { name: 'Reply' });
    box.focus();
    expect(key('?', { shiftKey: true })).toBe(true); // typed as a question mark
    expect(onShortcuts).toHaveBeenCalledTimes(1);
  });

  it('R focuses the reply box only while a conversation with an open reply window is on screen', () => {
    const registry = new CommandRegistry();
    const outbox = { send: vi.fn() } as unknown as Outbox;
    const open = makeConversationRow(1, { lastCustomerMessageAt: Date.now() - 3_600_000 });
    const { rerender } = render(
      <Host registry={registry} onHome={vi.fn()} onShortcuts={vi.fn()}>
        <button>list</button>
      </Host>,
    );
    expect(registry.isEnabled('inbox/reply')).toBe(false);
    rerender(
      <Host registry={registry} onHome={vi.fn()} onShortcuts={vi.fn()}>
        <button>list</button>
        <Composer conversation={open} outbox={outbox} />
      </Host>,
    );
    screen.getByRole('button', { name: 'list' }).focus();
    key('r');
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Reply' }));
    // Meta's 24 h window has closed: nothing to reply in, the command is off.
    const closed = makeConversationRow(2, { lastCustomerMessageAt: Date.now() - 8 * 86_400_000 });
    rerender(
      <Host registry={registry} onHome={vi.fn()} onShortcuts={vi.fn()}>
        <button>list</button>
        <Composer conversation={closed} outbox={outbox} />
      </Host>,
    );
    expect(registry.isEnabled('inbox/reply')).toBe(false);
  });

  it('a command chosen in the app menu runs like its shortcut', () => {
    const registry = new CommandRegistry();
    const onInbox = vi.fn();
    registry.register('view/inbox', { run: onInbox });
    render(<Host registry={registry} onHome={vi.fn()} onShortcuts={vi.fn()} />);
    menuListener!({ id: 'view/inbox' });
    expect(onInbox).toHaveBeenCalledTimes(1);
  });

  it('the latest handler wins and removing it uncovers the one before', () => {
    const registry = new CommandRegistry();
    const first = vi.fn();
    const second = vi.fn();
    registry.register('inbox/search', { run: first });
    const off = registry.register('inbox/search', { run: second });
    registry.run('inbox/search');
    off();
    registry.run('inbox/search');
    expect(second).toHaveBeenCalledTimes(1);
    expect(first).toHaveBeenCalledTimes(1);
    expect(registry.run('inbox/reply')).toBe(false);
  });
});

describe('isTypingTarget', () => {
  it('text fields and editable content type; buttons and checkboxes do not', () => {
    const make = (html: string) => {
      const div = document.createElement('div');
      div.innerHTML = html;
      return div.firstElementChild!;
    };
    expect(isTypingTarget(make('<input type="search">'))).toBe(true);
    expect(isTypingTarget(make('<textarea></textarea>'))).toBe(true);
    expect(isTypingTarget(make('<input type="checkbox">'))).toBe(false);
    expect(isTypingTarget(make('<button>x</button>'))).toBe(false);
    const editable = make('<div contenteditable="true"></div>') as HTMLElement;
    Object.defineProperty(editable, 'isContentEditable', { value: true });
    expect(isTypingTarget(editable)).toBe(true);
  });
});
