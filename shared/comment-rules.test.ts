import { describe, expect, it } from 'vitest';
import { PRIVATE_REPLY_WINDOW_MS, isUnanswered, privateReplyState } from './comment-rules';

const T = Date.UTC(2026, 10, 20);
const base = { createdTime: T, canReplyPrivately: true, fromPage: false } as const;

describe('privateReplyState', () => {
  it('open until exactly 7 days after the comment, then expired', () => {
    expect(privateReplyState(base, T + 1)).toEqual({ kind: 'open', closesAt: T + PRIVATE_REPLY_WINDOW_MS });
    expect(privateReplyState(base, T + PRIVATE_REPLY_WINDOW_MS - 1).kind).toBe('open');
    expect(privateReplyState(base, T + PRIVATE_REPLY_WINDOW_MS)).toEqual({
      kind: 'closed',
      reason: 'expired',
    });
  });

  it('sent stays sent whatever the clock says; Page comments and refused ones are never open', () => {
    expect(privateReplyState({ ...base, privateReply: {} }, T)).toEqual({ kind: 'sent' });
    expect(privateReplyState({ ...base, privateReply: {} }, T + 100 * PRIVATE_REPLY_WINDOW_MS).kind).toBe(
      'sent',
    );
    expect(privateReplyState({ ...base, fromPage: true }, T).kind).toBe('closed');
    expect(privateReplyState({ ...base, canReplyPrivately: false }, T)).toEqual({
      kind: 'closed',
      reason: 'not-allowed',
    });
  });

  it('a skewed clock never stretches the window: a comment "from the future" closes 7 days after its own time', () => {
    const future = { ...base, createdTime: T + 3 * 86_400_000 };
    expect(privateReplyState(future, T)).toEqual({
      kind: 'open',
      closesAt: future.createdTime + PRIVATE_REPLY_WINDOW_MS,
    });
    expect(privateReplyState({ ...base, createdTime: Number.MAX_VALUE }, T).kind).toBe('closed');
  });
});

describe('isUnanswered', () => {
  const c = { id: 'fb:1', fromPage: false } as const;
  it('a person’s comment with no Page reply and no private reply is unanswered', () => {
    expect(isUnanswered(c, [])).toBe(true);
    expect(isUnanswered(c, [{ parentId: 'fb:1', fromPage: false }])).toBe(true);
  });
  it('answered by a Page reply to it, a private reply, or marked done; the Page’s own comments never count', () => {
    expect(isUnanswered(c, [{ parentId: 'fb:1', fromPage: true }])).toBe(false);
    expect(isUnanswered({ ...c, privateReply: {} }, [])).toBe(false);
    expect(isUnanswered(c, [], true)).toBe(false);
    expect(isUnanswered({ ...c, fromPage: true }, [])).toBe(false);
  });
  it('a Page reply elsewhere in the post does not answer this comment', () => {
    expect(isUnanswered(c, [{ parentId: 'fb:2', fromPage: true }])).toBe(true);
  });
});
