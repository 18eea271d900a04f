// What each command of shared/commands.ts does right now. The part of the window that can do a command registers
// a handler while it is on screen (the shell: views and dialogs; the inbox: Search, Mark as read; the reply box:
// Reply), so "Reply only with a conversation open" needs no flag anywhere: without one there is no handler.
// Shortcuts, the app menu's `app/command-chosen` and the palette all run commands through here.
import { COMMANDS, type CommandId, type KeyPress, matchesShortcut } from '../../../../shared/commands';

/** What a command does, and whether it can be done now (absent: yes). */
export interface CommandHandler {
  run(): void;
  when?: () => boolean;
}

/** Whether keys typed here are text (a shortcut without Ctrl/⌘ must then type, not run). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (!(target instanceof HTMLInputElement)) return false;
  return !['button', 'checkbox', 'radio', 'range', 'color', 'file', 'submit', 'reset', 'image'].includes(
    target.type,
  );
}

/** The handlers of every command; one per window. */
export class CommandRegistry {
  // A stack per command: the latest mounted handler wins, and unmounting it uncovers the one before.
  private readonly handlers = new Map<CommandId, CommandHandler[]>();

  /** Adds a handler; returns the function that removes it. */
  register(id: CommandId, handler: CommandHandler): () => void {
    const stack = this.handlers.get(id) ?? [];
    stack.push(handler);
    this.handlers.set(id, stack);
    return () => {
      const i = stack.lastIndexOf(handler);
      if (i >= 0) stack.splice(i, 1);
    };
  }

  private current(id: CommandId): CommandHandler | undefined {
    const stack = this.handlers.get(id);
    return stack?.[stack.length - 1];
  }

  /** Whether the command can run now. */
  isEnabled(id: CommandId): boolean {
    const h = this.current(id);
    return Boolean(h && (h.when?.() ?? true));
  }

  /** Runs the command if it can run now; says whether it ran. */
  run(id: CommandId): boolean {
    const h = this.current(id);
    if (!h || !(h.when?.() ?? true)) return false;
    h.run();
    return true;
  }

  /** The commands that can run now, in the shared list's order. */
  enabled(): typeof COMMANDS {
    return COMMANDS.filter((c) => this.isEnabled(c.id));
  }

  /**
   * Runs the command whose shortcut this key press is. Keys without Ctrl/⌘ are ignored while typing in a field
   * (`?` is a question mark in the reply box). Returns whether a command ran (the caller then prevents the default).
   */
  handleKey(e: KeyPress & { target: EventTarget | null; isComposing?: boolean }): boolean {
    if (e.isComposing) return false;
    const spec = COMMANDS.find((c) => c.shortcut && matchesShortcut(e, c.shortcut));
    if (!spec?.shortcut) return false;
    if (!spec.shortcut.mod && isTypingTarget(e.target)) return false;
    return this.run(spec.id);
  }
}
