import { describe, expect, it } from 'vitest';
import { graphPagingUrl, graphPath } from './path';

describe('graphPath', () => {
  it.each([
    [['me'], '/me'],
    [['me', 'accounts'], '/me/accounts'],
    [['123', 'feed'], '/123/feed'],
    [['t_10223', 'messages'], '/t_10223/messages'],
    [['aWdfZAG06==', 'messages'], '/aWdfZAG06%3D%3D/messages'],
    [
      ['123/feed?message=x&method=post#', 'messages'],
      '/123%2Ffeed%3Fmessage%3Dx%26method%3Dpost%23/messages',
    ],
    [['t_1%2F..', 'messages'], '/t_1%252F../messages'],
    [['a b\\c'], '/a%20b%5Cc'],
    [[], '/'],
  ])('%j → %s', (segments, path) => {
    expect(graphPath(...segments)).toBe(path);
  });

  it.each([[''], ['.'], ['..']])('refuses the segment %j', (segment) => {
    expect(() => graphPath('me', segment)).toThrow();
  });

  it('takes only absolute paging URLs', () => {
    expect(graphPagingUrl('https://graph.facebook.com/v25.0/1/feed?after=x')).toBe(
      'https://graph.facebook.com/v25.0/1/feed?after=x',
    );
    expect(graphPagingUrl('/1/feed?method=post')).toBeNull();
  });
});
