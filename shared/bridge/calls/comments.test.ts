import { describe, expect, it } from 'vitest';
import { commentsCalls } from './comments';

const req = commentsCalls['comments/threads'].request;

describe('comments/threads request', () => {
  it('takes digits or digits_digits as a post id, and nothing that can steer a Graph path', () => {
    for (const nativeId of ['123', '123_456'])
      expect(req.safeParse({ accountId: '1', targets: [{ platform: 'fb', nativeId }] }).success).toBe(true);
    for (const nativeId of ['123/likes', '1?method=delete', '1_2_3', '../me', '1#x', '', '1 2'])
      expect(req.safeParse({ accountId: '1', targets: [{ platform: 'fb', nativeId }] }).success).toBe(false);
    const many = Array.from({ length: 51 }, () => ({ platform: 'ig', nativeId: '1' }));
    expect(req.safeParse({ accountId: '1', targets: many }).success).toBe(false);
  });
});
