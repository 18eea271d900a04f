// What the palette can find: the commands that can run now, and from the local store the people, conversations
// and posts of the current account, the accounts, and the settings. All of it is read on this computer, so the
// palette works offline. Matching is fuzzysort's (Sublime-style: letters in order, word starts score higher).
import fuzzysort from 'fuzzysort';
import { type CommandId, COMMANDS, shortcutLabel } from '../../../../shared/commands';
import { type Settings, type SettingsPatch } from '../../../../shared/bridge/calls/settings';
import { type Account } from '../../../../shared/models';
import { type DuetDb } from '../../data/db';
import { newestMedia, newestPosts } from '../../data/repos/content';
import { listConversations } from '../../data/repos/inbox';
import { customerName } from '../../features/inbox/names';
import { type CommandRegistry } from './registry';

/** One line of the palette. */
export interface PaletteEntry {
  /** Unique among the entries (an option's DOM id is made from it). */
  key: string;
  label: string;
  /** The kind of thing, shown beside it: Go to, Inbox, People, Conversations, Posts, Settings… */
  group: string;
  detail?: string;
  /** The shortcut as this OS writes it. */
  shortcut?: string;
  /** Other words it is found by (not shown). */
  keywords?: string;
  run(): void;
}

/** How many rows of each kind the palette reads: the newest, through the views' own indexes. */
export const PALETTE_READ_LIMITS = { conversations: 500, posts: 200, media: 200 } as const;

/** The commands that can run now. */
export function commandEntries(registry: CommandRegistry, mac: boolean): PaletteEntry[] {
  return registry.enabled().map((c) => ({
    key: `command:${c.id}`,
    label: c.label,
    group: c.group,
    ...(c.shortcut && { shortcut: shortcutLabel(c.shortcut, mac) }),
    ...(c.keywords && { keywords: c.keywords.join(' ') }),
    run: () => registry.run(c.id),
  }));
}

/** Every command with its shortcut, for the shortcut list (whether or not it can run now). */
export function shortcutRows(mac: boolean): Array<{ id: CommandId; label: string; keys: string }> {
  return COMMANDS.flatMap((c) =>
    c.shortcut ? [{ id: c.id, label: c.label, keys: shortcutLabel(c.shortcut, mac) }] : [],
  );
}

const platformName = (p: 'messenger' | 'instagram') => (p === 'instagram' ? 'Instagram Direct' : 'Messenger');
const oneLine = (text: string, max = 90) => {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};

/** People, conversations and posts of one account, from the local store. */
export async function storeEntries(
  db: DuetDb,
  accountId: string,
  actions: { openConversation(id: string): void; openLink(url: string): void },
): Promise<PaletteEntry[]> {
  const [conversations, posts, media] = await Promise.all([
    listConversations(db, accountId, { limit: PALETTE_READ_LIMITS.conversations }),
    newestPosts(db, accountId, PALETTE_READ_LIMITS.posts),
    newestMedia(db, accountId, PALETTE_READ_LIMITS.media),
  ]);
  const entries: PaletteEntry[] = [];
  for (const c of conversations) {
    const name = customerName(c);
    // The person: found by name or user name; opens their conversation.
    entries.push({
      key: `person:${c.id}`,
      label: name,
      group: 'People',
      detail: [c.customer.username && `@${c.customer.username}`, platformName(c.platform)]
        .filter(Boolean)
        .join(' · '),
      ...(c.customer.username && { keywords: c.customer.username }),
      run: () => actions.openConversation(c.id),
    });
    // The conversation: found by its latest message.
    if (c.snippet?.trim())
      entries.push({
        key: `conversation:${c.id}`,
        label: oneLine(c.snippet),
        group: 'Conversations',
        detail: `With ${name} on ${platformName(c.platform)}`,
        run: () => actions.openConversation(c.id),
      });
  }
  for (const p of posts) {
    const text = p.message ?? p.story;
    if (!text?.trim() || !p.permalinkUrl) continue;
    const url = p.permalinkUrl;
    entries.push({
      key: `post:${p.id}`,
      label: oneLine(text),
      group: 'Posts',
      detail: 'Facebook post · opens on Facebook',
      run: () => actions.openLink(url),
    });
  }
  for (const m of media) {
    if (!m.caption?.trim() || !m.permalink) continue;
    const url = m.permalink;
    entries.push({
      key: `media:${m.id}`,
      label: oneLine(m.caption),
      group: 'Posts',
      detail: 'Instagram post · opens on Instagram',
      run: () => actions.openLink(url),
    });
  }
  return entries;
}

/** "Switch to …" for each Page other than the current one. */
export function accountEntries(
  accounts: readonly Account[],
  currentId: string,
  select: (id: string) => void,
): PaletteEntry[] {
  return accounts
    .filter((a) => a.id !== currentId)
    .map((a) => ({
      key: `account:${a.id}`,
      label: `Switch to ${a.name}`,
      group: 'Account',
      ...(a.instagram && { detail: `and @${a.instagram.username}` }),
      keywords: 'switch account page',
      run: () => select(a.id),
    }));
}

/** The settings that are one choice away, applied at once. */
export function settingEntries(
  settings: Pick<Settings, 'theme' | 'markSeen' | 'notifications'>,
  update: (patch: SettingsPatch) => void,
): PaletteEntry[] {
  const themes: Array<[Settings['theme'], string]> = [
    ['light', 'Use the light theme'],
    ['dark', 'Use the dark theme'],
    ['system', 'Follow the system theme'],
  ];
  return [
    ...themes
      .filter(([t]) => t !== settings.theme)
      .map(([theme, label]) => ({
        key: `setting:theme:${theme}`,
        label,
        group: 'Settings',
        keywords: 'theme appearance colours dark mode light mode',
        run: () => update({ theme }),
      })),
    {
      key: 'setting:markSeen',
      label: settings.markSeen ? 'Stop sending read receipts' : 'Send read receipts',
      group: 'Settings',
      keywords: 'mark seen read receipts',
      run: () => update({ markSeen: !settings.markSeen }),
    },
    {
      key: 'setting:notifications',
      label: settings.notifications ? 'Turn off desktop notifications' : 'Turn on desktop notifications',
      group: 'Settings',
      keywords: 'notifications alerts',
      run: () => update({ notifications: !settings.notifications }),
    },
  ];
}

/** The most results the palette lists. */
export const PALETTE_MAX_RESULTS = 50;

/**
 * The entries that match `query`, best first (an empty query lists the commands, then the settings). Matches in the
 * label count more than in the other words.
 */
export function searchEntries(entries: readonly PaletteEntry[], query: string): PaletteEntry[] {
  const q = query.trim();
  if (!q)
    return entries
      .filter((e) => e.key.startsWith('command:') || e.key.startsWith('account:'))
      .slice(0, PALETTE_MAX_RESULTS);
  const results = fuzzysort.go(q, entries, {
    keys: ['label', 'keywords', 'detail'],
    limit: PALETTE_MAX_RESULTS,
    threshold: 0.3,
    // The label is what people see: a match there beats the same match in a hidden keyword or the detail.
    scoreFn: (r) => Math.max(r[0]!.score, r[1]!.score * 0.9, r[2]!.score * 0.8),
  });
  return results.map((r) => r.obj);
}
