// Test fixtures and doubles for the inbox data layer (unit and property tests only; nothing in the app imports this).
import { type SendOutcome, type SendRequest } from '../../../shared/bridge/calls/inbox';
import { type Conversation, type Message, type MessagingPlatform } from '../../../shared/models';
import { BridgeCallError, type Bridge } from '../bridge';
import { type ConversationRow } from '../data/db';

/** A normalized conversation as the gateway returns it. */
export function makeConversation(
  n: number,
  opts: Partial<Conversation> & { platform?: MessagingPlatform; accountId?: string } = {},
): Conversation {
  const platform = opts.platform ?? 'messenger';
  const nativeId = `t_${n}`;
  const customer = { id: `u${n}`, name: `Customer ${n}` };
  return {
    id: `${platform}:${nativeId}`,
    nativeId,
    accountId: opts.accountId ?? 'page1',
    platform,
    updatedTime: 1_000_000 + n * 1000,
    snippet: `hello ${n}`,
    unreadCount: 0,
    participants: [customer, { id: 'page1', name: 'The Page' }],
    customer,
    ...opts,
  };
}

/** A conversation row as stored (window open unless overridden). */
export function makeConversationRow(n: number, opts: Partial<ConversationRow> = {}): ConversationRow {
  const c = makeConversation(n, opts);
  return { ...c, unread: c.unreadCount > 0 ? 1 : 0, lastCustomerMessageAt: c.updatedTime, ...opts };
}

/** A normalized message as the gateway returns it. */
export function makeMessage(
  conv: Pick<Conversation, 'id' | 'platform' | 'accountId' | 'customer'>,
  nativeId: string,
  createdTime: number,
  opts: Partial<Message> = {},
): Message {
  const fromPage = opts.fromPage ?? false;
  return {
    id: `${conv.platform}:${nativeId}`,
    nativeId,
    conversationId: conv.id,
    accountId: conv.accountId,
    platform: conv.platform,
    createdTime,
    from: fromPage ? { id: conv.accountId, name: 'The Page' } : conv.customer,
    text: `message ${nativeId}`,
    attachments: [],
    fromPage,
    ...opts,
  };
}

/** What the fake Send API does with one request. */
export type FakeSendAction =
  | 'deliver'
  | 'retryable'
  | 'permanent'
  | 'auth'
  /** delivered, but the answer says ambiguous (timeout after the request went out) */
  | 'ambiguous-delivered'
  | 'ambiguous-lost'
  /** the bridge call itself fails (host unreachable mid-call) */
  | 'throw-delivered'
  | 'throw-lost'
  /** the answer never comes (the renderer crashes while waiting) */
  | 'hang-delivered'
  | 'hang-lost';

/** One message the fake Send API accepted. */
export interface LedgerEntry {
  conversationId: string;
  text: string;
  clientId: string;
  messageId: string;
}

/**
 * A fake host + Meta for outbox tests: a delivery ledger, threads that `inbox/messages` reads back, the host's
 * in-flight registry for `inbox/send-status`, and a switch that takes the network down.
 */
export function createFakeMessaging(opts: { now: () => number; decide?: (text: string) => FakeSendAction }) {
  const ledger: LedgerEntry[] = [];
  const threads = new Map<string, Message[]>();
  const registry = new Map<string, { state: 'in-flight' | 'in-doubt' | 'done'; outcome?: SendOutcome }>();
  /** Rejecters of bridge calls still waiting for an answer (a host restart drops their connections). */
  const hanging: Array<(e: unknown) => void> = [];
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const state = {
    networkUp: true,
    sessionActive: true,
    decide: opts.decide ?? ((): FakeSendAction => 'deliver'),
    /** Meta's clock minus the local one (ms): Meta stamps `created_time` with its own clock. */
    metaOffsetMs: 0,
    /** The registry lists every send it began (false: as if its file was lost, so it answers "unknown"). */
    registryComplete: true,
    /** Runs after each Send API call (e.g. a flood of inbound messages before the outbox looks again). */
    afterSend: undefined as undefined | ((req: SendRequest) => void),
  };
  const metaNow = () => opts.now() + state.metaOffsetMs;
  let counter = 0;
  let hangs = 0;
  const hangWaiters: Array<() => void> = [];

  function deliver(req: SendRequest): string {
    const nativeId = `m${++counter}`;
    const convId = `${req.platform}:${req.conversationId}`;
    const thread = threads.get(convId) ?? [];
    thread.push({
      id: `${req.platform}:${nativeId}`,
      nativeId,
      conversationId: convId,
      accountId: req.accountId,
      platform: req.platform,
      createdTime: metaNow(),
      from: { id: req.accountId },
      text: req.text,
      attachments: [],
      fromPage: true,
    });
    threads.set(convId, thread);
    ledger.push({ conversationId: convId, text: req.text, clientId: req.clientId, messageId: nativeId });
    return nativeId;
  }

  async function handle(name: string, req: unknown, dead: () => boolean): Promise<unknown> {
    if (dead()) return new Promise(() => {});
    if (name === 'session/get') {
      return { status: state.sessionActive ? 'active' : 'expired', vault: { backend: 'fake', secure: true } };
    }
    if (!state.networkUp) throw new BridgeCallError({ code: 'offline', message: 'offline' });
    if (name === 'inbox/send-status') {
      const r = registry.get((req as { clientId: string }).clientId);
      // Like the host's durable registry: a clientId it never began was never sent.
      return r ?? { state: state.registryComplete ? 'not-sent' : 'unknown' };
    }
    if (name === 'inbox/messages') {
      const { platform, conversationId } = req as { platform: string; conversationId: string };
      // Like Meta: the 20 newest only, and the host's reading of Meta's clock (see shared/graph/meta-clock.ts).
      const all = [...(threads.get(`${platform}:${conversationId}`) ?? [])].reverse();
      return {
        items: all.slice(0, 20),
        skipped: 0,
        paging: { hasMore: all.length > 20 },
        notModified: false,
        clock: { offsetMs: state.metaOffsetMs, toleranceMs: 1500 },
      };
    }
    if (name === 'inbox/send') {
      const send = req as SendRequest;
      if (!state.sessionActive) return { status: 'auth', reason: 'Session expired (190)' };
      const action = state.decide(send.text);
      let outcome: SendOutcome;
      switch (action) {
        case 'deliver':
          outcome = { status: 'sent', messageId: deliver(send), sentAt: opts.now() };
          break;
        case 'retryable':
          outcome = { status: 'retryable', reason: 'throttled', retryAfterMs: 100 };
          break;
        case 'permanent':
          outcome = { status: 'permanent', reason: 'Outside the allowed window', code: '10' };
          break;
        case 'auth':
          // Like the host's session service: a 190 flips the session to expired and says so.
          state.sessionActive = false;
          listeners
            .get('session/changed')
            ?.forEach((l) => l({ status: 'expired', vault: { backend: 'fake', secure: true } }));
          outcome = { status: 'auth', reason: 'Session expired (190)' };
          break;
        case 'ambiguous-delivered':
        case 'throw-delivered':
        case 'hang-delivered':
          deliver(send);
          outcome = { status: 'ambiguous', reason: 'timeout' };
          break;
        default:
          outcome = { status: 'ambiguous', reason: 'timeout' };
      }
      state.afterSend?.(send);
      // The answer never reached the renderer and the host stopped: its durable registry says "in doubt" (see
      // electron/services/send-registry.ts); only the thread can tell.
      if (action.startsWith('hang') || action.startsWith('throw'))
        registry.set(send.clientId, { state: 'in-doubt' });
      else registry.set(send.clientId, { state: 'done', outcome });
      if (action.startsWith('throw'))
        throw new BridgeCallError({ code: 'offline', message: 'connection reset' });
      if (action.startsWith('hang')) {
        hangs++;
        hangWaiters.splice(0).forEach((w) => w());
        return new Promise((_resolve, reject) => hanging.push(reject));
      }
      return outcome;
    }
    throw new BridgeCallError({ code: 'unknown-call', message: name });
  }

  /** A bridge for one renderer instance; `kill()` simulates the renderer dying (its calls never answer). */
  function bridge(): Bridge & { kill(): void } {
    let dead = false;
    return {
      kind: 'browser',
      invoke: ((name: string, req: unknown) => handle(name, req, () => dead)) as Bridge['invoke'],
      on: ((name: string, l: (p: unknown) => void) => {
        const set = listeners.get(name) ?? new Set();
        const wrapped = (p: unknown) => {
          if (!dead) l(p);
        };
        set.add(wrapped);
        listeners.set(name, set);
        return () => set.delete(wrapped);
      }) as Bridge['on'],
      mediaSrc: () => '',
      notify: async () => false,
      kill() {
        dead = true;
      },
    };
  }

  return {
    ledger,
    threads,
    state,
    bridge,
    /** How many sends are hanging forever. */
    hangs: () => hangs,
    /** Resolves at the next hanging send. */
    nextHang: () => new Promise<void>((r) => hangWaiters.push(r)),
    /**
     * The host restarts (same data folder): calls waiting for an answer lose their connection, the registry is
     * reloaded from disk (finished sends remembered, in-flight ones in doubt — already how it is kept here).
     */
    restartHost() {
      hanging
        .splice(0)
        .forEach((reject) =>
          reject(new BridgeCallError({ code: 'offline', message: 'The app’s host restarted.' })),
        );
    },
    /** Pushes an event to every live bridge. */
    emit(name: string, payload: unknown) {
      listeners.get(name)?.forEach((l) => l(payload));
    },
    /** An inbound customer message (so polls have something new). */
    inbound(
      conv: Pick<Conversation, 'id' | 'platform' | 'accountId' | 'customer'>,
      text: string,
      opts2: { fromPage?: boolean; at?: number } = {},
    ) {
      const nativeId = `in${++counter}`;
      const thread = threads.get(conv.id) ?? [];
      thread.push(makeMessage(conv, nativeId, opts2.at ?? metaNow(), { text, fromPage: !!opts2.fromPage }));
      threads.set(conv.id, thread);
    },
  };
}

/** A manual clock for the outbox's injectable `now`/`setTimer`. */
export function createFakeClock(start = 1_700_000_000_000) {
  let t = start;
  let nextId = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => t,
    setTimer(fn: () => void, ms: number) {
      const id = ++nextId;
      timers.set(id, { at: t + ms, fn });
      return () => void timers.delete(id);
    },
    /** Epoch ms of the earliest pending timer (Infinity when none). */
    nextAt: () => Math.min(...[...timers.values()].map((x) => x.at)),
    pending: () => timers.size,
    /** Moves time forward by `ms`, firing due timers in order. */
    advance(ms: number) {
      const until = t + ms;
      for (;;) {
        const due = [...timers.entries()]
          .filter(([, x]) => x.at <= until)
          .sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        t = Math.max(t, due[1].at);
        due[1].fn();
      }
      t = until;
    },
    /** Drops every timer (the renderer that owned them died). */
    clear: () => timers.clear(),
  };
}
