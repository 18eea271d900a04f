// What the header and the column headers say about sync: when Duet last saved something, and — when that is not
// "just now" for a reason — why ("Facebook is not answering — showing what was saved at 09:40").
import { isFormattableTime } from '../../../shared/time';
import { lastSyncedText } from './time';

/** Why what is on screen may be old. */
export type StaleReason = 'offline' | 'unreachable' | 'throttled' | 'signed-out';

/** "09:40" today, "12 Mar, 09:40" on another day — in the user's locale. */
export function savedAtText(ms: number, now = Date.now()): string {
  if (!isFormattableTime(ms)) return '';
  const d = new Date(ms);
  const time = d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  if (d.toDateString() === new Date(now).toDateString()) return time;
  return `${d.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })}, ${time}`;
}

/**
 * The one line about sync. `network` names who is not answering ("Facebook", "Instagram"). A stale reason always
 * wins over "Synced": a header never claims a sync that did not happen.
 */
export function syncText(
  lastSyncedAt: number | undefined,
  reason: StaleReason | undefined,
  now = Date.now(),
  network = 'Facebook',
): string {
  if (reason === 'signed-out') return 'Signed out — sign in again to sync';
  if (!reason) return lastSyncedText(lastSyncedAt, now);
  const saved = lastSyncedAt
    ? `showing what was saved at ${savedAtText(lastSyncedAt, now)}`
    : 'nothing saved yet';
  if (reason === 'offline') return `You’re offline — ${saved}`;
  if (reason === 'throttled') return `Meta asked Duet to slow down — ${saved}`;
  return `${network} is not answering — ${saved}`;
}

/** The stale reason of the whole app from the engine's status and the session. */
export function staleReasonOf(
  status:
    | { online: boolean; paused?: string | undefined; stale?: 'unreachable' | 'throttled' | undefined }
    | null
    | undefined,
  sessionStatus: string,
): StaleReason | undefined {
  if (sessionStatus !== 'active' || status?.paused) return 'signed-out';
  if (status && !status.online) return 'offline';
  return status?.stale;
}
