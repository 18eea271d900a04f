// The one list of commands: unique ids and keys, and keys shown the way each OS writes them.
import { describe, expect, it } from 'vitest';
import {
  acceleratorOf,
  COMMANDS,
  type KeyPress,
  matchesShortcut,
  type Shortcut,
  shortcutLabel,
} from './commands';

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('COMMANDS', () => {
  it('no two commands share an id or a shortcut', () => {
    const ids = COMMANDS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    const keys = COMMANDS.flatMap((c) => (c.shortcut ? [acceleratorOf(c.shortcut)] : []));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('no key press runs two commands', () => {
    const samples = ['1', '2', ',', 'k', 'r', '/', '?', 'R'].flatMap((key) => [
      press(key),
      press(key, { ctrlKey: true }),
      press(key, { metaKey: true }),
      press(key, { shiftKey: true }),
    ]);
    for (const e of samples) {
      const hits = COMMANDS.filter((c) => c.shortcut && matchesShortcut(e, c.shortcut));
      expect(hits.length, JSON.stringify(e)).toBeLessThanOrEqual(1);
    }
  });
});

describe('shortcutLabel / acceleratorOf', () => {
  const ctrlK: Shortcut = { key: 'k', mod: true };
  it('writes Ctrl+K on Windows and Linux and ⌘K on macOS', () => {
    expect(shortcutLabel(ctrlK, false)).toBe('Ctrl+K');
    expect(shortcutLabel(ctrlK, true)).toBe('⌘K');
    expect(shortcutLabel({ key: ',', mod: true }, false)).toBe('Ctrl+,');
    expect(shortcutLabel({ key: '?' }, true)).toBe('?');
    expect(shortcutLabel({ key: 'p', mod: true, shift: true }, false)).toBe('Ctrl+Shift+P');
    expect(shortcutLabel({ key: 'p', mod: true, shift: true }, true)).toBe('⇧⌘P');
  });
  it('gives Electron CmdOrCtrl accelerators', () => {
    expect(acceleratorOf(ctrlK)).toBe('CmdOrCtrl+K');
    expect(acceleratorOf({ key: 'r' })).toBe('R');
  });
});

describe('matchesShortcut', () => {
  it('takes Ctrl or ⌘ as the modifier, never Alt', () => {
    const s: Shortcut = { key: '1', mod: true };
    expect(matchesShortcut(press('1', { ctrlKey: true }), s)).toBe(true);
    expect(matchesShortcut(press('1', { metaKey: true }), s)).toBe(true);
    expect(matchesShortcut(press('1'), s)).toBe(false);
    expect(matchesShortcut(press('1', { ctrlKey: true, altKey: true }), s)).toBe(false);
  });
  it('a letter without modifiers is only that letter (Shift+R and Ctrl+R are other keys)', () => {
    const s: Shortcut = { key: 'r' };
    expect(matchesShortcut(press('r'), s)).toBe(true);
    expect(matchesShortcut(press('R', { shiftKey: true }), s)).toBe(false);
    expect(matchesShortcut(press('r', { ctrlKey: true }), s)).toBe(false);
  });
  it('a symbol is the character typed, with or without Shift (keyboard layouts differ)', () => {
    expect(matchesShortcut(press('?', { shiftKey: true }), { key: '?' })).toBe(true);
    expect(matchesShortcut(press('?'), { key: '?' })).toBe(true);
    expect(matchesShortcut(press('/'), { key: '?' })).toBe(false);
  });
});

describe('README keyboard table', () => {
  it('lists exactly the commands that have a shortcut, with their keys on each OS', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const section = readme.slice(
      readme.indexOf('## Keyboard'),
      readme.indexOf('\n## ', readme.indexOf('## Keyboard') + 1),
    );
    const rows = section
      .split('\n')
      .filter((l) => l.startsWith('| ') && l.includes('`'))
      .map((l) =>
        l
          .split('|')
          .slice(1, -1)
          .map((cell) => cell.trim().replace(/`/g, '')),
      );
    expect(rows).toEqual(
      COMMANDS.flatMap((c) =>
        c.shortcut ? [[c.label, shortcutLabel(c.shortcut, false), shortcutLabel(c.shortcut, true)]] : [],
      ),
    );
  });
});
