import { describe, expect, it } from 'vitest';
import {
  conversationWindow,
  formatRemaining,
  HUMAN_AGENT_WINDOW_MS,
  replyWindow,
  STANDARD_WINDOW_MS,
  windowMessage,
} from './window';

const H = 3_600_000;
const now = 1_800_000_000_000;

describe('reply window', () => {
  it('is open for 24 h after the customer’s last message, warns in the last hour, then closes', () => {
    expect(replyWindow(now - 2 * H, now, false)).toMatchObject({ status: 'open', remainingMs: 22 * H });
    expect(replyWindow(now - 23.5 * H, now, false)).toMatchObject({
      status: 'closing',
      remainingMs: 0.5 * H,
    });
    expect(replyWindow(now - STANDARD_WINDOW_MS, now, false)).toMatchObject({
      status: 'closed',
      remainingMs: 0,
    });
  });

  it('stays open for 7 days with the HUMAN_AGENT tag and says so when only the tag would help', () => {
    const w = replyWindow(now - 30 * H, now, false);
    expect(w).toMatchObject({ status: 'closed', needsHumanAgent: true });
    expect(windowMessage(w, false)).toMatch(/24-hour reply window has closed.*Human agent/);
    expect(replyWindow(now - 30 * H, now, true)).toMatchObject({
      status: 'open',
      remainingMs: 7 * 24 * H - 30 * H,
    });
    const gone = replyWindow(now - HUMAN_AGENT_WINDOW_MS - 1, now, true);
    expect(gone.status).toBe('closed');
    expect(windowMessage(gone, true)).toMatch(/only after the customer writes again/);
  });

  it('is unknown before any customer message was seen, unless even the last activity is too old', () => {
    expect(replyWindow(undefined, now, false).status).toBe('unknown');
    expect(conversationWindow({ updatedTime: now - H }, now, false).status).toBe('unknown');
    expect(conversationWindow({ updatedTime: now - 25 * H }, now, false).status).toBe('closed');
    expect(conversationWindow({ updatedTime: now - 25 * H }, now, true).status).toBe('unknown');
    expect(
      conversationWindow({ updatedTime: now - H, lastCustomerMessageAt: now - 25 * H }, now, false).status,
    ).toBe('closed');
  });

  it('formats the remaining time for people', () => {
    expect(formatRemaining(30_000)).toBe('less than a minute');
    expect(formatRemaining(42 * 60_000)).toBe('42 min');
    expect(formatRemaining(23 * H + 12 * 60_000)).toBe('23 h 12 min');
    expect(formatRemaining(3 * H)).toBe('3 h');
    expect(formatRemaining(6 * 24 * H + 3 * H)).toBe('6 days 3 h');
    expect(windowMessage(replyWindow(now - 2 * H, now, false), false)).toBe('Reply window open for 22 h.');
    expect(windowMessage(replyWindow(now - 23.5 * H, now, false), false)).toBe(
      'Reply window closes in 30 min.',
    );
  });
});
