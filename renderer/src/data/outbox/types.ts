// The outbox: replies written in Duet go out in order, exactly once, even across crashes and offline periods.
import { type ConversationRow } from '../db';
import { type SessionPause } from '../session-gate';

/** The outbox (created once per renderer by createOutbox in ./outbox.ts). */
export interface Outbox {
  /**
   * Writes the optimistic message and its outbox row in one strict-durability transaction and returns its clientId.
   * Rejects (without writing) when the reply window is closed.
   */
  send(conversation: ConversationRow, text: string, opts?: { humanAgent?: boolean }): Promise<string>;
  /** Puts a failed entry back in the queue (the user pressed Retry). */
  retry(clientId: string): Promise<void>;
  /** Looks for an `unconfirmed` reply in the thread again (the user pressed Check again). */
  checkAgain(clientId: string): Promise<void>;
  /** Sends an `unconfirmed` reply again (the user pressed Send again and confirmed): it may arrive twice. */
  sendAgain(clientId: string): Promise<void>;
  /** Deletes a failed/queued entry and its optimistic message (the user discarded it). */
  discard(clientId: string): Promise<void>;
  /** Starts flushing (turns leftover `sending` into `unknown` and reconciles those first). */
  start(): Promise<void>;
  stop(): void;
  /** Pauses on session expiry (190); nothing is dropped. */
  pause(reason: SessionPause): void;
  resume(): void;
  /** Tells `listener` when Meta refused the token and the queue paused by itself. */
  onSessionLost(listener: () => void): () => void;
  /** Flushes now (e.g. when the network returns). */
  kick(): void;
  /** Resolves once no send, reconciliation or scan is running (timers may still be pending). For tests and tools. */
  idle(): Promise<void>;
  /** Why the queue is paused, or null. */
  pausedReason(): SessionPause | null;
}

/** Thrown by `send` when Meta would refuse the reply (window closed, empty or too long): nothing was written. */
export class OutboxRejection extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboxRejection';
  }
}
