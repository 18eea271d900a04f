// The inbox sync streams, one per platform (`messenger`, `instagram`). A desktop app cannot receive webhooks, so new
// messages are found by polling conversations (ordered by updated_time) and fetching messages only for the
// conversations whose updated_time moved — all of a tick's moved conversations, of both platforms, in ONE
// inbox/messages-batch call. The Conversations API returns only the 20 newest messages of a conversation; everything
// fetched is kept, so history grows locally. The streams report new inbound messages; what the user sees of them
// (desktop notifications) is decided in features/inbox.
import { MAX_MESSAGES_BATCH } from '../../../../shared/bridge/limits';
import { deliveryFloor } from '../../../../shared/delivery/match';
import { type PollResult } from '../../../../shared/bridge/calls/sync';
import { type Message, type MessagingPlatform } from '../../../../shared/models';
import { INBOX_STREAMS } from '../../../../shared/streams';
import { BridgeCallError, type Bridge } from '../../bridge';
import { type ConversationRow, type DuetDb, type MessageRow } from '../db';
import { noteMetaClock } from '../meta-clock';
import { ingestConversationPage, ingestMessageBatch, listConversations, needsMessages } from '../repos/inbox';
import { getSyncState, recordSkippedMessages } from '../repos/sync-state';
import { type SyncContext, type SyncStream } from '../sync/types';
import { writeInBatches } from './write-batch';

/** A message a customer sent that sync stored for the first time, newer than what was fetched before. */
export interface InboundMessage {
  conversation: ConversationRow;
  message: MessageRow;
}

/** Options of the inbox streams. */
export interface InboxStreamOptions {
  /** Conversations per Graph page. */
  pageSize?: number;
  /** After backfill, messages are prefetched for this many most recent conversations (others load on open). */
  prefetchMessagesFor?: number;
  /** Told about new inbound messages found by a poll tick (not about history fetched by backfill). */
  onInbound?: (messages: InboundMessage[]) => void;
  now?: () => number;
}

/** Errors that concern the whole stream (stop and let the engine react), not some conversations. */
function isStreamFatal(e: unknown): boolean {
  return e instanceof BridgeCallError && ['session-expired', 'not-signed-in', 'offline'].includes(e.code);
}

type FetchedPage = {
  conversation: ConversationRow;
  items: Message[];
  skipped: number;
  /** When the fetch began, in Meta's time at the earliest (see `needsMessages`). */
  readFrom: number | undefined;
};

/**
 * Stores fetched message pages of several conversations in one transaction (adopting outbox deliveries) and their
 * skipped counts in another. Returns each conversation's new inbound messages, in order.
 */
async function storeMessagePages(db: DuetDb, fetched: FetchedPage[]): Promise<MessageRow[][]> {
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
  const startedAt = Date.now();
  const page = await bridge.invoke('inbox/messages', {
    accountId: conversation.accountId,
    platform: conversation.platform,
    conversationId: conversation.nativeId,
  });
  noteMetaClock(page.clock);
  const readFrom = deliveryFloor(startedAt, page.clock);
  return (
    await storeMessagePages(db, [{ conversation, items: page.items, skipped: page.skipped, readFrom }])
  )[0]!;
}

/**
 * Fetches the messages of conversations (of either platform) in one inbox/messages-batch call per
 * MAX_MESSAGES_BATCH and stores them several conversations per transaction (`writeInBatches` sizes them). Returns the inbound
 * messages newer than what was fetched before (a first fetch is history, not news).
 */
async function fetchThreads(ctx: SyncContext, conversations: ConversationRow[]): Promise<InboundMessage[]> {
  const fresh: InboundMessage[] = [];
  for (let start = 0; start < conversations.length && !ctx.cancelled(); start += MAX_MESSAGES_BATCH) {
    const part = conversations.slice(start, start + MAX_MESSAGES_BATCH);
    let threads, clock;
    const startedAt = Date.now();
    try {
      ({ threads, clock } = await ctx.bridge.invoke('inbox/messages-batch', {
        accountId: ctx.accountId,
        conversations: part.map((c) => ({ platform: c.platform, conversationId: c.nativeId })),
      }));
    } catch (e) {
      if (isStreamFatal(e)) throw e;
      // Otherwise these conversations are fetched again when they move again (or by the next backfill).
      continue;
    }
    // One broken conversation must not stop the others; it is retried when it moves again.
    noteMetaClock(clock);
    const readFrom = deliveryFloor(startedAt, clock);
    const fetched = part.flatMap((conversation, i): FetchedPage[] => {
      const t = threads[i];
      return t?.ok && t.conversationId === conversation.nativeId
        ? [{ conversation, items: t.page.items, skipped: t.page.skipped, readFrom }]
        : [];
    });
    await writeInBatches(
      fetched,
      async (chunk) => {
        const inbound = await storeMessagePages(ctx.db, chunk);
        chunk.forEach(({ conversation }, k) => {
          const since = conversation.messagesSyncedFor;
          // At or after: a message written later in the second of the last fetch's updated_time is news too (it
          // was not stored before, see needsMessages); an earlier one slid into the page from history.
          const newest = inbound[k]!.filter((m) => since !== undefined && m.createdTime >= since).at(-1);
          if (newest) fresh.push({ conversation, message: newest });
        });
      },
      { cancelled: ctx.cancelled },
    );
  }
  return fresh;
}

/**
 * Lets the inbox streams of one poll answer share one messages fetch: each stores its conversation page and adds
 * its moved conversations; when the last one has, one fetch runs for all and every stream gets its result.
 */
function createMovedGather() {
  type Gather = { pending: number; moved: ConversationRow[]; result: Promise<InboundMessage[]>; go(): void };
  const byAnswer = new WeakMap<PollResult, Gather>();
  const start = (answer: PollResult, ctx: SyncContext): Gather => {
    // Every inbox stream this answer carries a page or an error for takes part (they all ingest this answer).
    const pending = INBOX_STREAMS.filter(
      (p) => answer.pages[p] !== undefined || answer.errors.some((e) => e.stream === p),
    ).length;
    let go = () => {};
    const moved: ConversationRow[] = [];
    const result = new Promise<InboundMessage[]>((resolve, reject) => {
      go = () => fetchThreads(ctx, moved).then(resolve, reject);
    });
    // Unobserved when every stream failed before joining; each joined stream observes it.
    result.catch(() => undefined);
    return { pending, moved, result, go };
  };
  return {
    /** Adds a stream's moved conversations; resolves with the inbound messages of everything fetched. */
    join(answer: PollResult, ctx: SyncContext, moved: ConversationRow[]): Promise<InboundMessage[]> {
      let g = byAnswer.get(answer);
      if (!g) byAnswer.set(answer, (g = start(answer, ctx)));
      g.moved.push(...moved);
      if (--g.pending <= 0) g.go();
      return g.result;
    },
  };
}

function platformStream(
  platform: MessagingPlatform,
  opts: InboxStreamOptions,
  gather: ReturnType<typeof createMovedGather>,
): SyncStream {
  const pageSize = opts.pageSize ?? 25;
  const prefetch = opts.prefetchMessagesFor ?? 50;
  const now = opts.now ?? Date.now;

  const report = async (ctx: SyncContext) => {
    const s = await getSyncState(ctx.db, ctx.accountId, platform);
    ctx.progress(platform, s?.itemCount ?? 0, s?.backfillDone ?? false);
  };

  return {
    name: platform,
    appliesTo: (account) => (platform === 'instagram' ? Boolean(account.instagram) : true),
    async ingestPoll(result, ctx) {
      let moved: ConversationRow[] = [];
      let stored: { failed: false } | { failed: true; error: unknown } = { failed: false };
      const page = result.pages[platform];
      if (page && !page.notModified) {
        try {
          const res = await ingestConversationPage(ctx.db, page.items, {
            accountId: ctx.accountId,
            stream: platform,
            skipped: page.skipped,
            now: now(),
          });
          moved = res.moved;
        } catch (error) {
          stored = { failed: true, error };
        }
      }
      // Joined even when storing failed, so the other platform's stream never waits for this one in vain.
      const inbound = gather.join(result, ctx, moved);
      if (stored.failed) throw stored.error;
      const mine = (await inbound).filter((x) => x.conversation.platform === platform);
      if (mine.length && !ctx.cancelled()) opts.onInbound?.(mine);
      await report(ctx);
    },
    async backfill(ctx) {
      let state = await getSyncState(ctx.db, ctx.accountId, platform);
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
        state = await getSyncState(ctx.db, ctx.accountId, platform);
        await report(ctx);
      }
      if (ctx.cancelled()) return;
      // Read offline: the most recent conversations get their messages now; older ones load when opened.
      const recent = await listConversations(ctx.db, ctx.accountId, { filter: platform, limit: prefetch });
      await fetchThreads(
        ctx,
        recent.filter((c) => needsMessages(c)),
      );
    },
  };
}

/** The inbox streams for the sync engine: `messenger`, and `instagram` when the Page has a linked IG account. */
export function inboxStreams(opts: InboxStreamOptions = {}): SyncStream[] {
  const gather = createMovedGather();
  return INBOX_STREAMS.map((platform) => platformStream(platform, opts, gather));
}
