// The gateway: typed Graph operations behind the bridge calls (not a raw proxy). It picks the Page token from the
// session, calls the Graph client, normalizes to shared models and maps failures to BridgeErrors / SendOutcomes.
// The inbox reads and sync/poll live here; content lists, sends, usage and media URL refresh in ./gateway/.
import type { PollResult, UsageInfo } from '../../shared/bridge/calls/sync';
import type { ClockHint, SendOutcome, SendRequest } from '../../shared/bridge/calls/inbox';
import { MESSAGE_WINDOW } from '../../shared/delivery/match';
import {
  normalizeConversations,
  normalizeMedia,
  normalizeMessages,
  normalizePosts,
  normalizeStories,
} from '../../shared/graph/normalize';
import type { Conversation, Message, MessagingPlatform, PageOf } from '../../shared/models';
import { GraphCallError, graphPath, type BatchItem, type GraphParams } from './graph/client';
import { createContentReads, type ContentReads } from './gateway/content';
import {
  asPage,
  createGatewayContext,
  DEFAULT_LIMIT,
  emptyPage,
  type GatewayOptions,
} from './gateway/context';
import {
  CONVERSATION_FIELDS,
  MEDIA_FIELDS,
  MESSAGE_FIELDS,
  POST_FIELDS,
  STORY_FIELDS,
} from './gateway/fields';
import { refreshMediaUrl } from './gateway/media-url';
import { createSender, type Sender } from './gateway/send';
import { usageOf } from './gateway/usage';

export type { GatewayOptions, GatewaySession } from './gateway/context';
export type { SendStatus } from './gateway/send';

/** The typed operations behind feed/*, gallery/*, sync/* and inbox/*, plus media URL refresh for the media cache. */
export interface Gateway extends ContentReads, Omit<Sender, 'reset'> {
  conversations(
    accountId: string,
    platform: MessagingPlatform,
    after?: string,
    limit?: number,
  ): Promise<PageOf<Conversation>>;
  messages(
    accountId: string,
    platform: MessagingPlatform,
    conversationId: string,
  ): Promise<PageOf<Message> & { clock?: ClockHint }>;
  poll(req: PollArgs): Promise<PollResult>;
  usage(): UsageInfo[];
  /** A fresh CDN URL for a media key (CDN URLs expire; the key does not), or null. */
  refreshMediaUrl(key: string): Promise<string | null>;
  /** Forgets in-flight records and learned conversations (sign-out). */
  reset(): void;
  /**
   * Waits, at most `timeoutMs`, for the sends in flight to get their answers: a host that stops on purpose then
   * leaves nothing "in doubt" for the next start to reconcile. (A crash still does; reconciliation handles it.)
   */
  settle(timeoutMs: number): Promise<void>;
}

/** The arguments of sync/poll (after defaults). */
export interface PollArgs {
  accountId: string;
  feed: boolean;
  media: boolean;
  stories: boolean;
  conversations: Array<'messenger' | 'instagram'>;
  limit?: number | undefined;
}

/**
 * How far before (attempt + offset) a delivery's created_time may fall: the reading's uncertainty, plus 1 s because
 * created_time drops the milliseconds too, plus 1 s for drift between reading and attempt.
 */
function clockTolerance(c: { uncertaintyMs: number }): number {
  return c.uncertaintyMs + 2000;
}

/** Creates the gateway. */
export function createGateway(opts: GatewayOptions): Gateway {
  const ctx = createGatewayContext(opts);
  const { account, selfIds, learn, ownConversation, toBridge, get, pageParams } = ctx;
  const content = createContentReads(ctx);
  const sender = createSender(ctx);

  return {
    ...content,
    async conversations(accountId, platform, after, limit) {
      const acc = account(accountId);
      if (platform === 'instagram' && !acc.instagram) return emptyPage();
      // Instagram conversations are read through the Page too, with the Page token (Conversations API).
      const raw = await get(accountId, graphPath(accountId, 'conversations'), {
        ...pageParams(CONVERSATION_FIELDS, after, limit),
        platform,
      });
      const page = asPage(normalizeConversations(raw, accountId, platform, selfIds(acc)));
      learn(accountId, page);
      return page;
    },
    async messages(accountId, platform, conversationId) {
      const acc = account(accountId);
      await ownConversation(acc, conversationId);
      // Meta returns details for the 20 most recent messages of a conversation only.
      const raw = await get(accountId, graphPath(conversationId, 'messages'), {
        fields: MESSAGE_FIELDS,
        limit: MESSAGE_WINDOW,
      });
      const page = asPage(normalizeMessages(raw, accountId, platform, conversationId, selfIds(acc)));
      // Meta's clock, read from this very answer's Date header (and earlier ones): the outbox compares in it.
      const c = opts.graph.metaClock();
      return c ? { ...page, clock: { offsetMs: c.offsetMs, toleranceMs: clockTolerance(c) } } : page;
    },
    async poll(req) {
      const acc = account(req.accountId);
      const token = opts.session.pageToken(req.accountId);
      const limit = req.limit ?? DEFAULT_LIMIT;
      const q = (fields: string): GraphParams => ({ fields, limit });
      type Stream = 'feed' | 'media' | 'stories' | 'messenger' | 'instagram';
      const plan: Array<{ stream: Stream; item: BatchItem }> = [];
      if (req.feed)
        plan.push({
          stream: 'feed',
          item: { method: 'GET', path: graphPath(acc.id, 'feed'), params: q(POST_FIELDS), etag: true },
        });
      if (acc.instagram && req.media)
        plan.push({
          stream: 'media',
          item: {
            method: 'GET',
            path: graphPath(acc.instagram.id, 'media'),
            params: q(MEDIA_FIELDS),
            etag: true,
          },
        });
      if (acc.instagram && req.stories)
        plan.push({
          stream: 'stories',
          item: {
            method: 'GET',
            path: graphPath(acc.instagram.id, 'stories'),
            params: q(STORY_FIELDS),
            etag: true,
          },
        });
      for (const p of req.conversations) {
        if (p === 'instagram' && !acc.instagram) continue;
        plan.push({
          stream: p,
          item: {
            method: 'GET',
            path: graphPath(acc.id, 'conversations'),
            params: { ...q(CONVERSATION_FIELDS), platform: p },
            etag: true,
          },
        });
      }
      const result: PollResult = { conversations: {}, errors: [] };
      if (!acc.instagram) {
        if (req.media) result.media = emptyPage();
        if (req.stories) result.stories = emptyPage();
        if (req.conversations.includes('instagram')) result.conversations.instagram = emptyPage();
      }
      if (plan.length === 0) return result;
      let answers;
      try {
        answers = await opts.graph.batch(
          plan.map((p) => p.item),
          token,
          req.accountId,
        );
      } catch (err) {
        if (err instanceof GraphCallError) throw toBridge(err.info);
        throw err;
      }
      answers.forEach((a, i) => {
        const { stream } = plan[i]!;
        if (!a.ok) {
          if (a.error.kind === 'auth') throw toBridge(a.error);
          result.errors.push({ stream, kind: a.error.kind, message: a.error.message });
          return;
        }
        // 304: nothing changed since the last poll; the renderer keeps what it has.
        const nm = a.notModified;
        const data = nm ? null : a.data;
        switch (stream) {
          case 'feed':
            result.feed = asPage(normalizePosts(data, acc.id), nm);
            break;
          case 'media':
            result.media = asPage(normalizeMedia(data, acc.id), nm);
            break;
          case 'stories':
            result.stories = asPage(normalizeStories(data, acc.id), nm);
            break;
          default:
            result.conversations[stream] = asPage(
              normalizeConversations(data, acc.id, stream, selfIds(acc)),
              nm,
            );
            learn(acc.id, result.conversations[stream]);
        }
      });
      return result;
    },
    send: (req: SendRequest): Promise<SendOutcome> => sender.send(req),
    sendStatus: (args) => sender.sendStatus(args),
    markSeen: (args) => sender.markSeen(args),
    settle: (timeoutMs) => sender.settle(timeoutMs),
    usage: () => usageOf(ctx),
    refreshMediaUrl: (key) => refreshMediaUrl(ctx, key),
    reset() {
      sender.reset();
      ctx.forgetConversations();
    },
  };
}
