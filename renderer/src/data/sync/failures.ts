// What the sync engine makes of a failed call: one reading shared by the poll tick and the backfill, so both react
// to the same error the same way.
import { BridgeCallError } from '../../bridge';
import { isQuotaError } from '../storage-errors';
import { type SessionPause } from '../session-gate';

/** How a failure concerns the engine. */
export type FailureReading =
  /** The session is gone: sync pauses until sign-in. */
  | { kind: 'session'; paused: SessionPause }
  /** The network is down (only the bridge decides that: it maps failed fetches to `offline`). */
  | { kind: 'offline' }
  /** Meta or the host failed; `retryAfterMs` when Meta asked to slow down. */
  | { kind: 'failed'; stale: 'throttled' | 'unreachable'; retryAfterMs?: number };

/** Reads a failure of a bridge call or of a stream's own code. */
export function readFailure(e: unknown): FailureReading {
  if (e instanceof BridgeCallError) {
    if (e.code === 'session-expired') return { kind: 'session', paused: 'session-expired' };
    if (e.code === 'not-signed-in') return { kind: 'session', paused: 'signed-out' };
    if (e.code === 'offline') return { kind: 'offline' };
    if (e.code === 'throttled')
      return {
        kind: 'failed',
        stale: 'throttled',
        ...(e.retryAfterMs ? { retryAfterMs: e.retryAfterMs } : {}),
      };
  }
  // A TypeError from a bug in a stream must surface as that stream's error, not as "you're offline".
  return { kind: 'failed', stale: 'unreachable' };
}

/** The words a stream's error is shown with. */
export function messageOf(e: unknown): string {
  // IndexedDB refuses writes once the origin's quota (the disk) is full; Dexie wraps the DOMException. The raw
  // "QuotaExceededError…" text means nothing to a user, so say what happened and what to do.
  if (isQuotaError(e))
    return 'Your disk is too full to save new items. Free some space; Duet catches up by itself.';
  return e instanceof Error ? e.message : String(e);
}
