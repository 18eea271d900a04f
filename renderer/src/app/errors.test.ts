import { describe, expect, it } from 'vitest';
import { EXPIRED_SESSION_LEAD, expiredSessionDetail } from './errors';

describe('expiredSessionDetail', () => {
  it.each([
    [undefined, ''],
    ['', ''],
    // Meta's 463 (expired) maps to exactly the banner's first sentence: said once.
    ['Your Facebook session has expired.', ''],
    [
      'Your Facebook session has expired. Sign in again to continue; nothing stored locally was deleted.',
      'Sign in again to continue; nothing stored locally was deleted.',
    ],
    [
      'Your Facebook session was invalidated (for example after a password change).',
      'Your Facebook session was invalidated (for example after a password change).',
    ],
  ])('%s', (message, detail) => {
    expect(expiredSessionDetail(message)).toBe(detail);
    expect(
      `${EXPIRED_SESSION_LEAD} ${expiredSessionDetail(message)}`.split(EXPIRED_SESSION_LEAD),
    ).toHaveLength(2);
  });
});
