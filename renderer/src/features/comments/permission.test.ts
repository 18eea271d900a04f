import { describe, expect, it } from 'vitest';
import { commentsRefusal } from './permission';

describe('which comments feature a refusal stopped', () => {
  it('names the feature whose permission Meta named, on the post’s network', () => {
    expect(commentsRefusal('(#283) Requires pages_read_user_content permission', 'fb')).toEqual({
      feature: 'facebook-comments-read',
      permission: 'pages_read_user_content',
    });
    expect(commentsRefusal('(#200) Requires pages_manage_engagement permission')).toEqual({
      feature: 'facebook-comments-moderate',
      permission: 'pages_manage_engagement',
    });
    expect(commentsRefusal('(#10) Requires instagram_manage_comments permission', 'ig').feature).toBe(
      'instagram-comments',
    );
  });

  it('a refusal that names no permission still belongs to the network’s reading feature', () => {
    expect(commentsRefusal('Permission denied', 'ig')).toEqual({
      feature: 'instagram-comments',
      permission: undefined,
    });
    expect(commentsRefusal('Permission denied').feature).toBe('facebook-comments-read');
  });
});
