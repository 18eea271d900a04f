// One entry's delivery: the attempt (durably `sending` before the request leaves), applying Meta's answer, and the
// reconciliation of a send whose fate is unknown (the host's registry, then the thread, judged by
// shared/delivery/match.ts) before any retry. Every state change goes through the table in ./states.ts.
import { type SendOutcome } from '../../../../shared/bridge/calls/inbox';
import { type CallResponse } from '../../../../shared/bridge/contract';
import { deliveryFloor, judgeDelivery, type ClockHint } from '../../../../shared/delivery/match';
import { BridgeCallError, type Bridge } from '../../bridge';
import { type DuetDb, type MessageRow, type OutboxRow } from '../db';
import { noteMetaClock } from '../meta-clock';
import { clientIdsOf, getConversation, ingestMessages } from '../repos/inbox';
import { adoptDelivery, getEntry, updateEntryIf } from '../repos/outbox';
import { canMove, TRANSITIONS, type OutboxEvent } from './states';
import { type SessionPause } from '../session-gate';

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
type ThreadPage = CallResponse<'inbox/messages'>;

/** Moves an entry by one event of the state table (one strict transaction; null when it had moved on). */
export function moveEntry(
  db: DuetDb,
  clientId: string,
  event: Exclude<OutboxEvent, 'sent' | 'discard'>,
  patch: Partial<OutboxRow> = {},
  messagePatch: Partial<MessageRow> = {},
): Promise<OutboxRow | null> {
  const { from, to } = TRANSITIONS[event];
  return updateEntryIf(
    db,
    clientId,
    from,
    to === 'unchanged' ? patch : { ...patch, state: to },
    messagePatch,
  );
}

/** What delivery needs from the outbox. */
export interface DeliveryDeps {
  db: DuetDb;
  bridge: Bridge;
  now: () => number;
  /** The retry delay after `attempts` attempts. */
  backoff: (attempts: number) => number;
  /** False once the outbox was stopped after this work began: its results are dropped. */
  current: (gen: number) => boolean;
  /** Pauses the queue (Meta refused the token, or the user is signed out). */
  pauseFor: (reason: SessionPause) => void;
}

/** Creates the delivery steps the runner calls for a conversation's head entry. */
export function createDelivery(deps: DeliveryDeps) {
  const { db, bridge, now, backoff, current, pauseFor } = deps;
  /** The host's latest reading of Meta's clock (from the thread reads of reconciliation). */
  let metaClock: ClockHint | undefined;

  async function attempt(entry: OutboxRow, gen: number) {
    const attemptAt = now();
    // Durably "sending" before the request leaves: after a crash this row says the message may be out there.
    const sending = await moveEntry(db, entry.clientId, 'attempt', {
      attemptAt,
      matchFrom: deliveryFloor(attemptAt, metaClock),
      attempts: entry.attempts + 1,
      error: undefined,
    });
    if (!sending || !current(gen)) return;
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
    if (!current(gen)) return;
    await apply(sending, outcome);
  }

  async function apply(entry: OutboxRow, outcome: SendOutcome) {
    switch (outcome.status) {
      case 'sent':
        await adoptDelivery(db, entry.clientId, outcome.messageId, outcome.sentAt);
        return;
      case 'retryable':
        await moveEntry(db, entry.clientId, 'retryable', {
          error: outcome.reason,
          nextAttemptAt: now() + Math.max(outcome.retryAfterMs, backoff(entry.attempts)),
        });
        return;
      case 'permanent':
        // Never retried silently: the user sees the reason and decides (Retry / Discard).
        await moveEntry(db, entry.clientId, 'permanent', { error: outcome.reason });
        return;
      case 'auth':
        // Meta refused the token (code 190): nothing went out. Keep the entry, pause until sign-in.
        await moveEntry(db, entry.clientId, 'auth', { error: outcome.reason, nextAttemptAt: now() });
        pauseFor('session-expired');
        return;
      case 'ambiguous':
        await moveEntry(db, entry.clientId, 'ambiguous', { error: outcome.reason });
        return;
    }
  }

  async function recheckLater(entry: OutboxRow, ms: number) {
    await moveEntry(db, entry.clientId, 'recheck', { nextAttemptAt: now() + ms });
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
      if (current(gen)) await recheckLater(entry, backoff(entry.attempts));
      return;
    }
    if (!current(gen)) return;
    if (status.state === 'not-sent') {
      // The host's durable registry never began it (the renderer died before the call arrived): safe to send.
      await moveEntry(db, entry.clientId, 'notDelivered', { nextAttemptAt: now() });
      return;
    }
    if (status.state === 'in-flight') {
      await recheckLater(entry, IN_FLIGHT_RECHECK_MS);
      return;
    }
    if (status.state === 'done' && status.outcome && status.outcome.status !== 'ambiguous') {
      await apply(entry, status.outcome);
      return;
    }
    await checkThread(entry, gen);
  }

  /** Reads the thread and judges the delivery (the host's registry could not say). */
  async function checkThread(entry: OutboxRow, gen: number) {
    let page;
    const readAt = now();
    try {
      page = await bridge.invoke('inbox/messages', {
        accountId: entry.accountId,
        platform: entry.platform,
        conversationId: entry.conversationNativeId,
      });
    } catch (error) {
      if (!current(gen)) return;
      if (
        error instanceof BridgeCallError &&
        (error.code === 'session-expired' || error.code === 'not-signed-in')
      ) {
        pauseFor(error.code === 'not-signed-in' ? 'signed-out' : 'session-expired');
      } else {
        await recheckLater(entry, backoff(entry.attempts));
      }
      return;
    }
    if (!current(gen)) return;
    if (page.clock) metaClock = page.clock;
    noteMetaClock(page.clock);
    // Compare in Meta's time: the delivery's created_time is Meta's clock, the attempt time is ours.
    const floor = deliveryFloor(entry.attemptAt ?? entry.createdAt, page.clock);
    const marked = await moveEntry(db, entry.clientId, 'floorKnown', { matchFrom: floor });
    if (!marked || !current(gen)) return;
    const conv = await getConversation(db, entry.conversationId);
    // Ingest adopts a matching Page message (same text, dated at or after matchFrom) for this entry.
    await ingestMessages(
      db,
      { id: entry.conversationId, updatedTime: conv?.updatedTime ?? 0 },
      page.items,
      deliveryFloor(readAt, page.clock),
    );
    await settleFromThread(db, entry.clientId, floor, page, now);
  }

  /** One step for a conversation's head: send a queued entry, reconcile any other. */
  return async function step(head: OutboxRow, gen: number): Promise<void> {
    if (head.state === 'queued') await attempt(head, gen);
    else await reconcile(head, gen);
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

/** Settles an entry from a thread page read after its attempt: adopt the delivery, send again, or ask the user. */
async function settleFromThread(
  db: DuetDb,
  clientId: string,
  floor: number | undefined,
  page: ThreadPage,
  now: () => number,
): Promise<void> {
  const cur = await getEntry(db, clientId);
  if (!cur || !canMove('floorKnown', cur.state)) return;
  const owner = await clientIdsOf(
    db,
    page.items.map((m) => m.id),
  );
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
      await adoptDelivery(db, cur.clientId, verdict.messageId, verdict.createdTime);
      return;
    case 'absent':
      // Not in a page that reaches back past the attempt: provably not delivered, safe to send again.
      await moveEntry(db, cur.clientId, 'notDelivered', { nextAttemptAt: now() });
      return;
    case 'unconfirmed':
      // Not found, but the page cannot prove it was not delivered: never resent without the user.
      await moveEntry(db, cur.clientId, 'unconfirmed', { error: UNCONFIRMED_REASON[verdict.reason] });
      return;
  }
}
