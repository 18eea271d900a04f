// Every command Duet offers — in the app menu, as a keyboard shortcut and in the command palette — listed once:
// its id, its words and its key. The renderer attaches what each one does (renderer/src/app/commands/); Electron's
// menu is built from this list (electron/main/menu.ts). A new feature adds its command here and its handler there.

/** A key combination. `mod` is Ctrl on Windows and Linux and ⌘ on macOS. */
export interface Shortcut {
  /** `KeyboardEvent.key` as typed (`'1'`, `','`, `'k'`, `'?'`). Letters are lower case. */
  key: string;
  mod?: true;
  /** Only with letters and digits; a symbol (`?`) is matched by the character typed, whatever the layout needs. */
  shift?: true;
}

/** Where a command sits in the palette and the menu. */
export type CommandGroup = 'Go to' | 'Inbox' | 'Account' | 'Help';

/** One command as every surface sees it. */
export interface CommandSpec {
  id: string;
  /** What the palette, the menu and the shortcut list call it. */
  label: string;
  group: CommandGroup;
  shortcut?: Shortcut;
  /** Other words people may type for it (searched, never shown). */
  keywords?: readonly string[];
  /** Listed in the app menu (default true). The palette itself lists every command. */
  menu?: false;
}

const DEFINED = [
  {
    id: 'view/home',
    label: 'Go to Home',
    group: 'Go to',
    shortcut: { key: '1', mod: true },
    keywords: ['feed', 'gallery'],
  },
  {
    id: 'view/inbox',
    label: 'Go to Inbox',
    group: 'Go to',
    shortcut: { key: '2', mod: true },
    keywords: ['messages'],
  },
  {
    id: 'view/posts',
    label: 'Go to Posts',
    group: 'Go to',
    keywords: ['publish', 'scheduled', 'queue', 'drafts'],
  },
  {
    id: 'publish/new',
    label: 'New post',
    group: 'Go to',
    shortcut: { key: 'n', mod: true },
    keywords: ['compose', 'publish', 'write', 'cross-post', 'schedule'],
  },
  {
    id: 'view/comments',
    label: 'Go to Comments',
    group: 'Go to',
    shortcut: { key: '3', mod: true },
    keywords: ['replies', 'moderate', 'unanswered'],
  },
  {
    id: 'view/insights',
    label: 'Go to Insights',
    group: 'Go to',
    shortcut: { key: '4', mod: true },
    keywords: ['numbers', 'statistics', 'analytics', 'reach', 'views'],
  },
  {
    id: 'app/settings',
    label: 'Open settings',
    group: 'Go to',
    shortcut: { key: ',', mod: true },
    keywords: ['preferences', 'options'],
  },
  {
    id: 'app/diagnostics',
    label: 'Open diagnostics',
    group: 'Go to',
    keywords: ['cache', 'report', 'budget'],
  },
  {
    id: 'app/privacy',
    label: 'Open Privacy & data',
    group: 'Go to',
    keywords: ['permissions', 'revoke', 'grant', 'data use'],
  },
  {
    id: 'inbox/search',
    label: 'Search messages, comments and posts',
    group: 'Inbox',
    shortcut: { key: '/' },
    keywords: ['find', 'comments', 'captions'],
  },
  {
    id: 'inbox/reply',
    label: 'Reply',
    group: 'Inbox',
    shortcut: { key: 'r' },
    keywords: ['answer', 'write', 'composer'],
  },
  { id: 'inbox/mark-read', label: 'Mark as read', group: 'Inbox', keywords: ['seen', 'read receipt'] },
  { id: 'account/switch', label: 'Switch account', group: 'Account', keywords: ['page', 'instagram'] },
  { id: 'session/sign-out', label: 'Sign out', group: 'Account', keywords: ['log out', 'logout'] },
  {
    id: 'app/palette',
    label: 'Search commands and conversations',
    group: 'Help',
    shortcut: { key: 'k', mod: true },
    keywords: ['command palette', 'jump'],
    menu: false,
  },
  {
    id: 'app/shortcuts',
    label: 'Show keyboard shortcuts',
    group: 'Help',
    shortcut: { key: '?' },
    keywords: ['keys', 'help'],
  },
] as const satisfies readonly CommandSpec[];

/** The id of a command in `COMMANDS`. */
export type CommandId = (typeof DEFINED)[number]['id'];

/** The commands, in the order the palette and the menu show them within a group. */
export const COMMANDS: ReadonlyArray<CommandSpec & { id: CommandId }> = DEFINED;

/** Every command id (for schemas). */
export const COMMAND_IDS = COMMANDS.map((c) => c.id) as [CommandId, ...CommandId[]];

/** Keys that work inside one part of the window (not commands: they act on what has focus). For the shortcut list. */
export const FOCUSED_KEYS: ReadonlyArray<{ where: string; keys: string; does: string }> = [
  { where: 'Conversation list', keys: '↑ ↓ · Home · End', does: 'Move through the conversations' },
  { where: 'Conversation list', keys: 'Enter', does: 'Open the conversation' },
  { where: 'Reply box', keys: 'Enter · Shift+Enter', does: 'Send · new line' },
  { where: 'Search box', keys: 'Esc', does: 'Clear the search' },
  { where: 'Comment list', keys: '↑ ↓ · Home · End', does: 'Move through the comments' },
  {
    where: 'Comment list',
    keys: 'R · H · L · P · D · Delete',
    does: 'Reply · hide · like · reply privately · mark done · delete (Delete again: undo)',
  },
  { where: 'Picture viewer', keys: '← →', does: 'Previous · next picture' },
  { where: 'Picture viewer', keys: 'Esc', does: 'Close the viewer' },
  {
    where: 'Column divider',
    keys: '← → · Home · End · Enter',
    does: 'Resize · narrowest · widest · half and half',
  },
];

/** True on macOS (Node's `process.platform` or a browser's `navigator.platform` / user agent). */
export function isMacPlatform(platform: string): boolean {
  return /^darwin$|mac/i.test(platform);
}

/** The shortcut as people read it on that platform: `Ctrl+K` on Windows and Linux, `⌘K` on macOS. */
export function shortcutLabel(s: Shortcut, mac: boolean): string {
  const key = s.key.toUpperCase();
  if (mac) return `${s.shift ? '⇧' : ''}${s.mod ? '⌘' : ''}${key}`;
  return [s.mod ? 'Ctrl' : '', s.shift ? 'Shift' : '', key].filter(Boolean).join('+');
}

/** The shortcut as an Electron accelerator (`CmdOrCtrl+K`). */
export function acceleratorOf(s: Shortcut): string {
  return [s.mod ? 'CmdOrCtrl' : '', s.shift ? 'Shift' : '', s.key.toUpperCase()].filter(Boolean).join('+');
}

/** The parts of a key event that decide which shortcut it is. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/** Whether a key press is this shortcut. Ctrl and ⌘ both count as `mod`, as Duet always accepted both. */
export function matchesShortcut(e: KeyPress, s: Shortcut): boolean {
  if (e.altKey) return false;
  if (Boolean(s.mod) !== (e.ctrlKey || e.metaKey)) return false;
  // `?` arrives with Shift held on most layouts and without it on some: the typed character is what counts.
  if (s.key.length === 1 && !/[a-z0-9]/i.test(s.key)) return e.key === s.key;
  return e.key.toLowerCase() === s.key && Boolean(s.shift) === e.shiftKey;
}
