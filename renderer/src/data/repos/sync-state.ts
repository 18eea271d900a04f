// Sync-state repository: the per-stream bookkeeping rows (`syncState` table) every stream and the engine use —
// where backfill stands, how many items are stored, the last error, and how many malformed items Meta sent.
// The one place that builds their keys and counts their skipped items.
import { type MessagingPlatform } from '../../../../shared/models';
import { type ConversationRow, type DuetDb, type SyncStateRow, relaxedTransaction } from '../db';

/**
 * Sync state as stored. `skipped` = `backfillSkipped` (pages 2…n, accumulated once each) + `windowSkipped` (the
 * newest page, replaced on every fetch of it) so polling the same newest page again and again does not inflate it.
 */
export interface ContentSyncState extends SyncStateRow {
  backfillSkipped?: number;
  windowSkipped?: number;
}

/** The syncState key of one account's stream (`${accountId}|${stream}`). */
export function syncKey(accountId: string, stream: string): string {
  return `${accountId}|${stream}`;
}

/** The row that counts malformed messages of one platform's conversations (Diagnostics shows it). */
export function messagesStream(platform: MessagingPlatform): string {
  return `${platform} messages`;
}

/** Reads one stream's sync state (undefined before the first sync). */
export async function getSyncState(
  db: DuetDb,
  accountId: string,
  stream: string,
): Promise<ContentSyncState | undefined> {
  return (await db.syncState.get(syncKey(accountId, stream))) as ContentSyncState | undefined;
}

/** Every stream's sync state of an account. */
export async function listSyncStates(db: DuetDb, accountId: string): Promise<ContentSyncState[]> {
  return (await db.syncState.where('accountId').equals(accountId).toArray()) as ContentSyncState[];
}

/** Every stream's sync bookkeeping row, every account (diagnostics). */
export function allSyncStates(db: DuetDb): Promise<SyncStateRow[]> {
  return db.syncState.toArray();
}

/**
 * Forgets the sync state of some of an account's streams (`all`: every row of the account, the messages' skip
 * counts included), so they backfill again as on a first start (after a selective delete).
 */
export async function resetStreams(db: DuetDb, accountId: string, streams: readonly string[] | 'all') {
  if (streams === 'all') await db.syncState.where('accountId').equals(accountId).delete();
  else await db.syncState.bulkDelete(streams.map((s) => syncKey(accountId, s)));
}

/** Records a stream error (or clears it with undefined) without touching anything else. */
export async function setSyncError(db: DuetDb, accountId: string, stream: string, error: string | undefined) {
  await relaxedTransaction(db, [db.syncState], async () => {
    const prev = await getSyncState(db, accountId, stream);
    await db.syncState.put({ ...emptyState(accountId, stream), ...prev, lastError: error });
  });
}

function emptyState(accountId: string, stream: string): ContentSyncState {
  return {
    key: syncKey(accountId, stream),
    accountId,
    stream,
    backfillDone: false,
    itemCount: 0,
    skipped: 0,
  };
}

/**
 * The sync state after storing one page of a stream (callers put it in the page's own transaction): the item
 * count, the skipped counts (see ContentSyncState) and, for backfill pages, the cursor.
 */
export function nextSyncState(
  prev: ContentSyncState | undefined,
  accountId: string,
  stream: string,
  page: {
    skipped: number;
    newest: boolean;
    backfill?: { after?: string | undefined; done: boolean } | undefined;
    now: number;
  },
  itemCount: number,
): ContentSyncState {
  const base = { ...emptyState(accountId, stream), ...prev };
  const backfillSkipped = (base.backfillSkipped ?? 0) + (page.newest ? 0 : page.skipped);
  const windowSkipped = page.newest ? page.skipped : (base.windowSkipped ?? 0);
  const next: ContentSyncState = {
    ...base,
    itemCount,
    lastSyncedAt: page.now,
    lastError: undefined,
    backfillSkipped,
    windowSkipped,
    skipped: backfillSkipped + windowSkipped,
  };
  if (page.backfill) {
    next.backfillAfter = page.backfill.done ? undefined : page.backfill.after;
    next.backfillDone = page.backfill.done;
  }
  return next;
}

/**
 * Keeps count of the malformed messages Meta sent in each conversation's newest page, so Diagnostics can show them
 * (one row per account and platform). Each refresh replaces that conversation's count instead of adding to it.
 */
export async function recordSkippedMessages(
  db: DuetDb,
  pages: Array<{ conversation: ConversationRow; skipped: number }>,
): Promise<void> {
  const keyOf = (c: ConversationRow) => syncKey(c.accountId, messagesStream(c.platform));
  const keys = [...new Set(pages.map((p) => keyOf(p.conversation)))];
  await relaxedTransaction(db, [db.syncState], async () => {
    const prevs = await db.syncState.bulkGet(keys);
    const changed: SyncStateRow[] = [];
    for (const [i, key] of keys.entries()) {
      const prev = prevs[i];
      const by = { ...prev?.skippedBy };
      let dirty = false;
      for (const { conversation, skipped } of pages) {
        if (keyOf(conversation) !== key) continue;
        if (skipped > 0) {
          dirty ||= by[conversation.id] !== skipped;
          by[conversation.id] = skipped;
        } else if (by[conversation.id] !== undefined) {
          delete by[conversation.id];
          dirty = true;
        }
      }
      if (!dirty) continue;
      const { accountId, platform } = pages.find((p) => keyOf(p.conversation) === key)!.conversation;
      changed.push({
        key,
        accountId,
        stream: messagesStream(platform),
        backfillDone: true,
        itemCount: prev?.itemCount ?? 0,
        skipped: Object.values(by).reduce((a, b) => a + b, 0),
        skippedBy: by,
      });
    }
    if (changed.length) await db.syncState.bulkPut(changed);
  });
}
