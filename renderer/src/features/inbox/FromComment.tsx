// A conversation that a private reply to a comment opened says so above its messages, with the way back to that
// comment (its post's comments beside Home). The link is the comment's stored `privateReply.conversationId`.
import { useLiveQuery } from 'dexie-react-hooks';
import { useContext } from 'react';
import { NavigationContext } from '../../app/navigation';
import { type ConversationRow, type DuetDb } from '../../data/db';
import { postsAndMediaByIds } from '../../data/repos/content';
import { commentOfConversation } from '../../data/repos/comments';
import { postSnippet } from '../comments/post-snippet';

/** "From a comment on “…”" with "Show the comment", or nothing when the conversation did not start from one. */
export function FromComment({ db, conversation }: { db: DuetDb; conversation: ConversationRow }) {
  const nav = useContext(NavigationContext);
  const { accountId, nativeId } = conversation;
  const origin = useLiveQuery(async () => {
    const comment = await commentOfConversation(db, accountId, nativeId);
    if (!comment) return null;
    const post = (await postsAndMediaByIds(db, [comment.postId])).get(comment.postId);
    return { comment, post };
  }, [db, accountId, nativeId]);
  if (!origin) return null;
  const { comment, post } = origin;
  const where = post
    ? `“${postSnippet(post, 60)}”`
    : comment.platform === 'ig'
      ? 'an Instagram post'
      : 'a Facebook post';
  return (
    <div className="thread-origin" data-testid="conversation-origin">
      <span title={comment.text}>From a comment on {where}</span>
      {nav && (
        <button type="button" className="btn btn-sm" onClick={() => nav.showComments(comment.postId)}>
          Show the comment
        </button>
      )}
    </div>
  );
}
