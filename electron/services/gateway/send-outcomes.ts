// How each way a reply can fail becomes a SendOutcome the outbox acts on: whether it may have been delivered
// (ambiguous), may be retried (retryable), needs a new sign-in (auth) or will never go through (permanent).
import { BridgeError } from '../../../shared/bridge/contract';
import type { SendOutcome, SendRequest } from '../../../shared/bridge/calls/inbox';
import type { ClassifiedGraphError } from '../../../shared/graph/errors';
import type { GraphCallError, GraphParams } from '../graph/client';

/** Why there is no Page token for a send (the session refused it). */
export function noTokenOutcome(err: unknown): SendOutcome {
  if (err instanceof BridgeError && (err.code === 'session-expired' || err.code === 'not-signed-in'))
    return { status: 'auth', reason: err.message };
  return {
    status: 'permanent',
    reason: err instanceof Error ? err.message : 'No access to this Page.',
    code: 'permission',
  };
}

/** Why checking the recipient against the conversation failed; rethrows anything that isn't a BridgeError. */
export function recipientCheckOutcome(err: unknown): SendOutcome {
  if (!(err instanceof BridgeError)) throw err;
  if (err.code === 'permission') return { status: 'permanent', reason: err.message, code: 'permission' };
  if (err.code === 'session-expired' || err.code === 'not-signed-in')
    return { status: 'auth', reason: err.message };
  // Offline / throttled while checking: nothing was sent, so it is safe to retry.
  return { status: 'retryable', reason: err.message, retryAfterMs: err.retryAfterMs ?? 0 };
}

/**
 * Maps a failed Send API request to an outcome: where it failed decides whether it may have been delivered.
 * `note` is the gateway's noteFailure for an answer Meta gave (a 190 expires the session, a permission refusal
 * re-reads the permission state).
 */
export function failedSendOutcome(
  err: GraphCallError,
  note: (info: ClassifiedGraphError) => void,
): SendOutcome {
  const info = err.info;
  if (err.phase === 'after-send') return { status: 'ambiguous', reason: info.message };
  if (err.phase === 'before-send')
    return { status: 'retryable', reason: info.message, retryAfterMs: info.retryAfterMs ?? 0 };
  note(info);
  switch (info.kind) {
    case 'auth':
      return { status: 'auth', reason: info.message };
    case 'throttled':
      return { status: 'retryable', reason: info.message, retryAfterMs: info.retryAfterMs ?? 60_000 };
    case 'transient':
      return { status: 'retryable', reason: info.message, retryAfterMs: 0 };
    default:
      return { status: 'permanent', reason: info.message, code: info.kind };
  }
}

/** The Send API parameters of a reply. */
export function sendParams(req: SendRequest): GraphParams {
  return {
    recipient: JSON.stringify({ id: req.recipientId }),
    message: JSON.stringify({ text: req.text }),
    // RESPONSE within 24 h of the customer's last message; HUMAN_AGENT tag extends it to 7 days (Send API docs).
    messaging_type: req.tag ? 'MESSAGE_TAG' : 'RESPONSE',
    tag: req.tag,
  };
}
