// How each way a publish call can fail becomes a PublishFailure the renderer's publish queue acts on. The rules
// are the outbox's (send-outcomes.ts) with publishing's own hazards:
// - a write that makes something public ("live": a feed post, media_publish, a video's finish, a story) is
//   `ambiguous` whenever it may have taken effect: the connection dropped after sending, a timeout, a 5xx, and the
//   answers Meta is known to give after the post went live (4/2207051, 100/33 on media_publish: Postiz PR #1681
//   and issue #1562). Meta's publish calls have no idempotency key, so these are never retried blindly;
// - a staging write (an unpublished photo, a container) and a read are `retryable` on the same failures: at worst
//   they leave an unused photo or container behind, which never goes live;
// - throttling (4/17/32/613/80001–80014) is `retryable` after Meta's wait, except 4/2207051 on a live write;
// - Instagram's daily-limit refusal (9/2207042, Meta's Error Codes page) is `retryable` with `limit`: nothing was
//   made or published, and it frees up within 24 h, so the queue waits rather than failing the post;
// - 190 is `auth` (the session flips to expired and the queue pauses); anything else is `permanent`, with Meta's
//   message kept for the user and the code/subcode for the log.
import { BridgeError } from '../../../shared/bridge/contract';
import type { PublishFailure } from '../../../shared/bridge/calls/publish';
import { IG_DAILY_LIMIT_RETRY_MS, IG_DAILY_LIMIT_SUBCODE } from '../../../shared/publish-limits';
import { GraphCallError } from '../graph/client';

/** What kind of call failed: see the header comment. */
export type PublishCallKind = 'live' | 'staging' | 'read';

/** 4/2207051 "action blocked" after media_publish can hide a post that went live (Postiz PR #1681). */
const AMBIGUOUS_SUBCODES = new Set([2207051]);

/** Maps a failed Graph call to an outcome; `markExpired` is called for a 190. */
export function publishFailure(
  err: GraphCallError,
  kind: PublishCallKind,
  markExpired: (message: string) => void,
): PublishFailure {
  const info = err.info;
  if (err.phase === 'before-send')
    return { status: 'retryable', reason: info.message, retryAfterMs: info.retryAfterMs ?? 0 };
  if (err.phase === 'after-send')
    return kind === 'live'
      ? {
          status: 'ambiguous',
          reason: 'Facebook did not answer, so Duet cannot tell whether this went live.',
        }
      : // A staging write whose answer was lost may have made its container all the same.
        {
          status: 'retryable',
          reason: info.message,
          retryAfterMs: 0,
          ...(kind === 'staging' ? { spent: true } : {}),
        };
  if (info.kind === 'auth') {
    markExpired(info.message);
    return { status: 'auth', reason: info.message };
  }
  if (kind === 'live') {
    const knownAfterSuccess =
      (info.subcode !== undefined && AMBIGUOUS_SUBCODES.has(info.subcode)) ||
      (info.code === 100 && info.subcode === 33);
    if (knownAfterSuccess || info.kind === 'transient' || info.status >= 500)
      return {
        status: 'ambiguous',
        reason: 'Facebook answered with an error that it is known to give after a post did go live.',
      };
  }
  if (info.subcode === IG_DAILY_LIMIT_SUBCODE && info.code === 9)
    return {
      status: 'retryable',
      reason: 'Instagram’s daily publishing limit for this account is reached.',
      retryAfterMs: IG_DAILY_LIMIT_RETRY_MS,
      limit: 'ig-daily',
    };
  if (info.kind === 'throttled')
    return { status: 'retryable', reason: info.message, retryAfterMs: info.retryAfterMs ?? 60_000 };
  if (info.kind === 'transient') return { status: 'retryable', reason: info.message, retryAfterMs: 0 };
  // A "does not exist" on a read of something Duet created is Meta's known false 100/33 (Postiz #1562): read again.
  if (kind === 'read' && info.code === 100 && info.subcode === 33)
    return { status: 'retryable', reason: 'Facebook could not find it just now.', retryAfterMs: 5_000 };
  return {
    status: 'permanent',
    reason: info.upstreamMessage
      ? `${info.message.replace(/[.:]?\s*$/, '.')} Facebook said: “${info.upstreamMessage}”`
      : info.message,
    code: info.kind,
    ...(info.code !== undefined ? { graphCode: info.code } : {}),
    ...(info.subcode !== undefined ? { graphSubcode: info.subcode } : {}),
    ...(info.upstreamMessage ? { metaMessage: info.upstreamMessage } : {}),
  };
}

/** Why there is no token for this account (the session refused it), as an outcome. */
export function noTokenFailure(err: unknown): PublishFailure {
  if (err instanceof BridgeError && (err.code === 'session-expired' || err.code === 'not-signed-in'))
    return { status: 'auth', reason: err.message };
  if (err instanceof BridgeError && err.code === 'permission')
    return { status: 'permanent', reason: err.message, code: 'permission' };
  throw err;
}

/** Runs a Graph call and maps its failure; any other error is rethrown. */
export async function classified<T>(
  kind: PublishCallKind,
  markExpired: (message: string) => void,
  run: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; failure: PublishFailure }> {
  try {
    return { ok: true, value: await run() };
  } catch (err) {
    if (err instanceof GraphCallError) return { ok: false, failure: publishFailure(err, kind, markExpired) };
    return { ok: false, failure: noTokenFailure(err) };
  }
}
