// The inbox repository: every read goes through an indexed range with a limit (never a table scan), every write of
// a fetched page is one bulk transaction. Messages are never deleted by sync: Meta's Conversations API returns only
// the 20 newest messages of a conversation, so Duet's local copy is the only full history.
import Dexie from 'dexie';
import { mayBeDelivery } from '../../../../shared/delivery/match';
import { type Conversation, type Message, type MessagingPlatform } from '../../../../shared/models';
import {
  type ConversationRow,
  type DuetDb,
  type MessageRow,
  type OutboxRow,
  relaxedTransaction,
} from '../db';
import { searchTerms, wordsOf } from '../words';
import { getSyncState, nextSyncState } from './sync-state';

/** Which conversations the merged list shows. */
export type InboxFilter = 'all' | MessagingPlatform | 'unread';

/** The merged conversation list, most recently active first, read through the filter's compound index. */
export function listConversations(
  db: DuetDb,
  accountId: string,
  opts: { filter?: InboxFilter; limit?: number; before?: number } = {},
): Promise<ConversationRow[]> {
  const filter = opts.filter ?? 'all';
  const limit = opts.limit ?? 100;
  const upper = opts.before ?? Dexie.maxKey;
  let collection;
  if (filter === 'all') {
    collection = db.conversations
      .where('[accountId+updatedTime]')
      .between([accountId, Dexie.minKey], [accountId, upper], true, opts.before === undefined);
  } else if (filter === 'unread') {
    collection = db.conversations
      .where('[accountId+unread+updatedTime]')
      .between([accountId, 1, Dexie.minKey], [accountId, 1, upper], true, opts.before === undefined);
  } else {
    collection = db.conversations
      .where('[accountId+platform+updatedTime]')
      .between(
        [accountId, filter, Dexie.minKey],
        [accountId, filter, upper],
        true,
        opts.before === undefined,
      );
  }
  return collection.reverse().limit(limit).toArray();
}

/** Every stored conversation, any account (a full read: tools and e2e only, never a view). */
export function allConversations(db: DuetDb): Promise<ConversationRow[]> {
  return db.conversations.toArray();
}

/** One conversation by store id. */
export function getConversation(db: DuetDb, id: string): Promise<ConversationRow | undefined> {
  return db.conversations.get(id);
}

/** The newest `limit` messages of a conversation, oldest first (the thread's bottom-anchored window). */
export async function threadWindow(db: DuetDb, conversationId: string, limit: number): Promise<MessageRow[]> {
  const rows = await db.messages
    .where('[conversationId+createdTime]')
    .between([conversationId, Dexie.minKey], [conversationId, Dexie.maxKey])
    .reverse()
    .limit(limit)
    .toArray();
  return rows.reverse();
}

/** Up to `limit` messages strictly older than `beforeTime`, oldest first (one page of older history). */
export async function messagesBefore(
  db: DuetDb,
  conversationId: string,
  beforeTime: number,
  limit: number,
): Promise<MessageRow[]> {
  const rows = await db.messages
    .where('[conversationId+createdTime]')
    .between([conversationId, Dexie.minKey], [conversationId, beforeTime], true, false)
    .reverse()
    .limit(limit)
    .toArray();
  return rows.reverse();
}

/** Every message of a conversation strictly older than `beforeTime` (a range of the thread index; selective delete). */
export function messagesOlderThan(db: DuetDb, conversationId: string, beforeTime: number) {
  return db.messages
    .where('[conversationId+createdTime]')
    .between([conversationId, Dexie.minKey], [conversationId, beforeTime], true, false);
}

/** Makes conversations fetch their messages again at their next listing (their stored messages were deleted). */
export async function refetchMessagesOf(db: DuetDb, conversationIds: readonly string[]): Promise<void> {
  for (const id of conversationIds)
    await db.conversations.update(id, { messagesSyncedFor: undefined, messagesUnsettled: undefined });
}

/**
 * After messages older than `before` were deleted: a conversation whose last message is older lost the message its
 * list preview quotes, so the preview goes too (the next listing writes Meta's again).
 */
export async function dropSnippetsBefore(db: DuetDb, accountId: string, before: number): Promise<void> {
  await db.conversations
    .where('[accountId+updatedTime]')
    .between([accountId, Dexie.minKey], [accountId, before], true, false)
    .modify((c) => {
      delete c.snippet;
    });
}

/** How many messages of a conversation are stored locally (index count, no scan of rows). */
export function countMessages(db: DuetDb, conversationId: string): Promise<number> {
  return db.messages
    .where('[conversationId+createdTime]')
    .between([conversationId, Dexie.minKey], [conversationId, Dexie.maxKey])
    .count();
}

/** Total unread messages of an account (sum over the unread conversations, read by the unread index). */
export async function totalUnread(db: DuetDb, accountId: string): Promise<number> {
  // One getAll over the index range rather than a cursor walk: this runs at every start (the window title), beside
  // the first reads of the feed and gallery.
  const unread = await db.conversations
    .where('[accountId+unread+updatedTime]')
    .between([accountId, 1, Dexie.minKey], [accountId, 1, Dexie.maxKey])
    .toArray();
  return unread.reduce((total, c) => total + Math.max(1, c.unreadCount), 0);
}

/**
 * Whether a conversation's messages should be fetched: never fetched, `updated_time` moved since, or the last fetch
 * may have missed a message written in the same second (`messagesUnsettled`). The one rule sync, the prefetch and
 * the thread view use.
 */
export function needsMessages(
  c: Pick<ConversationRow, 'updatedTime' | 'messagesSyncedFor' | 'messagesUnsettled'>,
) {
  return c.messagesSyncedFor !== c.updatedTime || c.messagesUnsettled === true;
}

/**
 * Whether a fetch that began at Meta time `readFrom` (a lower bound, `deliveryFloor` of the local start) saw every
 * message of a conversation whose `updated_time` is `updatedTime`: only if it began after that second ended.
 */
function fetchComplete(updatedTime: number, readFrom: number | undefined): boolean {
  return readFrom !== undefined && readFrom >= updatedTime + 1000;
}

/** What a page ingest changed: conversations whose `updated_time` moved since their messages were last fetched. */
export interface ConversationIngestResult {
  written: number;
  /** Conversations whose messages should be (re)fetched, most recently active first. */
  moved: ConversationRow[];
  /** Ids that were not stored before this page. */
  added: Set<string>;
}

/** Sync bookkeeping stored in the same transaction as a conversation page. */
export interface ConversationSyncWrite {
  accountId: string;
  stream: MessagingPlatform;
  skipped: number;
  /** Backfill cursor to store (omit for poll pages). */
  backfill?: { after?: string | undefined; done: boolean };
  now: number;
}

function unreadFlag(c: Pick<ConversationRow, 'unreadCount' | 'updatedTime' | 'readUpTo'>): 0 | 1 {
  return c.unreadCount > 0 && (c.readUpTo ?? -Infinity) < c.updatedTime ? 1 : 0;
}

/**
 * Stores one page of conversations in one transaction, keeping the local facts Meta doesn't return
 * (`lastCustomerMessageAt`, `messagesSyncedFor`, `readUpTo`) and deriving `unread`.
 */
export async function ingestConversationPage(
  db: DuetDb,
  items: Conversation[],
  sync?: ConversationSyncWrite,
): Promise<ConversationIngestResult> {
  const moved: ConversationRow[] = [];
  const added = new Set<string>();
  await relaxedTransaction(db, [db.conversations, db.syncState], async () => {
    const existing = await db.conversations.bulkGet(items.map((c) => c.id));
    const rows = items.map((c, i): ConversationRow => {
      const old = existing[i];
      if (!old) added.add(c.id);
      const row: ConversationRow = {
        ...c,
        unread: 0,
        lastCustomerMessageAt: old?.lastCustomerMessageAt,
        messagesSyncedFor: old?.messagesSyncedFor,
        readUpTo: old?.readUpTo,
      };
      if (old?.messagesUnsettled) row.messagesUnsettled = true;
      // A conversation read locally stays read until something newer arrives, even when mark_seen is off and
      // Meta still reports unread_count.
      if (old?.readUpTo !== undefined && old.readUpTo >= c.updatedTime) row.unreadCount = 0;
      row.unread = unreadFlag(row);
      if (needsMessages(row)) moved.push(row);
      return row;
    });
    await db.conversations.bulkPut(rows);
    if (sync) {
      const prev = await getSyncState(db, sync.accountId, sync.stream);
      const itemCount = await db.conversations
        .where('[accountId+platform+updatedTime]')
        .between([sync.accountId, sync.stream, Dexie.minKey], [sync.accountId, sync.stream, Dexie.maxKey])
        .count();
      // Like the content streams: the newest page is re-fetched on every poll, so its skips replace, not add.
      const page = { skipped: sync.skipped, newest: !sync.backfill, backfill: sync.backfill, now: sync.now };
      const row = nextSyncState(prev, sync.accountId, sync.stream, page, itemCount);
      await db.syncState.put(row);
    }
  });
  moved.sort((a, b) => b.updatedTime - a.updatedTime);
  return { written: items.length, moved, added };
}

/** What a messages ingest did. */
export interface MessageIngestResult {
  /** Messages stored for the first time (not adopted replies). */
  added: MessageRow[];
  /** clientIds of outbox entries whose delivery was recognised in this page. */
  adopted: string[];
}

/** The optimistic message's id for an outbox entry (replaced by Meta's id once its delivery is known). */
export function localMessageId(clientId: string): string {
  return `local:${clientId}`;
}

/** A message id as stored: `${platform}:${nativeId}` (accepts ids that already carry the prefix). */
export function storeMessageId(platform: MessagingPlatform, messageId: string): string {
  return messageId.startsWith(`${platform}:`) ? messageId : `${platform}:${messageId}`;
}

/** A Page message of the page is this pending entry's delivery (the rule is `mayBeDelivery`, shared with the outbox). */
function isCandidate(entry: OutboxRow, m: Message): boolean {
  // matchFrom is the attempt in Meta's clock, which stamps created_time (the outbox sets it from the host's reading
  // of Meta's Date header). Without it nothing is adopted here: such an entry is settled by its send answer (the
  // message id) or by reconciliation, which always sets matchFrom first.
  return (
    (entry.state === 'sending' || entry.state === 'unknown') && mayBeDelivery(m, entry.text, entry.matchFrom)
  );
}

/** One conversation's fetched messages, as one entry of a batch ingest. */
export interface MessagePage {
  conversation: Pick<ConversationRow, 'id' | 'updatedTime'>;
  items: Message[];
  /** When the fetch began, in Meta's time, at the earliest (`deliveryFloor`); absent when Meta's clock is unknown. */
  readFrom?: number | undefined;
}

/** The stored messages of a conversation dated within the span of `list` (none for an empty list). */
function storedInSpan(db: DuetDb, conversationId: string, list: Message[]): Promise<MessageRow[]> {
  if (!list.length) return Promise.resolve([]);
  let lo = Infinity;
  let hi = -Infinity;
  for (const m of list) {
    lo = Math.min(lo, m.createdTime);
    hi = Math.max(hi, m.createdTime);
  }
  return db.messages
    .where('[conversationId+createdTime]')
    .between([conversationId, lo], [conversationId, hi], true, true)
    .toArray();
}

/**
 * Stores messages of one conversation in one transaction (see `ingestMessageBatch`). The outbox and the thread view
 * use it; sync writes several conversations per transaction with `ingestMessageBatch`.
 */
export async function ingestMessages(
  db: DuetDb,
  conversation: Pick<ConversationRow, 'id' | 'updatedTime'>,
  items: Message[],
  readFrom?: number,
): Promise<MessageIngestResult> {
  return (await ingestMessageBatch(db, [{ conversation, items, readFrom }]))[0]!;
}

/**
 * Stores the messages of several conversations in one transaction; one result per page, in order. Nothing is ever
 * deleted (history grows locally); a message already stored is updated in place keeping its delivery fields. A
 * Page-sent message that is not stored yet and matches an outbox entry of its conversation still in
 * `sending`/`unknown` (same text, dated at or after its attempt) is adopted: it replaces the optimistic `local:`
 * row, so a reply is never shown twice. Each conversation records the `updated_time` its messages were fetched for
 * (and whether that fetch is known complete, see `needsMessages`) and its customer's last message time (the reply
 * window).
 */
export async function ingestMessageBatch(db: DuetDb, pages: MessagePage[]): Promise<MessageIngestResult[]> {
  const results: MessageIngestResult[] = pages.map(() => ({ added: [], adopted: [] }));
  if (!pages.length) return results;
  await relaxedTransaction(db, [db.messages, db.conversations, db.outbox], async () => {
    const normalized = pages.map((p) => p.items.map((m) => ({ ...m, conversationId: p.conversation.id })));
    const convIds = [...new Set(pages.map((p) => p.conversation.id))];
    // Only conversations with a Page-sent message can adopt an outbox delivery.
    const adopting = convIds.filter((id) =>
      pages.some((p, k) => p.conversation.id === id && normalized[k]!.some((m) => m.fromPage)),
    );
    // Every read goes out at once (one round trip, not one per conversation and kind). Which messages are stored
    // already: one index range per page (the page's time span in its conversation), not one lookup per message —
    // a message sync stored has Meta's created_time, which never changes. Page-sent messages are also looked up by
    // id: the outbox may have stored a reply with its own estimate of the time (adoptDelivery).
    const pageSent = normalized.flat().filter((m) => m.fromPage);
    const [byId, convRows, ...rest] = await Promise.all([
      db.messages.bulkGet(pageSent.map((m) => m.id)),
      db.conversations.bulkGet(convIds),
      ...adopting.map((id) =>
        db.outbox.where('[conversationId+seq]').between([id, Dexie.minKey], [id, Dexie.maxKey]).toArray(),
      ),
      ...normalized.map((list, k) => storedInSpan(db, pages[k]!.conversation.id, list)),
    ]);
    const outboxRows = rest.slice(0, adopting.length) as OutboxRow[][];
    const stored = new Map<string, MessageRow>();
    for (const row of [...byId, ...(rest.slice(adopting.length) as MessageRow[][]).flat()])
      if (row) stored.set(row.id, row);
    const convs = new Map(convIds.map((id, i) => [id, convRows[i]]));
    const pendingOf = new Map(
      adopting.map((id, i) => [
        id,
        outboxRows[i]!.filter((e) => e.state === 'sending' || e.state === 'unknown'),
      ]),
    );
    const rows = new Map<string, MessageRow>();
    const localIdsToDelete: string[] = [];
    const adoptedAll: string[] = [];
    const changedConvs = new Map<string, ConversationRow>();
    pages.forEach((page, k) => {
      const list = normalized[k]!;
      const { added, adopted } = results[k]!;
      const pending = pendingOf.get(page.conversation.id) ?? [];
      const conv = changedConvs.get(page.conversation.id) ?? convs.get(page.conversation.id);
      let lastCustomer = conv?.lastCustomerMessageAt ?? -Infinity;
      // Oldest first, so two pending entries with the same text are matched in send order.
      const order = list.map((_, i) => i).sort((a, b) => list[a]!.createdTime - list[b]!.createdTime);
      for (const i of order) {
        const m = list[i]!;
        const old = stored.get(m.id);
        const row: MessageRow = { ...m, words: wordsOf(m.text) };
        if (!m.fromPage && m.createdTime > lastCustomer) lastCustomer = m.createdTime;
        if (old) {
          if (old.clientId) row.clientId = old.clientId;
          if (old.state) row.state = old.state;
        } else {
          const entry = m.fromPage && pending.length ? pending.find((e) => isCandidate(e, m)) : undefined;
          if (entry) {
            pending.splice(pending.indexOf(entry), 1);
            row.clientId = entry.clientId;
            row.state = 'sent';
            localIdsToDelete.push(localMessageId(entry.clientId));
            adopted.push(entry.clientId);
            adoptedAll.push(entry.clientId);
          } else {
            added.push(row);
          }
        }
        // A message listed twice in one batch (the same conversation fetched twice) counts as stored the second time.
        stored.set(m.id, row);
        rows.set(m.id, row);
      }
      if (conv) {
        const next: ConversationRow = { ...conv, messagesSyncedFor: page.conversation.updatedTime };
        delete next.messagesUnsettled;
        if (!fetchComplete(page.conversation.updatedTime, page.readFrom)) next.messagesUnsettled = true;
        if (Number.isFinite(lastCustomer)) next.lastCustomerMessageAt = lastCustomer;
        changedConvs.set(conv.id, next);
      }
    });
    // The writes go out together too; IndexedDB still applies them in order within the transaction.
    const writes: Array<Promise<unknown>> = [db.messages.bulkPut([...rows.values()])];
    if (localIdsToDelete.length) writes.push(db.messages.bulkDelete(localIdsToDelete));
    if (adoptedAll.length) writes.push(db.outbox.bulkDelete(adoptedAll));
    if (changedConvs.size) writes.push(db.conversations.bulkPut([...changedConvs.values()]));
    await Promise.all(writes);
  });
  return results;
}

/** Which outbox entry owns each stored message (by message id; absent when none or not stored). */
export async function clientIdsOf(
  db: DuetDb,
  messageIds: string[],
): Promise<Map<string, string | undefined>> {
  const stored = await db.messages.bulkGet(messageIds);
  return new Map(messageIds.map((id, i) => [id, stored[i]?.clientId]));
}

/**
 * A stored message and how many messages of its conversation are at or after it (what a thread window must hold to
 * show it), or undefined when it is not stored.
 */
export async function messagePosition(
  db: DuetDb,
  conversationId: string,
  messageId: string,
): Promise<{ message: MessageRow; fromEnd: number } | undefined> {
  const message = await db.messages.get(messageId);
  if (!message) return undefined;
  const fromEnd = await db.messages
    .where('[conversationId+createdTime]')
    .between([conversationId, message.createdTime], [conversationId, Dexie.maxKey])
    .count();
  return { message, fromEnd };
}

/** Marks a conversation read locally (up to its last activity). */
export async function markReadLocally(db: DuetDb, conversationId: string): Promise<void> {
  await relaxedTransaction(db, [db.conversations], async () => {
    const c = await db.conversations.get(conversationId);
    if (!c) return;
    await db.conversations.update(conversationId, { unread: 0, unreadCount: 0, readUpTo: c.updatedTime });
  });
}

/** One search hit. */
export interface SearchHit {
  message: MessageRow;
  conversation?: ConversationRow;
}

/**
 * Offline full-text search over every stored message of an account, both platforms. Each query word matches as a
 * prefix of a message word; the index probe uses the longest query word; newest first.
 */
export async function searchMessages(
  db: DuetDb,
  accountId: string,
  query: string,
  limit = 50,
): Promise<SearchHit[]> {
  const terms = searchTerms(query);
  if (!terms.length) return [];
  const probe = terms.reduce((a, b) => (b.length > a.length ? b : a));
  const matches = await db.messages
    .where('words')
    .startsWith(probe)
    .distinct()
    .filter((m) => m.accountId === accountId && terms.every((t) => m.words.some((w) => w.startsWith(t))))
    .limit(limit * 4)
    .toArray();
  matches.sort((a, b) => b.createdTime - a.createdTime);
  const top = matches.slice(0, limit);
  const convs = await db.conversations.bulkGet([...new Set(top.map((m) => m.conversationId))]);
  const byId = new Map(convs.filter((c): c is ConversationRow => !!c).map((c) => [c.id, c]));
  return top.map((message) => ({ message, conversation: byId.get(message.conversationId) }));
}
