// The outbox's public API. Meta's Send API has no idempotency key, so exactly-once delivery rests on three rules:
// 1. the state `sending` (with `attemptAt`) is written durably BEFORE the request leaves, so after a crash we know a
//    request may have gone out; 2. a send whose fate is unknown is reconciled (host registry, then the thread itself)
//    before any retry; 3. one send in flight per conversation, in `seq` order, so order is preserved.
// The pieces: ./states.ts (which state may follow which), ./deliver.ts (an attempt and its reconciliation),
// ../queue/serial-runner.ts (one worker per conversation), repos/outbox.ts (the storage).
import { type Bridge } from '../../bridge';
import { type ConversationRow, type DuetDb, type MessageRow, type OutboxRow, wordsOf } from '../db';
import {
  addEntry,
  deleteEntryIf,
  entriesIn,
  firstEntryIn,
  moveAllEntries,
  type NewEntry,
} from '../repos/outbox';
import { OutboxRejection, type Outbox } from './types';
import { conversationWindow, windowMessage } from './window';
import { metaNow } from '../meta-clock';
import { MAX_MESSAGE_TEXT_LENGTH, messageTextLength } from '../../../../shared/message-text';
import { createDelivery, moveEntry } from './deliver';
import { fullJitterBackoff } from '../queue/backoff';
import { createRunner } from '../queue/serial-runner';
import { createQueueLock } from '../queue/web-lock';
import { canMove, PENDING_STATES, TRANSITIONS } from './states';
import { type SessionPause } from '../session-gate';
import { resolveQueueEnv, type QueueEnv } from '../queue/env';

export { localMessageId } from '../repos/outbox';
export { outcomeOfError, UNCONFIRMED_REASON } from './deliver';

/** What the outbox needs; everything time- or randomness-related is injectable for tests (queue/env.ts). */
export interface OutboxDeps extends QueueEnv {
  db: DuetDb;
  bridge: Bridge;
  newClientId?: () => string;
}

/** Creates the outbox over the given database and bridge. Call `start()` to begin flushing. */
export function createOutbox(deps: OutboxDeps): Outbox {
  const { db, bridge } = deps;
  const {
    now,
    random,
    setTimer,
    isOnline,
    backoff: tuning,
  } = resolveQueueEnv(deps, {
    baseMs: 1000,
    capMs: 60_000,
  });
  const newClientId = deps.newClientId ?? (() => crypto.randomUUID());
  const { baseMs, capMs } = tuning;

  let paused: SessionPause | null = null;
  const lock = createQueueLock(deps.useWebLock ? `duet-outbox:${db.name}` : null);
  const sessionLost = new Set<() => void>();

  const backoff = fullJitterBackoff(random, { baseMs, capMs });

  // One worker per conversation: entries go out strictly one after another, in seq order.
  const runner = createRunner<OutboxRow>({
    now,
    setTimer,
    baseMs,
    canWork: () => !paused && isOnline(),
    pending: () => entriesIn(db, PENDING_STATES),
    laneOf: (r) => r.conversationId,
    before: (a, b) => a.seq < b.seq,
    dueAt: (r) => r.nextAttemptAt,
    headOf: (conversationId) => firstEntryIn(db, conversationId, PENDING_STATES),
    step: (head, gen) => step(head, gen),
  });
  const step = createDelivery({ db, bridge, now, backoff, current: runner.current, pauseFor });
  const kick = () => runner.kick();

  /** Nothing new starts until `resume` (a 190 pauses by itself; only the session gate resumes). */
  function pauseFor(reason: SessionPause) {
    paused = reason;
    for (const l of [...sessionLost]) l();
  }

  function resume() {
    paused = null;
    kick();
  }

  return {
    async send(conversation: ConversationRow, text: string, opts: { humanAgent?: boolean } = {}) {
      const body = text.trim();
      if (!body) throw new OutboxRejection('A message cannot be empty.');
      if (messageTextLength(body) > MAX_MESSAGE_TEXT_LENGTH)
        throw new OutboxRejection(
          `Meta accepts at most ${MAX_MESSAGE_TEXT_LENGTH.toLocaleString()} characters per message; this one has ${messageTextLength(body).toLocaleString()}. Shorten it or split it.`,
        );
      const humanAgent = !!opts.humanAgent;
      // Meta enforces the window in its own clock (the host measured its offset from ours).
      const w = conversationWindow(conversation, metaNow(now()), humanAgent);
      if (w.status === 'closed') throw new OutboxRejection(windowMessage(w, humanAgent));
      const clientId = newClientId();
      await addEntry(db, ...newEntry(conversation, body, clientId, now(), humanAgent));
      kick();
      return clientId;
    },

    async retry(clientId) {
      await moveEntry(db, clientId, 'retry', { error: undefined, attempts: 0, nextAttemptAt: now() });
      kick();
    },

    async checkAgain(clientId) {
      await moveEntry(db, clientId, 'checkAgain', { nextAttemptAt: now() });
      kick();
    },

    async sendAgain(clientId) {
      // The user decided, knowing it may arrive twice: a fresh attempt.
      await moveEntry(db, clientId, 'sendAgain', { error: undefined, attempts: 0, nextAttemptAt: now() });
      kick();
    },

    async discard(clientId) {
      const done = await deleteEntryIf(db, clientId, (state) => canMove('discard', state));
      if (!done)
        throw new OutboxRejection(
          'This reply may already have been delivered; wait until it has been checked.',
        );
    },

    async start() {
      if (runner.running) return;
      // Only once this tab holds the store's lock, and after what a crash left is marked unknown, does the runner
      // start: until then a kick does nothing (a tab waiting for the lock never sends another tab's reply).
      const live = await lock.acquire();
      if (!live || runner.running) return;
      // A crash (or reload) while sending leaves rows in `sending`: their fate is unknown, reconcile them first.
      const { from, to } = TRANSITIONS.interrupted;
      await moveAllEntries(db, from[0], to, now());
      if (!live()) return;
      const gen = runner.start();
      if (!runner.current(gen)) return;
      lock.kickWhenOnline(kick);
      kick();
    },

    stop() {
      runner.stop();
      lock.release();
    },

    pause(reason) {
      paused = reason;
    },
    onSessionLost(listener) {
      sessionLost.add(listener);
      return () => void sessionLost.delete(listener);
    },

    resume,
    kick,
    idle: () => runner.idle(),
    pausedReason: () => paused,
  };
}

/** The outbox row and its optimistic bubble for a new reply (written together by `addEntry`). */
function newEntry(
  conversation: ConversationRow,
  body: string,
  clientId: string,
  createdAt: number,
  humanAgent: boolean,
): [NewEntry, Omit<MessageRow, 'id'>] {
  const pageSide = conversation.participants.find((p) => p.id !== conversation.customer.id);
  return [
    {
      clientId,
      accountId: conversation.accountId,
      platform: conversation.platform,
      conversationId: conversation.id,
      conversationNativeId: conversation.nativeId,
      recipientId: conversation.customer.id,
      text: body,
      ...(humanAgent ? { tag: 'HUMAN_AGENT' as const } : {}),
      state: 'queued',
      createdAt,
      attempts: 0,
      nextAttemptAt: createdAt,
    },
    {
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
    },
  ];
}
