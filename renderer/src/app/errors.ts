// Turns anything thrown into one sentence a user can act on.
import { BridgeCallError } from '../bridge';

/** A user-facing message for an error from a bridge call or elsewhere. */
export function messageOf(error: unknown): string {
  if (error instanceof BridgeCallError) {
    if (error.code === 'invalid-request' && error.issues?.length) return error.issues.map((i) => i.message).join(' ');
    return error.message;
  }
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
