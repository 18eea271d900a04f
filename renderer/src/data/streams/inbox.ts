// The inbox sync streams, one per platform (`messenger`, `instagram`). A desktop app cannot receive webhooks, so new
// messages are found by polling conversations (ordered by updated_time) and fetching messages only for the
// conversations whose updated_time moved. The Conversations API returns only the 20 newest messages of a
// conversation; everything fetched is kept, so history grows locally.
import { type Message, type MessagingPlatform } from '../../../../shared/models';
import { BridgeCallError, type Bridge } from '../../bridge';
import { type ConversationRow, type DuetDb, type MessageRow } from '../db';
import { ingestConversationPage, ingestMessageBatch, listConversations } from '../repos/inbox';
import { type SyncContext, type SyncStream } from '../sync/types';

/** What the inbox view and the streams share: which conversation is on screen, and "open this one" requests. */
export interface InboxSignals {
  /** The conversation shown in the thread view (null when none): no notification for it while focused. */
  openConversationId: string | null;
  /** Asks the UI to open a conversation (a notification was clicked). */
  requestOpen(conversationId: string): void;
  /** Subscribes to open requests; returns the unsubscribe function. */
  onOpenRequest(listener: (conversationId: string) => void): () => void;
}

/** Creates a fresh signals object. */
export function createInboxSignals(): InboxSignals {
  const listeners = new Set<(id: string) => void>();
  return {
    openConversationId: null,
    requestOpen: (id) => listeners.forEach((l) => l(id)),
    onOpenRequest(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

const signalsByDb = new WeakMap<DuetDb, InboxSignals>();
/** The signals shared by the streams and the view of one open store. */
export function inboxSignalsFor(db: DuetDb): InboxSignals {
  let s = signalsByDb.get(db);
  if (!s) {
    s = createInboxSignals();
    signalsByDb.set(db, s);
  }
  return s;
}

/** Options of the inbox streams. */
export interface InboxStreamOptions {
  db?: DuetDb;
  bridge?: Bridge;
  signals?: InboxSignals;
  /** Conversations per Graph page. */
  pageSize?: number;
  /** Parallel `inbox/messages` fetches (keeps the Graph budget and the host calm). */
  concurrency?: number;
  /** After backfill, messages are prefetched for this many most recent conversations (others load on open). */
  prefetchMessagesFor?: number;
  /** True when the window is focused and visible (tests pass their own). */
  isFocused?: () => boolean;
  now?: () => number;
}

function defaultFocused(): boolean {
  return typeof document !== 'undefined' && document.visibilityState === 'visible' && document.hasFocus();
}

/** Runs `fn` over `items` with at most `limit` in flight. */
async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item);
    }
  });
  await Promise.all(workers);
}

/** Errors that concern the whole stream (stop and let the engine react), not one conversation. */
function isStreamFatal(e: unknown): boolean {
  return e instanceof BridgeCallError && ['session-expired', 'not-signed-in', 'offline'].includes(e.code);
}

/** How many conversations' messages sync writes per transaction (fetched with `concurrency` in parallel). */
export const MESSAGE_WRITE_BATCH = 8;

/** Fetches one conversation's newest messages (Meta returns the 20 newest). */
function fetchMessages(bridge: Bridge, conversation: ConversationRow) {
  return bridge.invoke('inbox/messages', {
    accountId: conversation.accountId,
    platform: conversation.platform,
    conversationId: conversation.nativeId,
  });
}

/**
 * Stores fetched message pages of several conversations in one transaction (adopting outbox deliveries) and their
 * skipped counts in another. Returns each conversation's new inbound messages, in order.
 */
async function storeMessagePages(
  db: DuetDb,
  fetched: Array<{ conversation: ConversationRow; items: Message[]; skipped: number }>,
): Promise<MessageRow[][]> {
  const results = await ingestMessageBatch(db, fetched);
  await recordSkippedMessages(db, fetched);
  return results.map((r) => r.added.filter((m) => !m.fromPage));
}

/**
 * Fetches the messages of one conversation and stores them (adopting outbox deliveries). Returns the new inbound
 * messages. Exported for the thread view, which refreshes a conversation when it is opened.
 */
export async function syncConversationMessages(
  db: DuetDb,
  bridge: Bridge,
  conversation: ConversationRow,
): Promise<MessageRow[]> {
  const page = await fetchMessages(bridge, conversation);
  return (await storeMessagePages(db, [{ conversation, items: page.items, skipped: page.skipped }]))[0]!;
}

/**
 * Keeps count of the malformed messages Meta sent in each conversation's newest page, so Diagnostics can show them
 * (one row per account and platform). Each refresh replaces that conversation's count instead of adding to it.
 */
async function recordSkippedMessages(
  db: DuetDb,
  pages: Array<{ conversation: ConversationRow; skipped: number }>,
): Promise<void> {
  const keyOf = (c: ConversationRow) => `${c.accountId}|${c.platform} messages`;
  const keys = [...new Set(pages.map((p) => keyOf(p.conversation)))];
  await db.transaction('rw', db.syncState, async () => {
    const prevs = await db.syncState.bulkGet(keys);
    const changed = [];
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
        stream: `${platform} messages`,
        backfillDone: true,
        itemCount: prev?.itemCount ?? 0,
        skipped: Object.values(by).reduce((a, b) => a + b, 0),
        skippedBy: by,
      });
    }
    if (changed.length) await db.syncState.bulkPut(changed);
  });
}

function platformStream(platform: MessagingPlatform, opts: InboxStreamOptions): SyncStream {
  const pageSize = opts.pageSize ?? 25;
  const concurrency = opts.concurrency ?? 4;
  const prefetch = opts.prefetchMessagesFor ?? 50;
  const isFocused = opts.isFocused ?? defaultFocused;
  const now = opts.now ?? Date.now;
  const signalsOf = (ctx: SyncContext) => opts.signals ?? inboxSignalsFor(opts.db ?? ctx.db);
  const key = (ctx: SyncContext) => `${ctx.accountId}|${platform}`;

  const report = async (ctx: SyncContext) => {
    const s = await ctx.db.syncState.get(key(ctx));
    ctx.progress(platform, s?.itemCount ?? 0, s?.backfillDone ?? false);
  };

  async function notificationsOn(ctx: SyncContext): Promise<boolean> {
    try {
      return (await ctx.bridge.invoke('settings/get', {})).notifications;
    } catch {
      return true;
    }
  }

  /**
   * Fetches messages for conversations whose updated_time moved (`concurrency` at a time) and stores them
   * MESSAGE_WRITE_BATCH conversations per transaction; notifies about new inbound ones.
   */
  async function fetchMoved(ctx: SyncContext, moved: ConversationRow[], notify: boolean) {
    const fresh: Array<{ conv: ConversationRow; message: MessageRow }> = [];
    let fatal: unknown = null;
    for (let start = 0; start < moved.length && !ctx.cancelled() && !fatal; start += MESSAGE_WRITE_BATCH) {
      const fetched: Array<{ conversation: ConversationRow; items: Message[]; skipped: number }> = [];
      await pool(moved.slice(start, start + MESSAGE_WRITE_BATCH), concurrency, async (conv) => {
        if (ctx.cancelled() || fatal) return;
        try {
          const page = await fetchMessages(ctx.bridge, conv);
          fetched.push({ conversation: conv, items: page.items, skipped: page.skipped });
        } catch (e) {
          if (isStreamFatal(e)) fatal = e;
          // Otherwise one broken conversation must not stop the others; it is retried when it moves again.
        }
      });
      if (!fetched.length || ctx.cancelled()) continue;
      const inbound = await storeMessagePages(ctx.db, fetched);
      fetched.forEach(({ conversation: conv }, k) => {
        // Only messages newer than what we had fetched before are "new"; a first fetch is history, not news.
        const since = conv.messagesSyncedFor;
        const newest = inbound[k]!.filter((m) => since !== undefined && m.createdTime > since).at(-1);
        if (newest) fresh.push({ conv, message: newest });
      });
    }
    if (fatal) throw fatal;
    if (!notify || !fresh.length || ctx.cancelled() || !(await notificationsOn(ctx))) return;
    const signals = signalsOf(ctx);
    for (const { conv, message } of fresh) {
      if (signals.openConversationId === conv.id && isFocused()) continue;
      const who = conv.customer.name ?? conv.customer.username ?? 'Someone';
      const body = message.text ?? (message.attachments.length ? 'Sent an attachment' : 'New message');
      void ctx.bridge
        .notify(
          {
            title: `${who} · ${platform === 'instagram' ? 'Instagram' : 'Messenger'}`,
            body: body.slice(0, 500),
            conversationId: conv.id,
          },
          () => signals.requestOpen(conv.id),
        )
        .catch(() => false);
    }
  }

  return {
    name: platform,
    appliesTo: (account) => (platform === 'instagram' ? Boolean(account.instagram) : true),
    pollRequest: { conversations: [platform] },
    async ingestPoll(result, ctx) {
      const page = result.conversations[platform];
      if (!page || page.notModified) return;
      const res = await ingestConversationPage(ctx.db, page.items, {
        accountId: ctx.accountId,
        stream: platform,
        skipped: page.skipped,
        now: now(),
      });
      await fetchMoved(ctx, res.moved, true);
      await report(ctx);
    },
    async backfill(ctx) {
      let state = await ctx.db.syncState.get(key(ctx));
      await report(ctx);
      while (!state?.backfillDone && !ctx.cancelled()) {
        const page = await ctx.bridge.invoke('inbox/conversations', {
          accountId: ctx.accountId,
          platform,
          after: state?.backfillAfter,
          limit: pageSize,
        });
        if (ctx.cancelled()) return;
        await ingestConversationPage(ctx.db, page.items, {
          accountId: ctx.accountId,
          stream: platform,
          skipped: page.skipped,
          backfill: { after: page.paging.after, done: !page.paging.hasMore || !page.paging.after },
          now: now(),
        });
        state = await ctx.db.syncState.get(key(ctx));
        await report(ctx);
      }
      if (ctx.cancelled()) return;
      // Read offline: the most recent conversations get their messages now; older ones load when opened.
      const recent = await listConversations(ctx.db, ctx.accountId, { filter: platform, limit: prefetch });
      await fetchMoved(
        ctx,
        recent.filter((c) => c.messagesSyncedFor !== c.updatedTime),
        false,
      );
    },
  };
}

/** The inbox streams for the sync engine: `messenger`, and `instagram` when the Page has a linked IG account. */
export function inboxStreams(opts: InboxStreamOptions = {}): SyncStream[] {
  return [platformStream('messenger', opts), platformStream('instagram', opts)];
}
