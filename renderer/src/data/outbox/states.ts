// The outbox's state machine as data: which event may move an entry from which states, and to which state. The code
// moves entries only through this table (`moveEntry` in ./deliver.ts and the public API in ./outbox.ts), and the
// README's state table describes it in words.
import { type OutboxState } from '../db';

/** States that still hold a conversation's queue (head = lowest `seq` among them). */
export const PENDING_STATES = ['queued', 'sending', 'unknown'] as const satisfies readonly OutboxState[];

/** States in which a reply may already have reached Meta (its request left; the outcome is not known). */
export const MAYBE_SENT_STATES = [
  'sending',
  'unknown',
  'unconfirmed',
] as const satisfies readonly OutboxState[];

/** Where an event leaves an entry: a state, the same state (a field update), or deleted. */
export type Target = OutboxState | 'unchanged' | 'deleted';

/** Every move an entry can make. `from` is checked in the same transaction as the write. */
export const TRANSITIONS = {
  /** Head of its conversation and due: durably `sending` before the request leaves. */
  attempt: { from: ['queued'], to: 'sending' },
  /** Meta's id is known (send answer, the host's registry, or the thread): the entry is retired. */
  sent: { from: ['sending', 'unknown'], to: 'deleted' },
  /** Worth retrying (rate limit, 5xx before sending): back in the queue with backoff. */
  retryable: { from: ['sending', 'unknown'], to: 'queued' },
  /** Meta refused it: only the user retries or discards. */
  permanent: { from: ['sending', 'unknown'], to: 'failed' },
  /** Meta refused the token (190): nothing went out; queued, and the outbox pauses. */
  auth: { from: ['sending', 'unknown'], to: 'queued' },
  /** The request may have reached Meta: reconcile before any retry. */
  ambiguous: { from: ['sending', 'unknown'], to: 'unknown' },
  /** A crash or reload left it `sending`: its fate is unknown (at start). */
  interrupted: { from: ['sending'], to: 'unknown' },
  /** Reconciliation could not decide yet (still in flight, or the check failed): look again later. */
  recheck: { from: ['unknown', 'sending'], to: 'unknown' },
  /** Reconciliation read Meta's clock: the attempt's floor in Meta's time (`matchFrom`) is recorded. */
  floorKnown: { from: ['unknown', 'sending'], to: 'unchanged' },
  /** The host never began it, or the thread proves it was not delivered: safe to send again. */
  notDelivered: { from: ['unknown', 'sending'], to: 'queued' },
  /** Not found, and the thread cannot prove it was not delivered: never resent without the user. */
  unconfirmed: { from: ['unknown', 'sending'], to: 'unconfirmed' },
  /** The user pressed Retry on a failed reply. */
  retry: { from: ['failed'], to: 'queued' },
  /** The user pressed Check again on an unconfirmed reply. */
  checkAgain: { from: ['unconfirmed'], to: 'unknown' },
  /** The user pressed Send again (it may arrive twice). */
  sendAgain: { from: ['unconfirmed'], to: 'queued' },
  /** The user discarded it: only what cannot have gone out. */
  discard: { from: ['failed', 'queued'], to: 'deleted' },
} as const satisfies Record<string, { from: readonly OutboxState[]; to: Target }>;

/** The name of a move of the table. */
export type OutboxEvent = keyof typeof TRANSITIONS;

/** True when `event` may move an entry that is in `state`. */
export function canMove(event: OutboxEvent, state: OutboxState): boolean {
  return (TRANSITIONS[event].from as readonly OutboxState[]).includes(state);
}
