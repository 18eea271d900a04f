// Comment normalizers: Graph comment lists → shared Comment models. Like every normalizer, a malformed item is
// dropped and counted, never thrown. Facebook lists come with `filter=stream` (replies after the comment they
// answer, each naming its `parent`); Instagram lists carry their replies nested (`replies{…}`), flattened here after
// their parent. Instagram has no can_* fields: its rules decide (no likes through the API; replies to top-level,
// visible comments only; the account cannot hide its own comments).
import { makeId, type Comment } from '../models';
import { isPlausibleTime, toEpochMs } from '../time';
import { mapItems, type Normalized } from './normalize';
import { GraphFbComment, GraphIgComment, type GraphIgComment as GraphIgCommentT } from './schemas';

/** Where a list of comments hangs: the account, the post / medium (native id), and the comment for a reply list. */
export interface CommentListOf {
  accountId: string;
  postNativeId: string;
  /** Set when the list is the replies of this comment. */
  parentNativeId?: string;
}

/** `/{post-or-comment}/comments` → comments. `accountId` is the Page id: its comments are `fromPage`. */
export function normalizeFbComments(raw: unknown, where: CommentListOf): Normalized<Comment> {
  const { accountId, postNativeId } = where;
  return mapItems(raw, (item) => {
    const p = GraphFbComment.safeParse(item);
    if (!p.success) return null;
    const g = p.data;
    const createdTime = toEpochMs(g.created_time);
    if (!isPlausibleTime(createdTime)) return null;
    const parent = g.parent?.id ?? where.parentNativeId;
    const fromPage = g.from?.id === accountId;
    const out: Comment = {
      id: makeId('fb', g.id),
      nativeId: g.id,
      accountId,
      platform: 'fb',
      postId: makeId('fb', postNativeId),
      author: {},
      fromPage,
      text: g.message ?? '',
      createdTime,
      likeCount: g.like_count ?? 0,
      hidden: g.is_hidden ?? false,
      canReply: g.can_comment ?? true,
      canHide: g.can_hide ?? false,
      canRemove: g.can_remove ?? false,
      canLike: g.can_like ?? false,
      canReplyPrivately: g.can_reply_privately ?? false,
    };
    if (parent !== undefined && parent !== postNativeId) out.parentId = makeId('fb', parent);
    if (g.from) {
      out.author.id = g.from.id;
      if (g.from.name !== undefined) out.author.name = g.from.name;
    }
    if (g.comment_count !== undefined) out.replyCount = g.comment_count;
    if (g.user_likes !== undefined) out.pageLiked = g.user_likes;
    if (g.private_reply_conversation) {
      out.privateReply = {};
      if (g.private_reply_conversation.id) out.privateReply.conversationId = g.private_reply_conversation.id;
    }
    return out;
  });
}

/** Ids of the IG account linked to the Page: its comments are `fromPage`. */
export interface IgCommentListOf extends CommentListOf {
  igUserId: string;
  igUsername?: string;
}

function igComment(g: GraphIgCommentT, where: IgCommentListOf, parent: string | undefined): Comment | null {
  const createdTime = toEpochMs(g.timestamp);
  if (!isPlausibleTime(createdTime)) return null;
  const username = g.from?.username ?? g.username;
  const fromPage =
    g.from?.id === where.igUserId || (where.igUsername !== undefined && username === where.igUsername);
  const hidden = g.hidden ?? false;
  const out: Comment = {
    id: makeId('ig', g.id),
    nativeId: g.id,
    accountId: where.accountId,
    platform: 'ig',
    postId: makeId('ig', where.postNativeId),
    author: {},
    fromPage,
    text: g.text ?? '',
    createdTime,
    likeCount: g.like_count ?? 0,
    hidden,
    // Replies go to top-level comments that are not hidden (IG comment moderation guide).
    canReply: parent === undefined && !hidden,
    canHide: !fromPage,
    canRemove: true,
    // The Instagram API cannot like comments.
    canLike: false,
    // Instagram has no can_reply_privately: a person's comment may get one within 7 days (comment-rules.ts).
    canReplyPrivately: !fromPage,
  };
  if (parent !== undefined) out.parentId = makeId('ig', parent);
  if (g.from?.id) out.author.id = g.from.id;
  if (username !== undefined) out.author.username = username;
  return out;
}

/** A comment whose nested replies go on past the page the list carried (Meta pages an embedded edge at 25). */
export interface IgRepliesCursor {
  commentNativeId: string;
  after: string;
}

/**
 * `/{ig-media}/comments` (with `replies{…}`) or `/{ig-comment}/replies` → comments, each reply right after its
 * parent. A malformed reply is dropped and counted like a malformed comment.
 */
export function normalizeIgComments(
  raw: unknown,
  where: IgCommentListOf,
): Normalized<Comment> & { moreReplies: IgRepliesCursor[] } {
  let nestedSkipped = 0;
  const moreReplies: IgRepliesCursor[] = [];
  const out = mapItems<Comment[]>(raw, (item) => {
    const p = GraphIgComment.safeParse(item);
    if (!p.success) return null;
    const g = p.data;
    const parent = g.parent_id ?? where.parentNativeId;
    const c = igComment(g, where, parent);
    if (!c) return null;
    const list = [c];
    const nested = mapItems(g.replies ?? null, (r) => {
      const rp = GraphIgComment.safeParse(r);
      return rp.success ? igComment(rp.data, where, g.id) : null;
    });
    nestedSkipped += nested.skipped;
    if (g.replies) c.replyCount = nested.items.length;
    if (nested.paging.hasMore && nested.paging.after)
      moreReplies.push({ commentNativeId: g.id, after: nested.paging.after });
    list.push(...nested.items);
    return list;
  });
  return { items: out.items.flat(), skipped: out.skipped + nestedSkipped, paging: out.paging, moreReplies };
}
