// The head of an open thread: back to the list (narrow windows), who the conversation is with, on which platform,
// and how many of its messages are saved.
import { type Bridge } from '../../bridge';
import { type ConversationRow } from '../../data/db';
import { Avatar } from '../../ui/Avatar';
import { PlatformBadge } from './ConversationList';
import { customerName } from './names';

/** The thread's header. */
export function ThreadHeader(props: {
  conversation: ConversationRow;
  bridge: Bridge;
  /** Messages stored for the conversation. */
  stored: number;
  onBack?: (() => void) | undefined;
}) {
  const { conversation, bridge, stored } = props;
  const name = customerName(conversation);
  return (
    <header className="thread-header">
      {props.onBack && (
        <button type="button" className="btn btn-sm btn-ghost thread-back" onClick={props.onBack}>
          ‹ Conversations
        </button>
      )}
      <span className="conv-avatar">
        <Avatar name={name} picture={conversation.customer.picture} size={36} bridge={bridge} />
        <PlatformBadge platform={conversation.platform} size={14} />
      </span>
      <div className="thread-title">
        <h2>{name}</h2>
        <span className="thread-sub">
          {conversation.platform === 'instagram' ? 'Instagram Direct' : 'Messenger'}
          {conversation.customer.username ? ` · @${conversation.customer.username}` : ''}
          {stored > 0 ? ` · ${stored.toLocaleString()} message${stored === 1 ? '' : 's'} saved` : ''}
        </span>
      </div>
    </header>
  );
}
