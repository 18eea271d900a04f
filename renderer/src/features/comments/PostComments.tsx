// One post's (or medium's) comments, beside Home's columns: opened from a feed card, a gallery tile or the media
// viewer. Reads the stored threads at once and asks for the newest in the background; Escape or Close shuts it.
import { useEffect, useRef, useState } from 'react';
import { type Account } from '../../../../shared/models';
import { useApp } from '../../app/context';
import { BridgeCallError } from '../../bridge';
import { type DuetDb, type MediaRow, type PostRow } from '../../data/db';
import { refreshCommentThread } from '../../data/streams/comments';
import { CloseIcon } from '../../ui/icons';
import { useMetaNow } from '../../ui/use-now';
import { CommentActions } from './CommentActions';
import { CommentsSwitch } from './CommentsSwitch';
import { CommentThread } from './CommentThread';
import { RefusalNotice } from './RefusalNotice';
import { usePostsOf, usePostThreads } from './use-comments';
import './comments.css';

function countOf(row: PostRow | MediaRow): number {
  return row.id.startsWith('fb:') ? (row as PostRow).comments : ((row as MediaRow).commentsCount ?? 0);
}

/** The panel for one post / medium (by store id). */
export default function PostComments(props: {
  db: DuetDb;
  account: Account;
  postId: string;
  onClose(): void;
}) {
  const { db, account, postId, onClose } = props;
  const { bridge } = useApp();
  const now = useMetaNow();
  const threads = usePostThreads(db, postId);
  const post = usePostsOf(db, [postId]).get(postId);
  const [problem, setProblem] = useState<string | null>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const hasPost = post !== undefined;

  useEffect(() => closeRef.current?.focus(), [postId]);
  useEffect(() => {
    if (!post) return;
    let stale = false;
    const platform = postId.startsWith('ig:') ? 'ig' : 'fb';
    refreshCommentThread(
      { db, bridge, accountId: account.id },
      { id: postId, nativeId: post.nativeId, platform, count: countOf(post) },
    ).catch((e: unknown) => {
      // Offline or Meta not answering: the stored comments stay on screen; a refusal is explained.
      if (!stale && e instanceof BridgeCallError && e.code === 'permission') setProblem(e.message);
    });
    return () => {
      stale = true;
    };
    // The row changes with every sync of its post; read the thread once per opening.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [db, bridge, account.id, postId, hasPost]);

  const text =
    post &&
    (postId.startsWith('ig:')
      ? (post as MediaRow).caption
      : ((post as PostRow).message ?? (post as PostRow).story));
  return (
    <aside
      className="post-comments"
      aria-label="Comments on this post"
      data-testid="post-comments"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <header className="comments-head">
        <h2 className="comments-title">
          Comments{' '}
          <span className="comments-sync">{postId.startsWith('ig:') ? 'on Instagram' : 'on Facebook'}</span>
        </h2>
        <button ref={closeRef} className="icon-btn" onClick={onClose} aria-label="Close comments">
          <CloseIcon />
        </button>
        {text && <p className="comment-post-text post-comments-caption">{text.slice(0, 140)}</p>}
        {post && postId.startsWith('ig:') && (
          <CommentsSwitch db={db} account={account} media={post as MediaRow} />
        )}
      </header>
      {problem && <RefusalNotice message={problem} platform={postId.startsWith('ig:') ? 'ig' : 'fb'} />}
      <div className="post-comments-list" data-testid="post-comment-list">
        {threads && threads.length === 0 && <p className="comments-empty">No comments on this post yet.</p>}
        {threads?.map((t) => (
          <CommentThread
            key={t.comment.id}
            thread={t}
            account={account}
            bridge={bridge}
            now={now}
            showPost={false}
            actions={<CommentActions db={db} thread={t} now={now} account={account} />}
          />
        ))}
      </div>
    </aside>
  );
}
