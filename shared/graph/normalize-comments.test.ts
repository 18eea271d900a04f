import { describe, expect, it } from 'vitest';
import { Comment } from '../models';
import { normalizeFbComments, normalizeIgComments } from './normalize-comments';

const PAGE = '111';
const IG = '1784';

describe('normalizeFbComments', () => {
  it('maps a stream list: replies name their parent, the Page’s own comments are fromPage, flags kept', () => {
    const out = normalizeFbComments(
      {
        data: [
          {
            id: '9_1',
            message: 'Do you ship to Berlin?',
            created_time: '2026-11-30T10:00:00+0000',
            from: { id: '55', name: 'Mia' },
            like_count: 2,
            comment_count: 1,
            can_hide: true,
            can_remove: true,
            can_like: true,
            can_reply_privately: true,
            is_hidden: false,
          },
          {
            id: '9_2',
            message: 'We do!',
            created_time: '2026-11-30T10:05:00+0000',
            from: { id: PAGE, name: 'Shop' },
            parent: { id: '9_1' },
            private_reply_conversation: { id: 't_1' },
          },
          { id: '', created_time: 'x' },
        ],
        paging: {},
      },
      { accountId: PAGE, postNativeId: '111_9' },
    );
    expect(out.skipped).toBe(1);
    const [a, b] = out.items;
    expect(a).toMatchObject({
      id: 'fb:9_1',
      postId: 'fb:111_9',
      author: { id: '55', name: 'Mia' },
      fromPage: false,
      likeCount: 2,
      replyCount: 1,
      canReplyPrivately: true,
      hidden: false,
    });
    expect(a!.parentId).toBeUndefined();
    expect(b).toMatchObject({ parentId: 'fb:9_1', fromPage: true, privateReply: { conversationId: 't_1' } });
    // Flags Meta did not send are refused, not assumed.
    expect(b).toMatchObject({ canHide: false, canRemove: false, canLike: false, canReplyPrivately: false });
    for (const c of out.items) expect(Comment.safeParse(c).success).toBe(true);
  });
});

describe('normalizeIgComments', () => {
  it('flattens nested replies after their parent, counts malformed replies, and never offers a like', () => {
    const out = normalizeIgComments(
      {
        data: [
          {
            id: '1',
            text: 'So pretty',
            timestamp: '2026-11-30T10:00:00+0000',
            username: 'mia_b',
            from: { id: '9', username: 'mia_b' },
            hidden: true,
            replies: {
              data: [
                { id: '2', text: 'Thank you!', timestamp: '2026-11-30T11:00:00+0000', from: { id: IG } },
                { id: '3', timestamp: 'never' },
              ],
            },
          },
        ],
      },
      { accountId: PAGE, postNativeId: 'm1', igUserId: IG },
    );
    expect(out.items.map((c) => c.id)).toEqual(['ig:1', 'ig:2']);
    expect(out.skipped).toBe(1);
    const [top, reply] = out.items;
    expect(top).toMatchObject({
      hidden: true,
      canReply: false,
      canHide: true,
      canLike: false,
      replyCount: 1,
    });
    expect(reply).toMatchObject({ parentId: 'ig:1', fromPage: true, canReply: false, canHide: false });
    expect(reply!.canReplyPrivately).toBe(false);
  });
});
