// One thread of the Comments view: a top-level comment (network, author, text, time, likes, where it is), the state
// of its private reply, and its replies under it. Memoized: rows re-render only when their stored rows change.
import { memo } from 'react';
import { privateReplyState } from '../../../../shared/comment-rules';
import { type Account } from '../../../../shared/models';
import { type Bridge } from '../../bridge';
import { type CommentRow, type MediaRow, type PostRow } from '../../data/db';
import { Avatar } from '../../ui/Avatar';
import { HeartIcon, LikeIcon } from '../../ui/content-icons';
import { FacebookMark, InstagramMark } from '../../ui/icons';
import { SafeImage } from '../../ui/SafeImage';
import { fullTime, isoTime, relativeTime } from '../../ui/time';
import { postSnippet } from './post-snippet';
import { type Thread } from './use-comments';

/** Who wrote a comment, as shown. */
export function authorName(c: CommentRow, account: Account): string {
  if (c.fromPage)
    return c.platform === 'ig' ? `@${account.instagram?.username ?? account.name}` : account.name;
  if (c.author.name) return c.author.name;
  if (c.author.username) return `@${c.author.username}`;
  return c.platform === 'fb' ? 'Someone on Facebook' : 'Someone on Instagram';
}

const DAY = 86_400_000;

/** "6 days left" / "5 hours left" until the private-reply window closes. */
export function windowLeft(closesAt: number, now: number): string {
  const ms = closesAt - now;
  if (ms >= DAY) {
    const d = Math.floor(ms / DAY);
    return `${d} day${d === 1 ? '' : 's'} left`;
  }
  const h = Math.max(1, Math.floor(ms / 3_600_000));
  return `${h} hour${h === 1 ? '' : 's'} left`;
}

function PrivateReplyStatus({ c, now }: { c: CommentRow; now: number }) {
  const s = privateReplyState(c, now);
  if (s.kind === 'sent')
    return (
      <span className="comment-tag is-sent" data-testid="private-reply-sent">
        Private reply sent
      </span>
    );
  if (s.kind === 'open')
    return (
      <span className="comment-tag" title={`Until ${fullTime(s.closesAt)}`}>
        Private reply possible · {windowLeft(s.closesAt, now)}
      </span>
    );
  return null;
}

/** The post or medium a comment is on: its picture and the start of its text. */
function PostRef({ row, bridge }: { row: PostRow | MediaRow | undefined; bridge: Bridge }) {
  if (!row) return null;
  const ig = row.id.startsWith('ig:');
  const picture = ig ? ((row as MediaRow).thumbnail ?? (row as MediaRow).media) : (row as PostRow).picture;
  return (
    <span className="comment-post" data-testid="comment-post">
      {picture && (
        <SafeImage media={picture} variant="thumb" bridge={bridge} className="comment-post-thumb" />
      )}
      <span className="comment-post-text">{postSnippet(row, 90)}</span>
    </span>
  );
}

function OneComment(props: {
  c: CommentRow;
  account: Account;
  bridge: Bridge;
  now: number;
  reply?: boolean;
}) {
  const { c, account, bridge, now, reply } = props;
  const name = authorName(c, account);
  const Like = c.platform === 'ig' ? HeartIcon : LikeIcon;
  return (
    <div className={`comment${reply ? ' is-reply' : ''}${c.goneAt ? ' is-gone' : ''}`} data-comment-id={c.id}>
      <span className="comment-avatar">
        <Avatar name={name.replace(/^@/, '')} size={reply ? 28 : 36} bridge={bridge} />
        {!reply && (
          <span className="platform-badge" title={c.platform === 'ig' ? 'Instagram' : 'Facebook'}>
            {c.platform === 'ig' ? <InstagramMark size={14} /> : <FacebookMark size={14} />}
            <span className="visually-hidden">{c.platform === 'ig' ? 'Instagram' : 'Facebook'}</span>
          </span>
        )}
      </span>
      <div className="comment-body">
        <div className="comment-head">
          <span className="comment-author">{name}</span>
          <time className="comment-time" dateTime={isoTime(c.createdTime)} title={fullTime(c.createdTime)}>
            {relativeTime(c.createdTime, now)}
          </time>
          {c.likeCount > 0 && (
            <span className="comment-likes" title={`${c.likeCount} likes`}>
              <Like size={13} /> {c.likeCount}
            </span>
          )}
        </div>
        <p className="comment-text" data-testid="comment-text">
          {c.text || <span className="comment-muted">No text (a sticker or a photo)</span>}
        </p>
        <div className="comment-tags">
          {c.hidden && <span className="comment-tag is-hidden">Hidden</span>}
          {c.goneAt && (
            <span className="comment-tag is-gone">
              Deleted on {c.platform === 'ig' ? 'Instagram' : 'Facebook'}
            </span>
          )}
          {!reply && !c.goneAt && <PrivateReplyStatus c={c} now={now} />}
          {c.doneAt !== undefined && <span className="comment-tag">Marked done</span>}
        </div>
      </div>
    </div>
  );
}

/** A thread: the comment, where it is (unless `showPost` is false), its replies, and the given actions below. */
export const CommentThread = memo(function CommentThread(props: {
  thread: Thread;
  account: Account;
  bridge: Bridge;
  now: number;
  post?: PostRow | MediaRow | undefined;
  showPost?: boolean;
  actions?: React.ReactNode;
}) {
  const { thread, account, bridge, now, post, showPost = true, actions } = props;
  const { comment, replies } = thread;
  return (
    <article
      className="comment-thread"
      data-testid="comment-thread"
      data-platform={comment.platform}
      aria-label={`Comment by ${authorName(comment, account)}`}
    >
      {showPost && <PostRef row={post} bridge={bridge} />}
      <OneComment c={comment} account={account} bridge={bridge} now={now} />
      {replies.length > 0 && (
        <div className="comment-replies" aria-label={`${replies.length} replies`}>
          {replies.map((r) => (
            <OneComment key={r.id} c={r} account={account} bridge={bridge} now={now} reply />
          ))}
        </div>
      )}
      {actions && <div className="comment-actions">{actions}</div>}
    </article>
  );
});
