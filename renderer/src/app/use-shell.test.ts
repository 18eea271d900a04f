// What the window title and the app badge count: unread messages and new comments, each switchable in Settings.
import { describe, expect, it } from 'vitest';
import { badgeCount } from './use-shell';

describe('badge count', () => {
  it('adds messages and comments as Settings says', () => {
    expect(badgeCount({ badgeMessages: true, badgeComments: true }, 3, 4)).toBe(7);
    expect(badgeCount({ badgeMessages: true, badgeComments: false }, 3, 4)).toBe(3);
    expect(badgeCount({ badgeMessages: false, badgeComments: true }, 3, 4)).toBe(4);
    expect(badgeCount({ badgeMessages: false, badgeComments: false }, 3, 4)).toBe(0);
  });
});
