// The sync engine is generic: each feature registers streams (feed, gallery, stories, inbox) that say what to ask
// for in a poll tick and how to store the answer. The engine owns timing (adaptive interval, backoff, offline).
import { type PollResult } from '../../../../shared/bridge/calls/sync';
import { type StreamName } from '../../../../shared/streams';
import { type Bridge } from '../../bridge';
import { type DuetDb } from '../db';
import { type SessionPause } from '../session-gate';

/** What a stream gets to do its work. */
export interface SyncContext {
  db: DuetDb;
  bridge: Bridge;
  accountId: string;
  /** Reports visible progress, e.g. ("feed", 340) → "Syncing feed… 340 posts". */
  progress(stream: StreamName, itemCount: number, done: boolean): void;
  /** True once the engine was stopped or the account switched: long loops must stop. */
  cancelled(): boolean;
}

/** One synced stream. */
export interface SyncStream {
  /** Stable name, used in the poll request and result, sync state keys and progress (shared/streams.ts). */
  name: StreamName;
  /** Whether this stream applies to the account (e.g. gallery needs a linked Instagram account). */
  appliesTo(account: { id: string; instagram?: unknown }): boolean;
  /** Stores what the poll tick returned for this stream (`result.pages[name]`; skip when notModified). */
  ingestPoll(result: PollResult, ctx: SyncContext): Promise<void>;
  /** Fetches older pages after first sign-in, newest first, until done or cancelled. Resumable via syncState. */
  backfill(ctx: SyncContext): Promise<void>;
}

/** What the UI shows about sync: per-stream progress, online state, when it last succeeded. */
export interface SyncStatus {
  accountId: string | null;
  /** False when the OS says offline or the last requests failed for network reasons. */
  online: boolean;
  /** Per stream: items stored so far and whether backfill has finished. */
  streams: Record<
    string,
    { itemCount: number; backfillDone: boolean; lastSyncedAt?: number; error?: string }
  >;
  /** Epoch ms of the last successful poll tick. */
  lastSyncedAt?: number;
  /** The current poll interval (adaptive: focused / hidden / budget / offline). */
  intervalMs: number;
  /**
   * Why the last poll brought nothing new although the network is up: Facebook answered with errors or junk on
   * every stream (`unreachable`), or asked Duet to slow down (`throttled`). Cleared by the next poll that succeeds.
   */
  stale?: 'unreachable' | 'throttled' | undefined;
  /** Set when the session expired (190): sync is paused until sign-in. */
  paused?: SessionPause;
}

/** The sync engine (created once per renderer by createSyncEngine in ./engine.ts). */
export interface SyncEngine {
  /** Starts (or switches to) syncing one account: backfill first, then adaptive polling. */
  start(account: { id: string; instagram?: unknown }): void;
  stop(): void;
  /** Starts the current account over from its stored sync state (after a wipe reset streams, they backfill again). */
  resync(): void;
  /** Polls now (e.g. after the network returns or on user request). */
  pollNow(): Promise<void>;
  /** Pauses until `resume` (the session gate calls both; a 190 also pauses it by itself). */
  pause(reason: SessionPause): void;
  /** Lifts a pause and polls at once. */
  resume(): void;
  /** Tells `listener` when a call was refused for a lost session (sync paused by itself). */
  onSessionLost(listener: () => void): () => void;
  getStatus(): SyncStatus;
  /** Subscribes to status changes; returns the unsubscribe function. */
  subscribe(listener: (status: SyncStatus) => void): () => void;
}
