// What can be done with a thread from the list: reply, hide / unhide, like / unlike (Facebook), delete (Undo while it
// waits), one private reply while its 7-day window is open, and "Mark done" (local: the comment leaves Unanswered).
// Each is offered only where Meta allows it for that comment (its can_* fields) and queued durably
// (data/comment-actions/queue.ts); the row under the buttons shows each action's state, with Retry on a refusal.
import { useContext, useId, useRef, useState } from 'react';
import type { CommentAction } from '../../../../shared/bridge/calls/comments';
import { MAX_COMMENT_REPLY_LENGTH } from '../../../../shared/bridge/limits';
import { MAX_MESSAGE_TEXT_LENGTH } from '../../../../shared/message-text';
import { isUnanswered, privateReplyState } from '../../../../shared/comment-rules';
import { type Account } from '../../../../shared/models';
import { type FeatureId, needsSentence, tasksSentence } from '../../../../shared/permissions/features';
import { useApp } from '../../app/context';
import { NavigationContext } from '../../app/navigation';
import { type CommentActionRow, type CommentRow, type DuetDb } from '../../data/db';
import { setCommentDone } from '../../data/repos/comments';
import { localFromMeta } from '../../data/meta-clock';
import { CheckIcon, WarningIcon } from '../../ui/icons';
import { type FeatureAccess, useFeatureAccess } from '../privacy/use-permissions';
import {
  actionLabel,
  actionState,
  IG_NO_LIKE,
  PRIVATE_REPLY_QUEUED,
  PRIVATE_REPLY_SENT,
} from './action-words';
import { commentQueueFor, useLaneActions } from './comment-queue';
import { usePrivateReplyConversation } from './use-private-reply-conversation';
import { type Thread } from './use-comments';

const nativeOf = (storeId: string) => storeId.slice(storeId.indexOf(':') + 1);
const isOnline = () => typeof navigator === 'undefined' || navigator.onLine !== false;
/** A done action stays shown (with its check) this long. */
const DONE_SHOWN_MS = 10 * 60_000;

function ActionStatus({ row, onRetry }: { row: CommentActionRow; onRetry: () => void }) {
  const failed = row.state === 'failed';
  return (
    <li
      className={`comment-action-state is-${row.state}`}
      data-testid="comment-action-state"
      data-state={row.state}
    >
      {row.state === 'done' ? (
        <CheckIcon size={13} />
      ) : failed ? (
        <WarningIcon size={13} />
      ) : (
        <span aria-hidden="true">◷</span>
      )}
      <span>
        {actionLabel(row)}: {actionState(row, isOnline())}
      </span>
      {failed && (
        <button type="button" className="btn btn-sm" onClick={onRetry}>
          Retry
        </button>
      )}
    </li>
  );
}

/** The text box of a reply or a private reply. */
function ReplyBox(props: {
  label: string;
  max: number;
  onSend: (text: string) => void;
  onCancel: () => void;
}) {
  const [text, setText] = useState('');
  const send = () => {
    if (text.trim()) props.onSend(text);
  };
  return (
    <div className="comment-reply-box">
      <textarea
        aria-label={props.label}
        placeholder={props.label}
        value={text}
        maxLength={props.max}
        autoFocus
        rows={2}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            send();
          } else if (e.key === 'Escape') props.onCancel();
        }}
      />
      <button type="button" className="btn btn-sm btn-primary" onClick={send} disabled={!text.trim()}>
        Send
      </button>
      <button type="button" className="btn btn-sm" onClick={props.onCancel}>
        Cancel
      </button>
    </div>
  );
}

/** Why a feature is not allowed, in words (a missing permission first, then a missing Page task). */
function whyNot(feature: FeatureId, access: FeatureAccess): string | undefined {
  if (access.missing.length) return needsSentence(feature, access.missing);
  return access.tasks ? tasksSentence(feature, access.tasks.needs, access.tasks.page) : undefined;
}

/** "Reply privately" where it is allowed; where the one reply is sent or on its way, disabled, with the reason. */
function PrivateReplyButton(props: {
  blocked: string | null;
  onOpen: () => void;
  /** Set while a permission or Page task is missing: disabled, described by the row's reason. */
  lock?: Record<string, unknown>;
}) {
  const reasonId = useId();
  if (!props.blocked)
    return (
      <button type="button" className="btn btn-sm" onClick={props.onOpen} data-shortcut="p" {...props.lock}>
        Reply privately
      </button>
    );
  return (
    <>
      <button type="button" className="btn btn-sm" disabled aria-describedby={reasonId}>
        Reply privately
      </button>
      <span id={reasonId} className="comment-muted comment-note" data-testid="private-reply-reason">
        {props.blocked}
      </span>
    </>
  );
}

/** Opens, in the Inbox, the conversation the comment's private reply went to (once the inbox has it). */
function OpenConversation({ db, c }: { db: DuetDb; c: CommentRow }) {
  const nav = useContext(NavigationContext);
  const conversation = usePrivateReplyConversation(db, c);
  if (!nav || !conversation) return null;
  return (
    <button
      type="button"
      className="btn btn-sm"
      data-testid="open-private-conversation"
      onClick={() => nav.showConversation(conversation.id)}
    >
      Open the conversation
    </button>
  );
}

/** The actions row of a thread. */
/** `now` is Meta's time (the private-reply window is Meta's); Duet's own "done" times are local. */
export function CommentActions(props: { db: DuetDb; thread: Thread; now: number; account: Account }) {
  const { db, thread, now, account } = props;
  const localNow = localFromMeta(now);
  const { bridge } = useApp();
  const c = thread.comment;
  const rows = useLaneActions(db, c.id);
  const [box, setBox] = useState<'reply' | 'private' | null>(null);
  /** Set by a press of Delete, so the Undo that replaces it takes the focus. */
  const deleteClicked = useRef(false);
  const queue = () => commentQueueFor(db, bridge);
  // Replying, hiding, liking and deleting need the write permission and the Moderate task on the Page, a private
  // reply the messaging permission and the Messaging task: without one the buttons stay, disabled, and say why (the
  // view's notice above the list offers Grant again for a permission; only a Page admin can give a task).
  const moderateFeature = c.platform === 'fb' ? 'facebook-comments-moderate' : 'instagram-comments';
  const privateFeature = c.platform === 'fb' ? 'facebook-private-replies' : 'instagram-private-replies';
  const moderateAccess = useFeatureAccess(moderateFeature, account.id);
  const privateAccess = useFeatureAccess(privateFeature, account.id);
  const moderate = !moderateAccess.allowed;
  const privately = !privateAccess.allowed;
  const reasonId = useId();
  const reason = whyNot(moderateFeature, moderateAccess) ?? whyNot(privateFeature, privateAccess);
  const locked = (off: boolean) =>
    off ? { disabled: true, 'aria-describedby': reasonId, title: reason } : {};
  const act = (action: CommentAction) => {
    setBox(null);
    void queue().enqueue({
      accountId: account.id,
      platform: c.platform,
      postId: c.postId,
      postNativeId: nativeOf(c.postId),
      commentId: c.id,
      commentNativeId: c.nativeId,
      action,
    });
  };
  if (c.fromPage || c.goneAt !== undefined) return null;
  const open = rows.filter((r) => r.state !== 'done' && r.state !== 'failed');
  const last = <K extends CommentAction['kind']>(kind: K) =>
    [...rows].reverse().find((r) => r.action.kind === kind && r.state !== 'failed');
  const lastHide = last('hide');
  const hidden = lastHide?.action.kind === 'hide' ? lastHide.action.hidden : c.hidden;
  const lastLike = last('like');
  const liked = lastLike?.action.kind === 'like' ? lastLike.action.liked : (c.pageLiked ?? false);
  const deleting = rows.find((r) => r.action.kind === 'delete' && r.state !== 'failed');
  const privateQueued = rows.some((r) => r.action.kind === 'private-reply' && r.state !== 'failed');
  const pr = privateReplyState(c, now);
  const canReply = c.canReply && !(c.platform === 'ig' && c.parentId);
  const done = c.doneAt !== undefined;
  const unanswered = isUnanswered(c, thread.replies);
  const shown = rows.filter((r) => r.state !== 'done' || (r.doneAt ?? 0) > localNow - DONE_SHOWN_MS);
  return (
    <>
      {deleting && deleting.state === 'queued' && deleting.attemptAt === undefined ? (
        <button
          type="button"
          className="btn btn-sm"
          data-shortcut="delete"
          // Delete gave way to Undo under the keyboard: focus stays in the row instead of falling to the page.
          ref={(el) => {
            if (el && deleteClicked.current) {
              deleteClicked.current = false;
              el.focus();
            }
          }}
          onClick={() => void queue().undo(deleting.clientId)}
        >
          Undo delete
        </button>
      ) : deleting ? null : (
        <>
          {canReply && (
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => setBox('reply')}
              data-testid="reply"
              data-shortcut="r"
              {...locked(moderate)}
            >
              Reply
            </button>
          )}
          {c.canHide && (
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => act({ kind: 'hide', hidden: !hidden })}
              data-shortcut="h"
              {...locked(moderate)}
            >
              {hidden ? 'Unhide' : 'Hide'}
            </button>
          )}
          {c.platform === 'fb' && c.canLike && (
            <button
              type="button"
              className="btn btn-sm"
              aria-pressed={liked}
              onClick={() => act({ kind: 'like', liked: !liked })}
              data-shortcut="l"
              {...locked(moderate)}
            >
              {liked ? 'Unlike' : 'Like'}
            </button>
          )}
          {(pr.kind === 'open' || pr.kind === 'sent') && (
            <PrivateReplyButton
              blocked={pr.kind === 'sent' ? PRIVATE_REPLY_SENT : privateQueued ? PRIVATE_REPLY_QUEUED : null}
              onOpen={() => setBox('private')}
              lock={locked(privately)}
            />
          )}
          {pr.kind === 'sent' && <OpenConversation db={db} c={c} />}
          {c.canRemove && (
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => {
                deleteClicked.current = true;
                act({ kind: 'delete' });
              }}
              data-shortcut="delete"
              {...locked(moderate)}
            >
              Delete
            </button>
          )}
          {(done || unanswered) && (
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => void setCommentDone(db, c.id, !done, localNow)}
              data-testid="mark-done"
              data-shortcut="d"
            >
              {done ? 'Mark not done' : 'Mark done'}
            </button>
          )}
          {c.platform === 'ig' && <span className="comment-muted comment-note">{IG_NO_LIKE}</span>}
          {reason && (
            <span className="comment-muted comment-note" id={reasonId} data-testid="comment-task">
              {reason}
            </span>
          )}
        </>
      )}
      {box === 'reply' && (
        <ReplyBox
          label={`Reply to ${c.author.name ?? (c.author.username ? `@${c.author.username}` : 'this comment')}`}
          max={MAX_COMMENT_REPLY_LENGTH}
          onSend={(text) => act({ kind: 'reply', text })}
          onCancel={() => setBox(null)}
        />
      )}
      {box === 'private' && (
        <ReplyBox
          label="Private message (one per comment)"
          max={MAX_MESSAGE_TEXT_LENGTH}
          onSend={(text) => act({ kind: 'private-reply', text })}
          onCancel={() => setBox(null)}
        />
      )}
      {shown.length > 0 && (
        <ul className="comment-action-states" aria-label="Actions on this comment" aria-live="polite">
          {shown.map((r) => (
            <ActionStatus key={r.clientId} row={r} onRetry={() => void queue().retry(r.clientId)} />
          ))}
        </ul>
      )}
      {open.length > 0 && <span className="visually-hidden">{open.length} actions waiting</span>}
    </>
  );
}
