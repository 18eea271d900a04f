// The gateway: typed Graph operations behind the bridge calls (not a raw proxy). It picks the Page token from the
// session, calls the Graph client, normalizes to shared models and maps failures to BridgeErrors / SendOutcomes.
import { BridgeError } from '../../shared/bridge/contract';
import type { CallRequest, CallResponse } from '../../shared/bridge/contract';
import type { PollResult, UsageInfo } from '../../shared/bridge/calls/sync';
import type { ClockHint, SendOutcome, SendRequest, ThreadResult } from '../../shared/bridge/calls/inbox';
import { MESSAGE_WINDOW } from '../../shared/delivery/match';
import {
  normalizeMedia,
  normalizeMessages,
  normalizePosts,
  normalizeStories,
  type Normalized,
} from '../../shared/graph/normalize';
import { STREAM_NAMES, type StreamName } from '../../shared/streams';
import { GraphSendResult } from '../../shared/graph/schemas';
import type { ClassifiedGraphError } from '../../shared/graph/errors';
import type {
  Account,
  Conversation,
  IgMedia,
  Message,
  MessagingPlatform,
  PageOf,
  Post,
  Story,
} from '../../shared/models';
import {
  GraphCallError,
  graphPath,
  MAX_BATCH_REQUESTS,
  type BatchItem,
  type GraphClient,
  type GraphParams,
  type GraphPath,
} from './graph/client';
import {
  isInboxStream,
  MEDIA_FIELDS,
  POLL_TABLE,
  POST_FIELDS,
  type PollSpec,
  STORY_FIELDS,
} from './poll-table';
import { createSendRegistry, type SendRegistry } from './send-registry';

export { CONVERSATION_FIELDS, MEDIA_FIELDS, POST_FIELDS, STORY_FIELDS } from './poll-table';
/** Fields of a message (Meta returns details for the 20 newest messages only). */
export const MESSAGE_FIELDS =
  'id,created_time,from,to,message,attachments{id,mime_type,name,size,file_url,image_data,video_data}';

export { SEND_MEMORY_MS } from './send-registry';
const DEFAULT_LIMIT = 25;

/** What the gateway needs from the session. */
export interface GatewaySession {
  pageToken(accountId: string): string;
  accounts(): Account[];
  markExpired(message: string): void;
}

/** Options of `createGateway`. */
export interface GatewayOptions {
  graph: GraphClient;
  session: GatewaySession;
  now?: () => number;
  log?: (line: string) => void;
  /** Where sends are remembered by clientId (durable in the hosts: see send-registry.ts); in memory by default. */
  registry?: SendRegistry;
}

/** What inbox/send-status answers. */
export type SendStatus = {
  state: 'unknown' | 'not-sent' | 'in-flight' | 'in-doubt' | 'done';
  outcome?: SendOutcome;
};

/**
 * "Not sent" needs the attempt to be this much later than the moment since which the registry is complete: it only
 * matters when the registry file was created anew after the attempt (first run, file deleted) and the clock was
 * set back in between; NTP slews are far smaller.
 */
const NOT_SENT_MARGIN_MS = 5_000;

/** The typed operations behind feed/*, gallery/*, sync/* and inbox/*. */
export interface Gateway {
  feed(accountId: string, after?: string, limit?: number): Promise<PageOf<Post>>;
  media(accountId: string, after?: string, limit?: number): Promise<PageOf<IgMedia>>;
  stories(accountId: string): Promise<PageOf<Story>>;
  conversations(req: CallRequest<'inbox/conversations'>): Promise<PageOf<Conversation>>;
  messages(req: CallRequest<'inbox/messages'>): Promise<PageOf<Message> & { clock?: ClockHint }>;
  /** Several conversations' messages, MAX_BATCH_REQUESTS per Graph batch request. */
  messagesBatch(req: CallRequest<'inbox/messages-batch'>): Promise<CallResponse<'inbox/messages-batch'>>;
  poll(req: PollArgs): Promise<PollResult>;
  send(req: SendRequest): Promise<SendOutcome>;
  /** `attemptAt`: when the renderer made the attempt (local clock), so "never began here" can prove "not sent". */
  sendStatus(clientId: string, attemptAt?: number): SendStatus;
  markSeen(
    accountId: string,
    platform: MessagingPlatform,
    recipientId: string,
  ): Promise<{ ok: boolean; reason?: string }>;
  usage(): UsageInfo[];
  /** Forgets in-flight records (sign-out). */
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

const emptyPage = <T>(): PageOf<T> => ({
  items: [],
  skipped: 0,
  paging: { hasMore: false },
  notModified: false,
});
const asPage = <T>(n: Normalized<T>, notModified = false): PageOf<T> => ({
  items: n.items,
  skipped: n.skipped,
  paging: n.paging,
  notModified,
});

/**
 * How far before (attempt + offset) a delivery's created_time may fall: the reading's uncertainty, plus 1 s because
 * created_time drops the milliseconds too, plus 1 s for drift between reading and attempt.
 */
export function clockTolerance(c: { uncertaintyMs: number }): number {
  return c.uncertaintyMs + 2000;
}

/** Creates the gateway. */
export function createGateway(opts: GatewayOptions): Gateway {
  const now = opts.now ?? Date.now;
  /** Sends in flight in this process (a duplicate call joins the first). */
  const inFlight = new Map<string, Promise<SendOutcome>>();
  const registry = opts.registry ?? createSendRegistry({ now, log: opts.log });

  function account(accountId: string): Account {
    const acc = opts.session.accounts().find((a) => a.id === accountId);
    if (!acc) {
      opts.session.pageToken(accountId); // throws not-signed-in / session-expired when that is the reason
      throw new BridgeError('permission', 'This Page is not part of the signed-in session.');
    }
    return acc;
  }
  const selfIds = (acc: Account) => (acc.instagram ? [acc.id, acc.instagram.id] : [acc.id]);

  /**
   * Conversations this host session saw listed for each Page (native id → customer id). An id from the renderer is
   * used in a Graph path only when it is one of these or Graph confirms, with that Page's token, that the Page takes
   * part in it: a conversation of another Page (or anything else) is refused before any call is made with it.
   */
  const owned = new Map<string, Map<string, string>>();
  function learn(accountId: string, page: PageOf<Conversation>) {
    let m = owned.get(accountId);
    if (!m) owned.set(accountId, (m = new Map()));
    for (const c of page.items) m.set(c.nativeId, c.customer.id);
  }
  const notOurs = () =>
    new BridgeError(
      'permission',
      'This conversation is not one of this Page’s conversations, so Duet did not open it.',
    );

  /** The customer of a conversation of `acc`, checked as described at `owned`; throws permission otherwise. */
  async function ownConversation(acc: Account, conversationId: string): Promise<string> {
    const known = owned.get(acc.id)?.get(conversationId);
    if (known !== undefined) return known;
    // Not listed by this session yet (e.g. right after a restart): ask Graph who takes part in it.
    let raw: unknown;
    try {
      raw = await get(acc.id, graphPath(conversationId), { fields: 'id,participants' });
    } catch (err) {
      if (err instanceof BridgeError && (err.code === 'upstream' || err.code === 'permission'))
        throw notOurs();
      throw err;
    }
    const r = raw as { id?: unknown; participants?: { data?: Array<{ id?: unknown }> } } | null;
    const ids = (r?.participants?.data ?? [])
      .map((p) => p?.id)
      .filter((id): id is string => typeof id === 'string');
    const self = selfIds(acc);
    const customer = ids.find((id) => !self.includes(id));
    if (r?.id !== conversationId || !ids.some((id) => self.includes(id)) || customer === undefined)
      throw notOurs();
    let m = owned.get(acc.id);
    if (!m) owned.set(acc.id, (m = new Map()));
    m.set(conversationId, customer);
    return customer;
  }

  /** Maps a classified failure to the bridge; a 190 flips the session to expired first. */
  function toBridge(info: ClassifiedGraphError): BridgeError {
    switch (info.kind) {
      case 'auth':
        opts.session.markExpired(info.message);
        return new BridgeError('session-expired', info.message);
      case 'permission':
        return new BridgeError('permission', info.message);
      case 'throttled':
        return new BridgeError('throttled', info.message, undefined, info.retryAfterMs);
      case 'transient':
        return new BridgeError(info.status === 0 ? 'offline' : 'upstream', info.message);
      default:
        return new BridgeError('upstream', info.message);
    }
  }

  async function get(accountId: string, path: GraphPath, params: GraphParams): Promise<unknown> {
    const token = opts.session.pageToken(accountId);
    try {
      const res = await opts.graph.request({ path, params, token, accountId });
      return res.data;
    } catch (err) {
      if (err instanceof GraphCallError) throw toBridge(err.info);
      throw err;
    }
  }

  const pageParams = (fields: string, after: string | undefined, limit: number | undefined): GraphParams => ({
    fields,
    limit: limit ?? DEFAULT_LIMIT,
    after,
  });

  /** One Graph batch request; a failure of the batch itself maps to the bridge like any request. */
  async function batch(items: BatchItem[], token: string, accountId: string) {
    if (items.length === 0) return [];
    try {
      return await opts.graph.batch(items, token, accountId);
    } catch (err) {
      if (err instanceof GraphCallError) throw toBridge(err.info);
      throw err;
    }
  }

  // Meta returns details for the 20 most recent messages of a conversation only.
  const messageParams: GraphParams = { fields: MESSAGE_FIELDS, limit: MESSAGE_WINDOW };

  /** Adds Meta's clock, read from the Date headers of this answer and earlier ones: the outbox compares in it. */
  function withClock<T extends object>(answer: T): T & { clock?: ClockHint } {
    const c = opts.graph.metaClock();
    return c ? { ...answer, clock: { offsetMs: c.offsetMs, toleranceMs: clockTolerance(c) } } : answer;
  }

  function remember(clientId: string, outcome: SendOutcome) {
    inFlight.delete(clientId);
    registry.finish(clientId, outcome);
  }

  async function doSend(req: SendRequest): Promise<SendOutcome> {
    let token: string;
    try {
      token = opts.session.pageToken(req.accountId);
    } catch (err) {
      if (err instanceof BridgeError && (err.code === 'session-expired' || err.code === 'not-signed-in'))
        return { status: 'auth', reason: err.message };
      return {
        status: 'permanent',
        reason: err instanceof Error ? err.message : 'No access to this Page.',
        code: 'permission',
      };
    }
    // The recipient must be the customer of this Page's conversation: ids from the renderer are not trusted.
    try {
      const customer = await ownConversation(account(req.accountId), req.conversationId);
      if (customer !== req.recipientId)
        return {
          status: 'permanent',
          reason: 'This person is not part of that conversation, so Duet did not send the reply.',
          code: 'permission',
        };
    } catch (err) {
      if (!(err instanceof BridgeError)) throw err;
      if (err.code === 'permission') return { status: 'permanent', reason: err.message, code: 'permission' };
      if (err.code === 'session-expired' || err.code === 'not-signed-in')
        return { status: 'auth', reason: err.message };
      // Offline / throttled while checking: nothing was sent, so it is safe to retry.
      return { status: 'retryable', reason: err.message, retryAfterMs: err.retryAfterMs ?? 0 };
    }
    const params: GraphParams = {
      recipient: JSON.stringify({ id: req.recipientId }),
      message: JSON.stringify({ text: req.text }),
      // RESPONSE within 24 h of the customer's last message; HUMAN_AGENT tag extends it to 7 days (Send API docs).
      messaging_type: req.tag ? 'MESSAGE_TAG' : 'RESPONSE',
      tag: req.tag,
    };
    try {
      const res = await opts.graph.request({
        method: 'POST',
        path: graphPath(req.accountId, 'messages'),
        params,
        token,
        accountId: req.accountId,
      });
      const ok = GraphSendResult.safeParse(res.data);
      // Meta answered 200 but without a message id: it may have been delivered, so the outbox must reconcile.
      if (!ok.success) return { status: 'ambiguous', reason: 'Facebook answered without a message id.' };
      return { status: 'sent', messageId: ok.data.message_id, sentAt: now() };
    } catch (err) {
      if (!(err instanceof GraphCallError)) throw err;
      const info = err.info;
      if (err.phase === 'after-send') return { status: 'ambiguous', reason: info.message };
      if (err.phase === 'before-send')
        return { status: 'retryable', reason: info.message, retryAfterMs: info.retryAfterMs ?? 0 };
      switch (info.kind) {
        case 'auth':
          opts.session.markExpired(info.message);
          return { status: 'auth', reason: info.message };
        case 'throttled':
          return { status: 'retryable', reason: info.message, retryAfterMs: info.retryAfterMs ?? 60_000 };
        case 'transient':
          return { status: 'retryable', reason: info.message, retryAfterMs: 0 };
        default:
          return { status: 'permanent', reason: info.message, code: info.kind };
      }
    }
  }

  return {
    async feed(accountId, after, limit) {
      account(accountId);
      return asPage(
        normalizePosts(
          await get(accountId, graphPath(accountId, 'feed'), pageParams(POST_FIELDS, after, limit)),
          accountId,
        ),
      );
    },
    async media(accountId, after, limit) {
      const acc = account(accountId);
      // A Page without a linked IG account has no gallery; the renderer explains how to link one.
      if (!acc.instagram) return emptyPage();
      return asPage(
        normalizeMedia(
          await get(accountId, graphPath(acc.instagram.id, 'media'), pageParams(MEDIA_FIELDS, after, limit)),
          accountId,
        ),
      );
    },
    async stories(accountId) {
      const acc = account(accountId);
      if (!acc.instagram) return emptyPage();
      return asPage(
        normalizeStories(
          await get(accountId, graphPath(acc.instagram.id, 'stories'), { fields: STORY_FIELDS }),
          accountId,
        ),
      );
    },
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
    async send(req) {
      const joined = inFlight.get(req.clientId);
      if (joined) return joined;
      const known = registry.get(req.clientId);
      // Already delivered under this clientId: answer again instead of sending twice.
      if (known?.state === 'done' && known.outcome.status === 'sent') return known.outcome;
      try {
        // On disk before the request leaves: after a host restart this send reads as "in doubt", not unknown.
        registry.begin(req.clientId);
      } catch (err) {
        opts.log?.(`send registry could not be saved: ${(err as Error).message}`);
        return {
          status: 'retryable',
          reason: 'Duet could not write to its data folder, so it did not send. It will try again.',
          retryAfterMs: 5000,
        };
      }
      const promise = doSend(req).then(
        (outcome) => {
          remember(req.clientId, outcome);
          return outcome;
        },
        (err: unknown) => {
          const outcome: SendOutcome = {
            status: 'ambiguous',
            reason: err instanceof Error ? err.message : 'Unexpected error while sending.',
          };
          remember(req.clientId, outcome);
          return outcome;
        },
      );
      inFlight.set(req.clientId, promise);
      return promise;
    },
    sendStatus(clientId, attemptAt) {
      if (inFlight.has(clientId)) return { state: 'in-flight' };
      const s = registry.get(clientId);
      if (!s) {
        // The registry is written before any request leaves and lists every send since completeSince(): an attempt
        // after that which is not listed never reached Meta from here.
        const since = registry.completeSince();
        if (attemptAt !== undefined && since !== undefined && attemptAt > since + NOT_SENT_MARGIN_MS)
          return { state: 'not-sent' };
        return { state: 'unknown' };
      }
      // In flight in an earlier run of the host (or unreadable): only the thread can tell.
      if (s.state !== 'done') return { state: 'in-doubt' };
      return { state: 'done', outcome: s.outcome };
    },
    async markSeen(accountId, _platform, recipientId) {
      // Only a customer of one of this Page's listed conversations gets a read receipt.
      if (![...(owned.get(accountId)?.values() ?? [])].includes(recipientId))
        return { ok: false, reason: 'This person is not in one of this Page’s conversations.' };
      let token: string;
      try {
        token = opts.session.pageToken(accountId);
      } catch (err) {
        return { ok: false, reason: err instanceof Error ? err.message : 'Not signed in.' };
      }
      try {
        await opts.graph.request({
          method: 'POST',
          path: graphPath(accountId, 'messages'),
          params: { recipient: JSON.stringify({ id: recipientId }), sender_action: 'mark_seen' },
          token,
          accountId,
        });
        return { ok: true };
      } catch (err) {
        if (!(err instanceof GraphCallError)) throw err;
        if (err.info.kind === 'auth') opts.session.markExpired(err.info.message);
        return { ok: false, reason: err.info.message };
      }
    },
    usage() {
      return opts.graph
        .budgets()
        .all(now())
        .map((b) => ({
          accountId: b.accountId,
          appPct: b.appPct,
          businessPct: b.businessPct,
          ...(b.throttledUntil !== undefined ? { throttledUntil: b.throttledUntil } : {}),
        }));
    },
    reset() {
      inFlight.clear();
      registry.clear();
      owned.clear();
    },
    async settle(timeoutMs) {
      if (!inFlight.size) return;
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        Promise.allSettled([...inFlight.values()]),
        new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
      ]);
      clearTimeout(timer);
    },
  };
}
