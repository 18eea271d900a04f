// The outbox repository: queued replies and their optimistic messages. Every write here is a strict transaction (on
// disk before it resolves): a reply the user wrote must survive a crash right after Enter, and `sending` must be on
// disk before the request leaves. Which state may follow which is the outbox's rule (`outbox/states.ts`); this file
// only stores what it decides.
import Dexie from 'dexie';
import { parseId } from '../../../../shared/store-id';
import {
  type DuetDb,
  type MessageRow,
  type OutboxRow,
  type OutboxState,
  strictTransaction,
  wordsOf,
} from '../db';
import { localMessageId, storeMessageId } from './inbox';

export { localMessageId };

/** One outbox entry by clientId. */
export function getEntry(db: DuetDb, clientId: string): Promise<OutboxRow | undefined> {
  return db.outbox.get(clientId);
}

/** Every entry in one of `states` (any conversation). */
export function entriesIn(db: DuetDb, states: readonly OutboxState[]): Promise<OutboxRow[]> {
  return db.outbox
    .where('state')
    .anyOf([...states])
    .toArray();
}

/** The first entry of a conversation, in send order, that is in one of `states`. */
export async function firstEntryIn(
  db: DuetDb,
  conversationId: string,
  states: readonly OutboxState[],
): Promise<OutboxRow | undefined> {
  const rows = await db.outbox
    .where('[conversationId+seq]')
    .between([conversationId, Dexie.minKey], [conversationId, Dexie.maxKey])
    .toArray();
  return rows.find((r) => states.includes(r.state));
}

/** How many entries are in one of `states`. */
export function countEntriesIn(db: DuetDb, states: readonly OutboxState[]): Promise<number> {
  return db.outbox
    .where('state')
    .anyOf([...states])
    .count();
}

/** Every entry, in clientId order (diagnostics and the e2e hook). */
export function listEntries(db: DuetDb): Promise<OutboxRow[]> {
  return db.outbox.toArray();
}

/** A new entry as the outbox builds it; the repository assigns `seq`. */
export type NewEntry = Omit<OutboxRow, 'seq'>;

/** Stores a new entry (next `seq` of the database) with its optimistic message, in one strict transaction. */
export async function addEntry(db: DuetDb, entry: NewEntry, message: Omit<MessageRow, 'id'>): Promise<void> {
  await strictTransaction(db, [db.outbox, db.messages, db.meta], async () => {
    const seq = (((await db.meta.get('outboxSeq'))?.value as number | undefined) ?? 0) + 1;
    await db.meta.put({ key: 'outboxSeq', value: seq });
    await db.outbox.add({ ...entry, seq });
    await db.messages.add({ ...message, id: localMessageId(entry.clientId) });
  });
}

/**
 * Patches an entry (and its optimistic message's state and error) in one strict transaction, only if it is still in
 * one of `from`; returns the entry as written, or null when it had moved on.
 */
export function updateEntryIf(
  db: DuetDb,
  clientId: string,
  from: readonly OutboxState[],
  patch: Partial<OutboxRow>,
  messagePatch: Partial<MessageRow> = {},
): Promise<OutboxRow | null> {
  return strictTransaction(db, [db.outbox, db.messages], async () => {
    const cur = await db.outbox.get(clientId);
    if (!cur || !from.includes(cur.state)) return null;
    const next = { ...cur, ...patch };
    await db.outbox.put(next);
    await db.messages.update(localMessageId(clientId), {
      state: next.state,
      error: next.error,
      ...messagePatch,
    });
    return next;
  });
}

/** Replaces the optimistic row by Meta's message id in one strict transaction and retires the entry. */
export async function adoptDelivery(
  db: DuetDb,
  clientId: string,
  messageId: string,
  sentAt?: number,
): Promise<void> {
  await strictTransaction(db, [db.outbox, db.messages], async () => {
    const entry = await db.outbox.get(clientId);
    if (!entry) return;
    const realId = storeMessageId(entry.platform, messageId);
    const local = await db.messages.get(localMessageId(clientId));
    const existing = await db.messages.get(realId);
    const base: MessageRow = existing ??
      local ?? {
        id: realId,
        nativeId: '',
        conversationId: entry.conversationId,
        accountId: entry.accountId,
        platform: entry.platform,
        createdTime: sentAt ?? entry.createdAt,
        from: { id: entry.accountId },
        text: entry.text,
        attachments: [],
        fromPage: true,
        words: wordsOf(entry.text),
      };
    await db.messages.delete(localMessageId(clientId));
    await db.messages.put({
      ...base,
      id: realId,
      nativeId: parseId(realId).nativeId,
      createdTime: existing?.createdTime ?? sentAt ?? base.createdTime,
      clientId,
      state: 'sent',
      error: undefined,
    });
    await db.outbox.delete(clientId);
  });
}

/**
 * Deletes an entry and its optimistic message if `allowed(state)`; returns false (nothing deleted) when it is not,
 * true when it was deleted or was already gone.
 */
export function deleteEntryIf(
  db: DuetDb,
  clientId: string,
  allowed: (state: OutboxState) => boolean,
): Promise<boolean> {
  return strictTransaction(db, [db.outbox, db.messages], async () => {
    const cur = await db.outbox.get(clientId);
    if (!cur) return true;
    if (!allowed(cur.state)) return false;
    await db.outbox.delete(clientId);
    await db.messages.delete(localMessageId(clientId));
    return true;
  });
}

/**
 * Moves every entry still in `from` to `to` (with `nextAttemptAt`), with its optimistic message, in one strict
 * transaction. Checked with a read first, so a normal start does not open a strict write transaction.
 */
export async function moveAllEntries(
  db: DuetDb,
  from: OutboxState,
  to: OutboxState,
  nextAttemptAt: number,
): Promise<void> {
  if (!(await db.outbox.where('state').equals(from).count())) return;
  await strictTransaction(db, [db.outbox, db.messages], async () => {
    const stuck = await db.outbox.where('state').equals(from).toArray();
    for (const row of stuck) {
      await db.outbox.update(row.clientId, { state: to, nextAttemptAt });
      await db.messages.update(localMessageId(row.clientId), { state: to });
    }
  });
}

/** Unsent replies and their optimistic messages, as read from a store that is about to be rebuilt. */
export interface SavedReplies {
  outbox: OutboxRow[];
  messages: MessageRow[];
}

/**
 * Reads the unsent replies of a store opened without its schema (`new Dexie(name)` over whatever version is on disk,
 * so a store Duet can no longer open still gives them up). Returns nothing when the tables are not there.
 */
export async function readSavedReplies(raw: Dexie): Promise<SavedReplies> {
  const tables = raw.tables.map((t) => t.name);
  if (!tables.includes('outbox')) return { outbox: [], messages: [] };
  const pending = ((await raw.table('outbox').toArray()) as OutboxRow[]).filter((r) => r.state !== 'sent');
  const ids = new Set(pending.map((r) => r.clientId));
  const messages = tables.includes('messages')
    ? ((await raw.table('messages').toArray()) as MessageRow[]).filter(
        (m) => m.clientId && ids.has(m.clientId),
      )
    : [];
  return { outbox: pending, messages };
}

/** Writes saved replies into a fresh store (one strict transaction). */
export async function restoreSavedReplies(db: DuetDb, saved: SavedReplies): Promise<void> {
  if (!saved.outbox.length) return;
  await strictTransaction(db, [db.outbox, db.messages], async () => {
    await db.outbox.bulkPut(saved.outbox);
    await db.messages.bulkPut(saved.messages);
  });
}
