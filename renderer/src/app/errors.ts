// Turns anything thrown into one sentence a user can act on.
import { BridgeCallError } from '../bridge';

/** A user-facing message for an error from a bridge call or elsewhere. */
export function messageOf(error: unknown): string {
  if (error instanceof BridgeCallError) {
    if (error.code === 'invalid-request' && error.issues?.length)
      return error.issues.map((i) => i.message).join(' ');
    return error.message;
  }
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

/** The first sentence of the expired-session banner. */
export const EXPIRED_SESSION_LEAD = 'Your Facebook session has expired.';

/**
 * What the expired-session banner adds after its first sentence: the host's reason ("…was invalidated (for example
 * after a password change).") — or nothing when the reason is that same first sentence, which is never said twice.
 */
export function expiredSessionDetail(message: string | undefined): string {
  const reason = message?.trim() ?? '';
  // The host's message often starts with the same sentence ("Your Facebook session has expired. Sign in again…").
  return reason.startsWith(EXPIRED_SESSION_LEAD) ? reason.slice(EXPIRED_SESSION_LEAD.length).trim() : reason;
}
