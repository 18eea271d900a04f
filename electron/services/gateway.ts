// The gateway: typed Graph operations behind the bridge calls (not a raw proxy). It picks the Page token from the
// session, calls the Graph client, normalizes to shared models and maps failures to BridgeErrors / SendOutcomes.
// The inbox reads and sync/poll live here; content lists, sends, usage and media URL refresh in ./gateway/, and what
// each stream asks Graph for in ./gateway/poll-table.ts.
import { BridgeError, type CallRequest, type CallResponse } from '../../shared/bridge/contract';
import type { PollResult, UsageInfo } from '../../shared/bridge/calls/sync';
import type { ClockHint, ThreadResult } from '../../shared/bridge/calls/inbox';
import { MESSAGE_WINDOW } from '../../shared/delivery/match';
import { normalizeMessages } from '../../shared/graph/normalize';
import type { Conversation, Message, MessagingPlatform, PageOf } from '../../shared/models';
import { POLLED_STREAMS as STREAM_NAMES, type PolledStream as StreamName } from '../../shared/streams';
import {
  GraphCallError,
  graphPath,
  MAX_BATCH_REQUESTS,
  type BatchItem,
  type GraphParams,
} from './graph/client';
import { createCommentReads, type CommentReads } from './gateway/comments';
import { createCommentWrites, type CommentWrites } from './gateway/comment-writes';
import { createContentReads, type ContentReads } from './gateway/content';
import { createInsightsReads, type InsightsReads } from './gateway/insights';
import {
  asPage,
  createGatewayContext,
  DEFAULT_LIMIT,
  emptyPage,
  type GatewayOptions,
} from './gateway/context';
import { MESSAGE_FIELDS } from './gateway/fields';
import { refreshMediaUrl } from './gateway/media-url';
import { isInboxStream, POLL_TABLE, type PollSpec } from './gateway/poll-table';
import { createPublisher, type Publisher } from './gateway/publish';
import { createSender, type Sender } from './gateway/send';
import { usageOf } from './gateway/usage';

export type { GatewayOptions, GatewaySession } from './gateway/context';
export type { SendStatus } from './gateway/send';

/** The typed operations behind feed/*, gallery/*, sync/* and inbox/*, plus media URL refresh for the media cache. */
export interface Gateway extends ContentReads, CommentReads, CommentWrites, Omit<Sender, 'reset'> {
  insights: InsightsReads;
  conversations(req: CallRequest<'inbox/conversations'>): Promise<PageOf<Conversation>>;
  messages(req: CallRequest<'inbox/messages'>): Promise<PageOf<Message> & { clock?: ClockHint }>;
  /** Several conversations' messages, MAX_BATCH_REQUESTS per Graph batch request. */
  messagesBatch(req: CallRequest<'inbox/messages-batch'>): Promise<CallResponse<'inbox/messages-batch'>>;
  poll(req: PollArgs): Promise<PollResult>;
  usage(): UsageInfo[];
  /** A fresh CDN URL for a media key (CDN URLs expire; the key does not), or null. */
  refreshMediaUrl(key: string): Promise<string | null>;
  /** publish/*: media uploads and publishing to the Page and its Instagram account (gateway/publish.ts). */
  publish: Publisher;
  /** Forgets in-flight records and learned conversations (sign-out). */
  reset(): void;
  /**
   * Waits, at most `timeoutMs`, for the sends in flight to get their answers: a host that stops on purpose then
   * leaves nothing "in doubt" for the next start to reconcile. (A crash still does; reconciliation handles it.)
   */
  settle(timeoutMs: number): Promise<void>;
}

/** The arguments of sync/poll (after defaults). */
export type PollArgs = CallRequest<'sync/poll'> & {
  streams: NonNullable<CallRequest<'sync/poll'>['streams']>;
};

/**
 * How far before (attempt + offset) a delivery's created_time may fall: the reading's uncertainty, plus 1 s because
 * created_time drops the milliseconds too, plus 1 s for drift between reading and attempt.
 */
function clockTolerance(c: { uncertaintyMs: number }): number {
  return c.uncertaintyMs + 2000;
}

const messageParams: GraphParams = { fields: MESSAGE_FIELDS, limit: MESSAGE_WINDOW };

/** Creates the gateway. */
export function createGateway(opts: GatewayOptions): Gateway {
  const ctx = createGatewayContext(opts);
  const { account, selfIds, learn, ownConversation, noteFailure, toBridge, get, pageParams } = ctx;
  const content = createContentReads(ctx);
  const sender = createSender(ctx);

  async function batch(items: BatchItem[], token: string, accountId: string) {
    if (items.length === 0) return [];
    try {
      return await opts.graph.batch(items, token, accountId);
    } catch (err) {
      if (err instanceof GraphCallError) throw toBridge(err.info);
      throw err;
    }
  }

  /** Adds Meta's clock, read from the Date headers of this answer and earlier ones: the outbox compares in it. */
  function withClock<T extends object>(answer: T): T & { clock?: ClockHint } {
    const c = opts.graph.metaClock();
    return c ? { ...answer, clock: { offsetMs: c.offsetMs, toleranceMs: clockTolerance(c) } } : answer;
  }

  return {
    ...content,
    ...createCommentReads(ctx),
    ...createCommentWrites(ctx),
    insights: createInsightsReads(ctx),
    async conversations({ accountId, platform, after, limit }) {
      const acc = account(accountId);
      const spec: PollSpec<MessagingPlatform> = POLL_TABLE[platform];
      const node = spec.node(acc);
      if (node === undefined) return emptyPage();
      const raw = await get(accountId, graphPath(node, spec.edge), {
        ...pageParams(spec.fields, after, limit),
        ...spec.params,
      });
      const page = asPage(spec.normalize(raw, acc, selfIds(acc)));
      learn(accountId, page);
      return page;
    },
    async messages({ accountId, platform, conversationId }) {
      const acc = account(accountId);
      await ownConversation(acc, conversationId);
      // Meta returns details for the 20 most recent messages of a conversation only.
      const raw = await get(accountId, graphPath(conversationId, 'messages'), messageParams);
      const page = asPage(normalizeMessages(raw, accountId, platform, conversationId, selfIds(acc)));
      return withClock(page);
    },
    async messagesBatch({ accountId, conversations }) {
      const acc = account(accountId);
      const token = opts.session.pageToken(accountId);
      const threads: ThreadResult[] = [];
      // Ids from the renderer: each must be one of this Page's conversations before it goes into a Graph path.
      const asked: Array<{ platform: MessagingPlatform; conversationId: string; index: number }> = [];
      for (const c of conversations) {
        try {
          await ownConversation(acc, c.conversationId);
          asked.push({ ...c, index: threads.length });
          threads.push({ ok: false, conversationId: c.conversationId, code: 'upstream', message: '' });
        } catch (err) {
          if (!(err instanceof BridgeError) || err.code !== 'permission') throw err;
          threads.push({ ok: false, conversationId: c.conversationId, code: err.code, message: err.message });
        }
      }
      for (let start = 0; start < asked.length; start += MAX_BATCH_REQUESTS) {
        const part = asked.slice(start, start + MAX_BATCH_REQUESTS);
        const answers = await batch(
          part.map((c) => ({
            method: 'GET' as const,
            path: graphPath(c.conversationId, 'messages'),
            params: messageParams,
          })),
          token,
          accountId,
        );
        answers.forEach((a, i) => {
          const c = part[i]!;
          if (!a.ok) {
            const e = toBridge(a.error);
            if (e.code === 'session-expired') throw e;
            threads[c.index] = {
              ok: false,
              conversationId: c.conversationId,
              code: e.code,
              message: e.message,
            };
            return;
          }
          const page = normalizeMessages(a.data, accountId, c.platform, c.conversationId, selfIds(acc));
          threads[c.index] = { ok: true, conversationId: c.conversationId, page: asPage(page) };
        });
      }
      return withClock({ threads });
    },
    async poll(req) {
      const acc = account(req.accountId);
      const token = opts.session.pageToken(req.accountId);
      const limit = req.limit ?? DEFAULT_LIMIT;
      const result: PollResult = { pages: {}, errors: [] };
      // Each page goes into the slot of the stream whose row read it, so its type fits that slot.
      const pages = result.pages as Partial<Record<StreamName, PageOf<unknown>>>;
      // In the table's order, each stream once; a stream the account has no node for answers an empty page.
      const plan = STREAM_NAMES.filter((stream) => req.streams.includes(stream)).flatMap((stream) => {
        const spec: PollSpec<StreamName> = POLL_TABLE[stream];
        const node = spec.node(acc);
        if (node === undefined) {
          pages[stream] = emptyPage();
          return [];
        }
        const params: GraphParams = { fields: spec.fields, limit, ...spec.params };
        const item: BatchItem = { method: 'GET', path: graphPath(node, spec.edge), params, etag: true };
        return [{ stream, item }];
      });
      const answers = await batch(
        plan.map((p) => p.item),
        token,
        req.accountId,
      );
      answers.forEach((a, i) => {
        const { stream } = plan[i]!;
        if (!a.ok) {
          if (a.error.kind === 'auth') throw toBridge(a.error);
          noteFailure(a.error);
          result.errors.push({ stream, kind: a.error.kind, message: a.error.message });
          return;
        }
        // 304: nothing changed since the last poll; the renderer keeps what it has.
        const nm = a.notModified;
        const spec: PollSpec<StreamName> = POLL_TABLE[stream];
        const page = asPage(spec.normalize(nm ? null : a.data, acc, selfIds(acc)), nm);
        pages[stream] = page;
        if (isInboxStream(stream)) learn(acc.id, page as PageOf<Conversation>);
      });
      return result;
    },
    send: (req) => sender.send(req),
    sendStatus: (args) => sender.sendStatus(args),
    markSeen: (args) => sender.markSeen(args),
    settle: (timeoutMs) => sender.settle(timeoutMs),
    usage: () => usageOf(ctx),
    refreshMediaUrl: (key) => refreshMediaUrl(ctx, key),
    publish: createPublisher(ctx, opts.uploads),
    reset() {
      sender.reset();
      ctx.forgetConversations();
    },
  };
}
