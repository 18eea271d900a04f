// Comment fixtures for unit tests: a person's comment or the Page's reply, with sensible defaults.
import { type Comment } from '../../../shared/models';

let seq = 0;

/** A comment on `postId` (default a person's, top-level, on Facebook). */
export function makeComment(over: Partial<Comment> & { postId?: string } = {}): Comment {
  const n = ++seq;
  const platform = over.platform ?? (over.postId?.startsWith('ig:') ? 'ig' : 'fb');
  return {
    id: `${platform}:c${n}`,
    nativeId: `c${n}`,
    accountId: 'page1',
    platform,
    postId: platform === 'fb' ? 'fb:page1_p1' : 'ig:m1',
    author: { id: `person${n}`, name: `Person ${n}` },
    fromPage: false,
    text: `Comment number ${n}`,
    createdTime: Date.UTC(2026, 10, 1) + n * 60_000,
    likeCount: 0,
    hidden: false,
    canReply: true,
    canHide: true,
    canRemove: true,
    canLike: platform === 'fb',
    canReplyPrivately: true,
    ...over,
  };
}

/** The Page's reply to `parent`. */
export function pageReply(parent: Comment, over: Partial<Comment> = {}): Comment {
  return makeComment({
    platform: parent.platform,
    postId: parent.postId,
    parentId: parent.id,
    fromPage: true,
    author: { id: 'page1', name: 'The Page' },
    canHide: false,
    canReplyPrivately: false,
    createdTime: parent.createdTime + 60_000,
    ...over,
  });
}
