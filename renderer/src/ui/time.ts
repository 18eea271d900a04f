// Human times for the UI ("just now", "5 min ago", "Yesterday", "12 Mar"). Every formatter here takes any number:
// a row cached before times were checked (shared/time.ts) may hold one `Date` cannot format, and a view must not
// throw on it.
import { isFormattableTime } from '../../../shared/time';

/** A short relative time, e.g. "just now", "5 min", "3 h", "Yesterday", "12 Mar", "12 Mar 2024". */
export function relativeTime(ms: number, now = Date.now()): string {
  if (!isFormattableTime(ms)) return '';
  const diff = now - ms;
  if (diff < 45_000) return 'just now';
  if (diff < 3_600_000) return `${Math.max(1, Math.round(diff / 60_000))} min`;
  if (diff < 86_400_000 && new Date(ms).getDate() === new Date(now).getDate())
    return `${Math.round(diff / 3_600_000)} h`;
  const d = new Date(ms);
  const yesterday = new Date(now - 86_400_000);
  if (d.toDateString() === yesterday.toDateString()) return 'Yesterday';
  const sameYear = d.getFullYear() === new Date(now).getFullYear();
  return d.toLocaleDateString(undefined, {
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
  });
}

/** "Last synced 2 min ago" style text. */
export function lastSyncedText(ms: number | undefined, now = Date.now()): string {
  if (!ms) return 'Not synced yet';
  const rel = relativeTime(ms, now);
  return rel === 'just now'
    ? 'Synced just now'
    : `Last synced ${rel}${/\d (min|h)$/.test(rel) ? ' ago' : ''}`;
}

/** A full date and time for tooltips. */
export function fullTime(ms: number): string {
  if (!isFormattableTime(ms)) return '';
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** The `dateTime` attribute of a `<time>`: ISO 8601, or undefined for a time `Date` cannot hold (never throws). */
export function isoTime(ms: number): string | undefined {
  return isFormattableTime(ms) ? new Date(ms).toISOString() : undefined;
}
