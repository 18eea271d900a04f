// The reply box: Enter sends, Shift+Enter adds a line. It shows how long Meta's reply window stays open (24 h from
// the customer's last message, 7 days with the HUMAN_AGENT tag), warns in the last hour, and explains — instead of
// letting a message fail later — when the window has closed.
import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import {
  MAX_MESSAGE_TEXT_LENGTH as MAX,
  messageTextLength,
  splitMessageText,
} from '../../../../shared/message-text';
import { type ConversationRow } from '../../data/db';
import { type Outbox } from '../../data/outbox/types';
import { conversationWindow, windowMessage } from '../../data/outbox/window';
import { isQuotaError } from '../../data/storage-errors';
import { useMetaNow } from '../../ui/use-now';
import { useCommand } from '../../app/commands/context';
import { MissingPermission } from '../privacy/MissingPermission';
import { useFeatureAccess } from '../privacy/use-permissions';
import { SendIcon } from './icons';

/** The count appears this close to Meta's limit. */
const COUNT_FROM = MAX - 200;

/** Why a reply could not be queued, in words a user can act on (the text stays in the box). */
function sendErrorMessage(e: unknown): string {
  // IndexedDB refuses the outbox write when the disk (the origin's quota) is full: nothing was queued.
  if (isQuotaError(e))
    return 'Not sent: your disk is too full to queue this reply. Free some space and press Enter again.';
  return e instanceof Error ? e.message : String(e);
}

/** The composer of one conversation. */
export function Composer(props: { conversation: ConversationRow; outbox: Outbox | null; onSent?(): void }) {
  const { conversation, outbox, onSent } = props;
  const [text, setText] = useState('');
  const [humanAgent, setHumanAgent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLTextAreaElement>(null);
  const hintId = useId();
  const countId = useId();
  // Re-renders every 30 s so the remaining time stays current.
  const now = useMetaNow(30_000);
  const w = conversationWindow(conversation, now, humanAgent);
  // Replying needs the platform's messaging permission; revoked, the box gives way to "Grant again". It also needs
  // the Messaging task on the Page: without it the box stays, disabled, with the reason (only an admin can help).
  const feature = conversation.platform === 'instagram' ? 'instagram-messages-reply' : 'messenger-reply';
  const access = useFeatureAccess(feature, conversation.accountId);
  const closed = w.status === 'closed' || conversation.canReply === false || !access.allowed;
  useCommand(
    'inbox/reply',
    () => ref.current?.focus(),
    () => !closed,
  );
  const hint =
    conversation.canReply === false
      ? 'Meta does not allow replies in this conversation.'
      : windowMessage(w, humanAgent);

  useEffect(() => {
    ref.current?.focus();
  }, [conversation.id]);

  const length = messageTextLength(text.trim());
  const over = length > MAX;
  const parts = over ? splitMessageText(text) : null;

  const send = async () => {
    // Over Meta's limit nothing is queued and the text stays: the count below says by how much (never cut silently).
    if (!outbox || closed || !text.trim() || over) return;
    try {
      await outbox.send(conversation, text, { humanAgent });
      setText('');
      setError(null);
      onSent?.();
    } catch (e) {
      setError(sendErrorMessage(e));
    }
  };
  /** Queues the parts in order, each through the one enqueue path; on a failure the unsent rest stays in the box. */
  const sendSplit = async () => {
    if (!outbox || closed || !parts) return;
    for (let i = 0; i < parts.length; i++) {
      try {
        await outbox.send(conversation, parts[i]!, { humanAgent });
      } catch (e) {
        setText(parts.slice(i).join('\n\n'));
        setError(sendErrorMessage(e));
        return;
      }
    }
    setText('');
    setError(null);
    onSent?.();
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void send();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    // While an IME composes (Japanese, Chinese…), Enter confirms the composition; it must not send.
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void send();
    }
  };

  if (access.missing.length > 0)
    return (
      <div className="composer" data-window="no-permission">
        <MissingPermission feature={feature} />
      </div>
    );

  return (
    <form
      className="composer"
      onSubmit={onSubmit}
      data-window={access.tasks ? 'no-task' : closed ? 'closed' : w.status}
    >
      {access.tasks ? (
        <MissingPermission feature={feature} accountId={conversation.accountId} id={hintId} />
      ) : (
        <div
          className={`composer-window composer-window-${closed ? 'closed' : w.status}`}
          id={hintId}
          role={closed || w.status === 'closing' ? 'alert' : undefined}
          data-testid="reply-window"
        >
          {hint}
        </div>
      )}
      <div className="composer-row">
        <textarea
          ref={ref}
          className="composer-input"
          rows={1}
          value={text}
          placeholder={
            access.tasks
              ? 'Your role on this Page cannot reply'
              : closed
                ? 'Replies are closed for this conversation'
                : `Reply on ${conversation.platform === 'instagram' ? 'Instagram' : 'Messenger'}…`
          }
          aria-label="Reply"
          aria-describedby={over ? `${hintId} ${countId}` : hintId}
          aria-invalid={over || undefined}
          disabled={closed}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <button
          type="submit"
          className="composer-send"
          disabled={closed || !text.trim() || !outbox || over}
          aria-label="Send"
          title="Send (Enter)"
        >
          <SendIcon />
        </button>
      </div>
      <div className="composer-foot">
        <label
          className="composer-agent"
          title="Meta's HUMAN_AGENT tag lets a person reply up to 7 days after the customer's last message."
        >
          <input type="checkbox" checked={humanAgent} onChange={(e) => setHumanAgent(e.target.checked)} />{' '}
          Human agent (7-day window)
        </label>
        {length > COUNT_FROM && (
          <span
            className={`composer-count${over ? ' is-over' : ''}`}
            id={countId}
            data-testid="composer-count"
            role={over ? 'alert' : undefined}
          >
            {length.toLocaleString()} / {MAX.toLocaleString()}
            {over ? ' — too long for one message: shorten it or split it' : ''}
          </span>
        )}
        {parts && (
          <button
            type="button"
            className="btn btn-sm composer-split"
            disabled={closed || !outbox}
            onClick={() => void sendSplit()}
          >
            Split into {parts.length} messages
          </button>
        )}
        {error && (
          <span className="composer-error" role="alert">
            {error}
          </span>
        )}
      </div>
    </form>
  );
}
