import { describe, expect, it } from 'vitest';
import { savedAtText, staleReasonOf, syncText } from './sync-text';

const NOW = new Date(2026, 11, 1, 12, 0).getTime();
const AT = new Date(2026, 11, 1, 9, 40).getTime();

describe('syncText', () => {
  it.each([
    ['synced a moment ago', NOW - 1_000, undefined, 'Synced just now'],
    [
      'Facebook failing',
      AT,
      'unreachable',
      `Facebook is not answering — showing what was saved at ${savedAtText(AT, NOW)}`,
    ],
    ['offline', AT, 'offline', `You’re offline — showing what was saved at ${savedAtText(AT, NOW)}`],
    [
      'throttled',
      AT,
      'throttled',
      `Meta asked Duet to slow down — showing what was saved at ${savedAtText(AT, NOW)}`,
    ],
    ['signed out', NOW - 1_000, 'signed-out', 'Signed out — sign in again to sync'],
    [
      'failing before anything was saved',
      undefined,
      'unreachable',
      'Facebook is not answering — nothing saved yet',
    ],
  ] as const)('%s', (_l, last, reason, expected) => {
    expect(syncText(last, reason, NOW)).toBe(expected);
    if (reason) expect(syncText(last, reason, NOW)).not.toMatch(/Synced/);
  });

  it('names the network that is not answering', () => {
    expect(syncText(AT, 'unreachable', NOW, 'Instagram')).toMatch(/^Instagram is not answering/);
  });

  it('shows the date when the last save was on another day', () => {
    expect(savedAtText(AT - 86_400_000 * 3, NOW)).toMatch(/,/);
  });
});

describe('staleReasonOf', () => {
  it('an expired session is never "Synced", even with a fresh lastSyncedAt', () => {
    expect(staleReasonOf({ online: true }, 'expired')).toBe('signed-out');
    expect(staleReasonOf({ online: true, paused: 'session-expired' }, 'active')).toBe('signed-out');
  });
  it('offline wins over a stale answer; a healthy engine has no reason', () => {
    expect(staleReasonOf({ online: false, stale: 'unreachable' }, 'active')).toBe('offline');
    expect(staleReasonOf({ online: true, stale: 'throttled' }, 'active')).toBe('throttled');
    expect(staleReasonOf({ online: true }, 'active')).toBeUndefined();
  });
});
