// The comment action queue: replies, hides, deletes, likes, private replies and comments on/off, durable and applied
// once, in order per comment. Meta's comment writes have no idempotency key, so "once" rests on the outbox's rules:
// 1. `sending` (with its attempt time) is on disk BEFORE the request leaves; 2. a write that may have gone out
// (`sending` found after a restart, an ambiguous answer, a bridge failure mid-call) is `unconfirmed` and looked up
// on Meta (comments/lookup) before anything else — sent again only when the lookup proves it was not applied;
// 3. one row in flight per lane (the comment, or the post for a reply to the post), oldest first.
// Storage: repos/comment-actions.ts (strict); the runner: ../queue/serial-runner.ts; surroundings: ../queue/env.ts.
import { type CommentAction, type CommentActRequest } from '../../../../shared/bridge/calls/comments';
import { type Bridge } from '../../bridge';
import { type CommentActionRow, type CommentRow, type DuetDb } from '../db';
import { fullJitterBackoff } from '../queue/backoff';
import { resolveQueueEnv, type QueueEnv } from '../queue/env';
import { createRunner, headOfRows, type Runner } from '../queue/serial-runner';
import { createQueueLock } from '../queue/web-lock';
import {
  addCommentAction,
  getCommentAction,
  laneRows,
  removeUnsentCommentAction,
  updateCommentActionIf,
  WORKING_STATES,
  workingCommentActions,
} from '../repos/comment-actions';
import { updateComments } from '../repos/comments';
import { type SessionPausable, type SessionPause } from '../session-gate';

/** What the UI hands over: where the action goes and what it is. */
export interface CommentActionInput {
  accountId: string;
  platform: 'fb' | 'ig';
  postId: string;
  postNativeId: string;
  commentId?: string;
  commentNativeId?: string;
  action: CommentAction;
}

/** The comment action queue (one per open store); the session gate pauses and resumes it. */
export interface CommentActionQueue extends SessionPausable {
  /** Queues an action (strict: on disk when this resolves); returns its id. */
  enqueue(input: CommentActionInput): Promise<string>;
  /** Takes back an action not sent yet (Undo of a delete); false when it has begun. */
  undo(clientId: string): Promise<boolean>;
  /** Puts a failed action back in the queue (Retry): Meta refused it, so nothing was applied. */
  retry(clientId: string): Promise<void>;
  start(): Promise<void>;
  stop(): void;
  kick(): void;
  idle(): Promise<void>;
  /** Why it waits for the user to sign in again (null while it may run). */
  pausedReason(): SessionPause | null;
}

/** What the queue needs; time, randomness, timers and the online flag are injectable (queue/env.ts). */
export interface CommentActionQueueDeps extends QueueEnv {
  db: DuetDb;
  bridge: Pick<Bridge, 'invoke'>;
  newId?: () => string;
}

/** Backoff of the comment queue: a minute at most between tries of one action. */
const TUNING = { baseMs: 2000, capMs: 60_000 };

/** The bridge request of a row. */
export function actRequest(row: CommentActionRow): CommentActRequest {
  return {
    accountId: row.accountId,
    clientId: row.clientId,
    platform: row.platform,
    postNativeId: row.postNativeId,
    ...(row.commentNativeId ? { commentNativeId: row.commentNativeId } : {}),
    action: row.action,
  };
}

/** The local change a confirmed action makes to the stored comment (sync reads it back later anyway). */
function applyLocally(row: CommentActionRow, now: number): ((c: CommentRow) => CommentRow) | null {
  const a = row.action;
  switch (a.kind) {
    case 'hide':
      return (c) => ({ ...c, hidden: a.hidden });
    case 'like':
      return (c) => ({ ...c, pageLiked: a.liked, likeCount: Math.max(0, c.likeCount + (a.liked ? 1 : -1)) });
    case 'delete':
      return (c) => ({ ...c, goneAt: c.goneAt ?? now });
    case 'private-reply':
      return (c) => ({
        ...c,
        privateReply: row.conversationId ? { conversationId: row.conversationId } : {},
      });
    default:
      return null;
  }
}

/** Creates the queue; call `start()` to begin. */
export function createCommentActionQueue(deps: CommentActionQueueDeps): CommentActionQueue {
  const { db, bridge } = deps;
  const env = resolveQueueEnv(deps, TUNING);
  const { now } = env;
  const backoff = fullJitterBackoff(env.random, env.backoff);
  const newId = deps.newId ?? (() => `ca-${crypto.randomUUID()}`);
  let lastSeq = 0;
  const lock = createQueueLock(deps.useWebLock ? `duet-comment-actions:${db.name}` : null);
  let paused: SessionPause | null = null;
  const sessionLost = new Set<() => void>();

  const later = (row: CommentActionRow, minMs = 0) => now() + Math.max(minMs, backoff(row.attempts));

  async function finish(row: CommentActionRow, patch: Partial<CommentActionRow>, gen: number): Promise<void> {
    if (!runner.current(gen)) return;
    const done = await updateCommentActionIf(db, row.clientId, ['sending', 'unconfirmed'], {
      ...patch,
      state: 'done',
      doneAt: now(),
      reason: undefined,
    });
    const change = done && applyLocally(done, now());
    if (done?.commentId && change) await updateComments(db, [done.commentId], change);
  }

  /** Reply ids other done replies of the lane own (an earlier identical reply is not this one). */
  async function takenIds(row: CommentActionRow): Promise<string[]> {
    const rows = await laneRows(db, row.lane);
    return rows.filter((r) => r.clientId !== row.clientId && r.createdId).map((r) => r.createdId as string);
  }

  async function send(row: CommentActionRow, gen: number): Promise<void> {
    const sending = await updateCommentActionIf(db, row.clientId, ['queued'], {
      state: 'sending',
      attemptAt: row.attemptAt ?? now(),
      attempts: row.attempts + 1,
    });
    if (!sending || !runner.current(gen)) return;
    let outcome;
    try {
      outcome = await bridge.invoke('comments/act', actRequest(sending));
    } catch (err) {
      // The call may have reached Meta before it failed: look it up, never send blindly.
      if (!runner.current(gen)) return;
      await updateCommentActionIf(db, row.clientId, ['sending'], {
        state: 'unconfirmed',
        reason: err instanceof Error ? err.message : 'The request did not finish.',
        nextAttemptAt: later(sending),
      });
      return;
    }
    if (!runner.current(gen)) return;
    switch (outcome.status) {
      case 'done':
        return finish(
          sending,
          {
            ...(outcome.createdId ? { createdId: outcome.createdId } : {}),
            ...(outcome.conversationId ? { conversationId: outcome.conversationId } : {}),
          },
          gen,
        );
      case 'retryable':
      case 'auth':
        // Provably not applied: back in the queue; the next send is a new attempt.
        await updateCommentActionIf(db, row.clientId, ['sending'], {
          state: 'queued',
          attemptAt: undefined,
          reason: outcome.reason,
          nextAttemptAt: later(sending, outcome.status === 'retryable' ? outcome.retryAfterMs : 0),
        });
        // Meta refused the token: nothing more goes out until the session gate resumes the queue (signed in again).
        if (outcome.status === 'auth' && !paused) {
          paused = 'session-expired';
          for (const l of [...sessionLost]) l();
        }
        return;
      case 'permanent':
        await updateCommentActionIf(db, row.clientId, ['sending'], {
          state: 'failed',
          reason: outcome.reason,
          code: outcome.code,
        });
        return;
      case 'ambiguous':
        await updateCommentActionIf(db, row.clientId, ['sending'], {
          state: 'unconfirmed',
          reason: outcome.reason,
          nextAttemptAt: now(),
        });
    }
  }

  async function reconcile(row: CommentActionRow, gen: number): Promise<void> {
    // A `sending` row here was left by a stopped or crashed run: its request may have gone out.
    const attemptAt = row.attemptAt ?? row.createdAt;
    let found;
    try {
      found = await bridge.invoke('comments/lookup', {
        act: actRequest(row),
        attemptAt,
        taken: await takenIds(row),
      });
    } catch (err) {
      if (!runner.current(gen)) return;
      await updateCommentActionIf(db, row.clientId, ['sending', 'unconfirmed'], {
        state: 'unconfirmed',
        reason: err instanceof Error ? err.message : 'Duet could not check it yet.',
        nextAttemptAt: later(row),
      });
      return;
    }
    if (!runner.current(gen)) return;
    if (found.state === 'done')
      return finish(
        row,
        {
          ...(found.createdId ? { createdId: found.createdId } : {}),
          ...(found.conversationId ? { conversationId: found.conversationId } : {}),
        },
        gen,
      );
    if (found.state === 'not-done') {
      await updateCommentActionIf(db, row.clientId, ['sending', 'unconfirmed'], {
        state: 'queued',
        attemptAt: undefined,
        nextAttemptAt: now(),
      });
      return;
    }
    await updateCommentActionIf(db, row.clientId, ['sending', 'unconfirmed'], {
      state: 'unconfirmed',
      ...(found.reason ? { reason: found.reason } : {}),
      attempts: row.attempts + 1,
      nextAttemptAt: later(row),
    });
  }

  const runner: Runner = createRunner<CommentActionRow>({
    now,
    setTimer: env.setTimer,
    baseMs: env.backoff.baseMs,
    canWork: () => !paused && env.isOnline(),
    pending: () => workingCommentActions(db),
    laneOf: (r) => r.lane,
    before: (a, b) => a.seq < b.seq,
    dueAt: (r) => (r.state === 'sending' ? 0 : r.nextAttemptAt),
    headOf: async (lane) =>
      headOfRows(
        (await laneRows(db, lane)).filter((r) => WORKING_STATES.includes(r.state)),
        (a, b) => a.seq < b.seq,
      ),
    step: (head, gen) => (head.state === 'queued' ? send(head, gen) : reconcile(head, gen)),
  });

  return {
    async enqueue(input) {
      const t = now();
      lastSeq = Math.max(t * 1000, lastSeq + 1);
      const row: CommentActionRow = {
        clientId: newId(),
        accountId: input.accountId,
        platform: input.platform,
        postId: input.postId,
        postNativeId: input.postNativeId,
        ...(input.commentId ? { commentId: input.commentId } : {}),
        ...(input.commentNativeId ? { commentNativeId: input.commentNativeId } : {}),
        lane: input.commentId ?? input.postId,
        seq: lastSeq,
        action: input.action,
        state: 'queued',
        createdAt: t,
        attempts: 0,
        nextAttemptAt: t,
      };
      await addCommentAction(db, row);
      runner.kick();
      return row.clientId;
    },
    undo: (clientId) => removeUnsentCommentAction(db, clientId),
    async retry(clientId) {
      const row = await getCommentAction(db, clientId);
      if (!row) return;
      await updateCommentActionIf(db, clientId, ['failed'], {
        state: 'queued',
        attempts: 0,
        attemptAt: undefined,
        reason: undefined,
        code: undefined,
        nextAttemptAt: now(),
      });
      runner.kick();
    },
    async start() {
      if (runner.running) return;
      // The runner starts only once this tab holds the store's lock: until then enqueue's kick does nothing.
      const live = await lock.acquire();
      if (!live || runner.running) return;
      const gen = runner.start();
      if (!runner.current(gen)) return;
      lock.kickWhenOnline(() => runner.kick());
      runner.kick();
    },
    stop() {
      runner.stop();
      lock.release();
    },
    pause(reason) {
      paused = reason;
    },
    resume() {
      paused = null;
      runner.kick();
    },
    onSessionLost(listener) {
      sessionLost.add(listener);
      return () => void sessionLost.delete(listener);
    },
    pausedReason: () => paused,
    kick: () => runner.kick(),
    idle: () => runner.idle(),
  };
}
