// The outbox flusher. Meta's Send API has no idempotency key, so exactly-once delivery rests on three rules:
// 1. the state `sending` (with `attemptAt`) is written durably BEFORE the request leaves, so after a crash we know a
//    request may have gone out; 2. a send whose fate is unknown is reconciled (host registry, then the thread itself)
//    before any retry; 3. one send in flight per conversation, in `seq` order, so order is preserved.
import Dexie from 'dexie';
import { type SendOutcome } from '../../../../shared/bridge/calls/inbox';
import { deliveryFloor, judgeDelivery, type ClockHint } from '../../../../shared/delivery/match';
import { parseId } from '../../../../shared/models';
import { BridgeCallError, type Bridge } from '../../bridge';
import {
  type ConversationRow,
  type DuetDb,
  type MessageRow,
  type OutboxRow,
  type OutboxState,
  wordsOf,
} from '../db';
import { ingestMessages, storeMessageId } from '../repos/inbox';
import { OutboxRejection, type Outbox } from './types';
import { conversationWindow, windowMessage } from './window';
import { MAX_MESSAGE_TEXT_LENGTH, messageTextLength } from '../../../../shared/message-text';

/** What the outbox needs; everything time- or randomness-related is injectable for tests. */
export interface OutboxDeps {
  db: DuetDb;
  bridge: Bridge;
  now?: () => number;
  random?: () => number;
  /** Runs `fn` after `ms`; returns a cancel function. */
  setTimer?: (fn: () => void, ms: number) => () => void;
  newClientId?: () => string;
  /** False when the OS says the network is down (sends stay queued). */
  isOnline?: () => boolean;
  /** Backoff tuning (ms): first retry delay cap and the maximum. */
  backoff?: { baseMs: number; capMs: number };
  /** Serialises flushers across tabs of the same profile (Web Locks); off in unit tests. */
  useWebLock?: boolean;
}

/** The optimistic message's id for an outbox entry. */
export function localMessageId(clientId: string): string {
  return `local:${clientId}`;
}

const PENDING: OutboxState[] = ['queued', 'sending', 'unknown'];
/**
 * Why a reply is `unconfirmed`, after the bubble's own "Not sure this was delivered — Meta didn't confirm it." (the UI
 * adds "Check again" and "Send again"), so each reason starts where that sentence ends.
 */
export const UNCONFIRMED_REASON = {
  window:
    'More than 20 messages arrived since, so Duet can’t look it up. Check the conversation on Facebook or Instagram before sending again.',
  clock: 'Duet couldn’t compare times with Meta to look it up.',
} as const;
const IN_FLIGHT_RECHECK_MS = 1500;
const SESSION_RECHECK_MS = 15_000;

/** Creates the outbox over the given database and bridge. Call `start()` to begin flushing. */
export function createOutbox(deps: OutboxDeps): Outbox {
  const { db, bridge } = deps;
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const setTimer =
    deps.setTimer ??
    ((fn: () => void, ms: number) => {
      const t = setTimeout(fn, ms);
      return () => clearTimeout(t);
    });
  const newClientId = deps.newClientId ?? (() => crypto.randomUUID());
  const isOnline = deps.isOnline ?? (() => typeof navigator === 'undefined' || navigator.onLine !== false);
  const { baseMs, capMs } = deps.backoff ?? { baseMs: 1000, capMs: 60_000 };

  let running = false;
  let paused: 'session-expired' | 'signed-out' | null = null;
  /** Bumped by stop(): work started by an older generation drops its results (the next start reconciles). */
  let generation = 0;
  const active = new Set<string>();
  let busy = 0;
  let idleWaiters: Array<() => void> = [];
  let cancelTimer: (() => void) | null = null;
  let timerAt = Infinity;
  let cancelSessionCheck: (() => void) | null = null;
  let pumping = false;
  let pumpAgain = false;
  let unsubscribers: Array<() => void> = [];
  let releaseLock: (() => void) | null = null;
  /** The host's latest reading of Meta's clock (from the thread reads of reconciliation). */
  let metaClock: ClockHint | undefined;

  const enter = () => void busy++;
  const leave = () => {
    busy--;
    if (busy === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      waiters.forEach((w) => w());
    }
  };

  /** Full jitter (AWS architecture blog, "Exponential Backoff and Jitter"): uniform in [0, min(cap, base·2^n)]. */
  function backoff(attempts: number): number {
    return Math.floor(random() * Math.min(capMs, baseMs * 2 ** Math.min(attempts, 20)));
  }

  function schedule(ms: number) {
    if (!running) return;
    const at = now() + Math.max(0, ms);
    if (cancelTimer && timerAt <= at) return;
    cancelTimer?.();
    timerAt = at;
    cancelTimer = setTimer(
      () => {
        cancelTimer = null;
        timerAt = Infinity;
        kick();
      },
      Math.max(0, ms),
    );
  }

  function kick() {
    if (!running) return;
    enter();
    pump()
      .catch(() => schedule(baseMs))
      .finally(leave);
  }

  async function pump(): Promise<void> {
    if (pumping) {
      pumpAgain = true;
      return;
    }
    pumping = true;
    try {
      do {
        pumpAgain = false;
        if (!running || paused || !isOnline()) return;
        const rows = await db.outbox.where('state').anyOf(PENDING).toArray();
        const heads = new Map<string, OutboxRow>();
        for (const r of rows) {
          const h = heads.get(r.conversationId);
          if (!h || r.seq < h.seq) heads.set(r.conversationId, r);
        }
        const t = now();
        let earliest = Infinity;
        for (const head of heads.values()) {
          if (active.has(head.conversationId)) continue;
          if (head.nextAttemptAt > t) earliest = Math.min(earliest, head.nextAttemptAt);
          else void work(head.conversationId);
        }
        if (earliest < Infinity) schedule(earliest - t);
      } while (pumpAgain);
    } finally {
      pumping = false;
    }
  }

  async function headOf(conversationId: string): Promise<OutboxRow | undefined> {
    const rows = await db.outbox
      .where('[conversationId+seq]')
      .between([conversationId, Dexie.minKey], [conversationId, Dexie.maxKey])
      .toArray();
    return rows.find((r) => PENDING.includes(r.state));
  }

  /** One worker per conversation: entries go out strictly one after another, in seq order. */
  async function work(conversationId: string) {
    if (active.has(conversationId)) return;
    active.add(conversationId);
    enter();
    const gen = generation;
    let failed = false;
    try {
      for (;;) {
        if (gen !== generation || !running || paused || !isOnline()) return;
        const head = await headOf(conversationId);
        if (!head || head.nextAttemptAt > now() || gen !== generation) return;
        if (head.state === 'queued') await attempt(head, gen);
        else await reconcile(head, gen);
      }
    } catch {
      // Storage failed (quota, closed database): try again later rather than spinning.
      failed = true;
    } finally {
      active.delete(conversationId);
      if (failed) schedule(baseMs);
      else kick();
      leave();
    }
  }

  /** Moves an entry between states in one transaction, only if it is still in one of `from`. */
  async function transition(
    clientId: string,
    from: OutboxState[],
    patch: Partial<OutboxRow>,
    messagePatch: Partial<MessageRow> = {},
  ): Promise<OutboxRow | null> {
    return db.transaction('rw', db.outbox, db.messages, async () => {
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

  async function attempt(entry: OutboxRow, gen: number) {
    const attemptAt = now();
    // Durably "sending" before the request leaves: after a crash this row says the message may be out there.
    const sending = await transition(entry.clientId, ['queued'], {
      state: 'sending',
      attemptAt,
      matchFrom: deliveryFloor(attemptAt, metaClock),
      attempts: entry.attempts + 1,
      error: undefined,
    });
    if (!sending || gen !== generation) return;
    let outcome: SendOutcome;
    try {
      outcome = await bridge.invoke('inbox/send', {
        accountId: entry.accountId,
        platform: entry.platform,
        clientId: entry.clientId,
        conversationId: entry.conversationNativeId,
        recipientId: entry.recipientId,
        text: entry.text,
        ...(entry.tag ? { tag: entry.tag } : {}),
      });
    } catch (error) {
      outcome = outcomeOfError(error);
    }
    if (gen !== generation) return;
    await apply(sending, outcome);
  }

  async function apply(entry: OutboxRow, outcome: SendOutcome) {
    const from: OutboxState[] = ['sending', 'unknown'];
    switch (outcome.status) {
      case 'sent':
        await adopt(entry.clientId, outcome.messageId, outcome.sentAt);
        return;
      case 'retryable':
        await transition(entry.clientId, from, {
          state: 'queued',
          error: outcome.reason,
          nextAttemptAt: now() + Math.max(outcome.retryAfterMs, backoff(entry.attempts)),
        });
        return;
      case 'permanent':
        // Never retried silently: the user sees the reason and decides (Retry / Discard).
        await transition(entry.clientId, from, { state: 'failed', error: outcome.reason });
        return;
      case 'auth':
        // Meta refused the token (code 190): nothing went out. Keep the entry, pause until sign-in.
        await transition(entry.clientId, from, {
          state: 'queued',
          error: outcome.reason,
          nextAttemptAt: now(),
        });
        pauseFor('session-expired');
        return;
      case 'ambiguous':
        await transition(entry.clientId, from, { state: 'unknown', error: outcome.reason });
        return;
    }
  }

  /** Replaces the optimistic row by Meta's message id in one transaction and retires the entry. */
  async function adopt(clientId: string, messageId: string, sentAt?: number) {
    await db.transaction('rw', db.outbox, db.messages, async () => {
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

  async function delay(entry: OutboxRow, ms: number) {
    await transition(entry.clientId, ['unknown', 'sending'], { state: 'unknown', nextAttemptAt: now() + ms });
  }

  /**
   * Finds out whether an ambiguous send was delivered, before any retry: first the host's registry (it may still be
   * in flight, or have finished after we lost the answer), then the thread itself.
   */
  async function reconcile(entry: OutboxRow, gen: number) {
    let status;
    try {
      status = await bridge.invoke('inbox/send-status', {
        clientId: entry.clientId,
        ...(entry.attemptAt !== undefined ? { attemptAt: entry.attemptAt } : {}),
      });
    } catch {
      if (gen === generation) await delay(entry, backoff(entry.attempts));
      return;
    }
    if (gen !== generation) return;
    if (status.state === 'not-sent') {
      // The host's durable registry never began it (the renderer died before the call arrived): safe to send.
      await transition(entry.clientId, ['unknown', 'sending'], { state: 'queued', nextAttemptAt: now() });
      return;
    }
    if (status.state === 'in-flight') {
      await delay(entry, IN_FLIGHT_RECHECK_MS);
      return;
    }
    if (status.state === 'done' && status.outcome && status.outcome.status !== 'ambiguous') {
      await apply(entry, status.outcome);
      return;
    }
    let page;
    try {
      page = await bridge.invoke('inbox/messages', {
        accountId: entry.accountId,
        platform: entry.platform,
        conversationId: entry.conversationNativeId,
      });
    } catch (error) {
      if (gen !== generation) return;
      if (
        error instanceof BridgeCallError &&
        (error.code === 'session-expired' || error.code === 'not-signed-in')
      ) {
        pauseFor(error.code === 'not-signed-in' ? 'signed-out' : 'session-expired');
      } else {
        await delay(entry, backoff(entry.attempts));
      }
      return;
    }
    if (gen !== generation) return;
    if (page.clock) metaClock = page.clock;
    // Compare in Meta's time: the delivery's created_time is Meta's clock, the attempt time is ours.
    const floor = deliveryFloor(entry.attemptAt ?? entry.createdAt, page.clock);
    const marked = await transition(entry.clientId, ['unknown', 'sending'], { matchFrom: floor });
    if (!marked || gen !== generation) return;
    const conv = await db.conversations.get(entry.conversationId);
    // Ingest adopts a matching Page message (same text, dated at or after matchFrom) for this entry.
    await ingestMessages(db, { id: entry.conversationId, updatedTime: conv?.updatedTime ?? 0 }, page.items);
    const cur = await db.outbox.get(entry.clientId);
    if (!cur || !['unknown', 'sending'].includes(cur.state)) return;
    const stored = await db.messages.bulkGet(page.items.map((m) => m.id));
    const owner = new Map(page.items.map((m, i) => [m.id, stored[i]?.clientId]));
    const verdict = judgeDelivery({
      text: cur.text,
      floor,
      items: page.items,
      hasMore: page.paging.hasMore,
      // Owned by another entry: that one's delivery, not ours.
      taken: (id) => {
        const o = owner.get(id);
        return !!o && o !== cur.clientId;
      },
    });
    switch (verdict.kind) {
      case 'found':
        await adopt(cur.clientId, verdict.messageId, verdict.createdTime);
        return;
      case 'absent':
        // Not in a page that reaches back past the attempt: provably not delivered, safe to send again.
        await transition(cur.clientId, ['unknown', 'sending'], { state: 'queued', nextAttemptAt: now() });
        return;
      case 'unconfirmed':
        // Not found, but the page cannot prove it was not delivered: never resent without the user.
        await transition(cur.clientId, ['unknown', 'sending'], {
          state: 'unconfirmed',
          error: UNCONFIRMED_REASON[verdict.reason],
        });
        return;
    }
  }

  function pauseFor(reason: 'session-expired' | 'signed-out') {
    paused = reason;
    if (reason !== 'session-expired' || cancelSessionCheck) return;
    // A 190 can be transient (or fixed by signing in elsewhere): check the session now and then.
    const check = () => {
      cancelSessionCheck = null;
      if (!running || paused !== 'session-expired') return;
      bridge
        .invoke('session/get', {})
        .then((s) => {
          if (s.status === 'active') resume();
          else cancelSessionCheck = setTimer(check, SESSION_RECHECK_MS);
        })
        .catch(() => {
          cancelSessionCheck = setTimer(check, SESSION_RECHECK_MS);
        });
    };
    cancelSessionCheck = setTimer(check, SESSION_RECHECK_MS);
  }

  function resume() {
    paused = null;
    cancelSessionCheck?.();
    cancelSessionCheck = null;
    kick();
  }

  async function acquireLock(gen: number): Promise<void> {
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    if (!deps.useWebLock || !locks) return;
    await new Promise<void>((granted) => {
      void locks.request('duet-outbox', () => {
        granted();
        // Stopped while waiting for the lock: hand it on at once.
        if (gen !== generation) return Promise.resolve();
        return new Promise<void>((release) => {
          releaseLock = release;
        });
      });
    });
  }

  const onOnline = () => kick();

  return {
    async send(conversation: ConversationRow, text: string, opts: { humanAgent?: boolean } = {}) {
      const body = text.trim();
      if (!body) throw new OutboxRejection('A message cannot be empty.');
      if (messageTextLength(body) > MAX_MESSAGE_TEXT_LENGTH)
        throw new OutboxRejection(
          `Meta accepts at most ${MAX_MESSAGE_TEXT_LENGTH.toLocaleString()} characters per message; this one has ${messageTextLength(body).toLocaleString()}. Shorten it or split it.`,
        );
      const humanAgent = !!opts.humanAgent;
      const w = conversationWindow(conversation, now(), humanAgent);
      if (w.status === 'closed') throw new OutboxRejection(windowMessage(w, humanAgent));
      const clientId = newClientId();
      const createdAt = now();
      const pageSide = conversation.participants.find((p) => p.id !== conversation.customer.id);
      await db.transaction('rw', db.outbox, db.messages, db.meta, async () => {
        const seq = (((await db.meta.get('outboxSeq'))?.value as number | undefined) ?? 0) + 1;
        await db.meta.put({ key: 'outboxSeq', value: seq });
        await db.outbox.add({
          clientId,
          accountId: conversation.accountId,
          platform: conversation.platform,
          conversationId: conversation.id,
          conversationNativeId: conversation.nativeId,
          recipientId: conversation.customer.id,
          text: body,
          ...(humanAgent ? { tag: 'HUMAN_AGENT' as const } : {}),
          state: 'queued',
          seq,
          createdAt,
          attempts: 0,
          nextAttemptAt: createdAt,
        });
        await db.messages.add({
          id: localMessageId(clientId),
          nativeId: clientId,
          conversationId: conversation.id,
          accountId: conversation.accountId,
          platform: conversation.platform,
          createdTime: createdAt,
          from: pageSide ?? { id: conversation.accountId },
          text: body,
          attachments: [],
          fromPage: true,
          words: wordsOf(body),
          clientId,
          state: 'queued',
        });
      });
      kick();
      return clientId;
    },

    async retry(clientId) {
      await transition(clientId, ['failed'], {
        state: 'queued',
        error: undefined,
        attempts: 0,
        nextAttemptAt: now(),
      });
      kick();
    },

    async checkAgain(clientId) {
      await transition(clientId, ['unconfirmed'], { state: 'unknown', nextAttemptAt: now() });
      kick();
    },

    async sendAgain(clientId) {
      // The user decided, knowing it may arrive twice: a fresh attempt.
      await transition(clientId, ['unconfirmed'], {
        state: 'queued',
        error: undefined,
        attempts: 0,
        nextAttemptAt: now(),
      });
      kick();
    },

    async discard(clientId) {
      await db.transaction('rw', db.outbox, db.messages, async () => {
        const cur = await db.outbox.get(clientId);
        if (!cur) return;
        if (cur.state !== 'failed' && cur.state !== 'queued') {
          throw new OutboxRejection(
            'This reply may already have been delivered; wait until it has been checked.',
          );
        }
        await db.outbox.delete(clientId);
        await db.messages.delete(localMessageId(clientId));
      });
    },

    async start() {
      if (running) return;
      running = true;
      const gen = ++generation;
      await acquireLock(gen);
      if (!running || gen !== generation) return;
      // A crash (or reload) while sending leaves rows in `sending`: their fate is unknown, reconcile them first.
      // (Checked with a read first, so a normal start does not open a strict write transaction.)
      if (await db.outbox.where('state').equals('sending').count())
        await db.transaction('rw', db.outbox, db.messages, async () => {
          const stuck = await db.outbox.where('state').equals('sending').toArray();
          for (const row of stuck) {
            await db.outbox.update(row.clientId, { state: 'unknown', nextAttemptAt: now() });
            await db.messages.update(localMessageId(row.clientId), { state: 'unknown' });
          }
        });
      if (typeof window !== 'undefined') {
        window.addEventListener('online', onOnline);
        unsubscribers.push(() => window.removeEventListener('online', onOnline));
      }
      unsubscribers.push(
        bridge.on('session/changed', (s) => {
          if (s.status === 'active') {
            if (paused) resume();
          } else {
            pauseFor(s.status === 'expired' ? 'session-expired' : 'signed-out');
          }
        }),
      );
      kick();
    },

    stop() {
      running = false;
      generation++;
      cancelTimer?.();
      cancelTimer = null;
      timerAt = Infinity;
      cancelSessionCheck?.();
      cancelSessionCheck = null;
      unsubscribers.forEach((u) => u());
      unsubscribers = [];
      releaseLock?.();
      releaseLock = null;
    },

    pause(reason) {
      pauseFor(reason);
    },

    resume,
    kick,

    idle() {
      if (busy === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },

    pausedReason: () => paused,
  };
}

/**
 * Classifies a failed bridge call. Only errors raised before the host could have sent anything are safe to treat
 * as "not delivered"; anything else (the host unreachable mid-call, an internal error) may have reached Meta.
 */
export function outcomeOfError(error: unknown): SendOutcome {
  if (error instanceof BridgeCallError) {
    if (error.code === 'invalid-request')
      return { status: 'permanent', reason: error.message, code: error.code };
    if (error.code === 'session-expired' || error.code === 'not-signed-in')
      return { status: 'auth', reason: error.message };
  }
  return {
    status: 'ambiguous',
    reason: error instanceof Error ? error.message : 'The send may or may not have gone out.',
  };
}
