// Offline full-text search results over everything stored for an account, both networks: messages, comments and
// the text of posts and media. Lazy-loaded by the inbox the first time the user types a query.
import { useContext } from 'react';
import { NavigationContext } from '../../app/navigation';
import { type CommentRow, type DuetDb } from '../../data/db';
import { FacebookMark, InstagramMark } from '../../ui/icons';
import { relativeTime } from '../../ui/time';
import { PlatformBadge } from './ConversationList';
import { customerName } from './names';
import { highlightParts, snippetAround } from './format';
import { useStoredSearch } from './use-message-search';

/** Text with the query's words highlighted (React text nodes and <mark>, never HTML). */
function Highlighted({ text, query }: { text: string; query: string }) {
  return (
    <>
      {highlightParts(text, query).map((p, i) =>
        p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>,
      )}
    </>
  );
}

/** Facebook's or Instagram's mark, named for screen readers (a comment or a post, not a conversation). */
function NetworkMark({ network }: { network: 'fb' | 'ig' }) {
  const name = network === 'ig' ? 'Instagram' : 'Facebook';
  return (
    <span className="platform-badge" title={name}>
      {network === 'ig' ? <InstagramMark size={14} /> : <FacebookMark size={14} />}
      <span className="visually-hidden">{name}</span>
    </span>
  );
}

/** Who wrote a comment, in words. */
const commentAuthor = (c: CommentRow) =>
  c.fromPage ? 'You' : (c.author.name ?? (c.author.username ? `@${c.author.username}` : 'Someone'));

/**
 * Everything stored that matches `query`: messages (a click opens the thread at that message), comments and the
 * text of posts and media (a click opens that post's comments beside Home).
 */
export default function SearchResults(props: {
  db: DuetDb;
  accountId: string;
  query: string;
  now: number;
  onOpen(conversationId: string, messageId: string): void;
}) {
  const { db, accountId, query: q, now, onOpen } = props;
  const found = useStoredSearch(db, accountId, q);
  const nav = useContext(NavigationContext);
  if (!found) return <div className="search-results" data-testid="search-results" />;
  const { messages, comments, captions } = found;
  const nothing = !messages.length && !comments.length && !captions.length;
  return (
    <div className="search-results" role="group" aria-label="Search results" data-testid="search-results">
      {nothing && (
        <div className="empty-state">
          <h3>Nothing found</h3>
          <p>
            Nothing saved on this computer matches “{q}”. Search covers every message, comment and post Duet
            has synced, on both networks.
          </p>
        </div>
      )}
      {messages.length > 0 && <h3 className="search-section">Messages</h3>}
      {messages.map(({ message, conversation }) => (
        <button
          key={message.id}
          className="search-hit"
          data-testid="search-hit"
          onClick={() => onOpen(message.conversationId, message.id)}
        >
          <span className="search-hit-top">
            {conversation && <PlatformBadge platform={conversation.platform} size={14} />}
            <span className="conv-name">{conversation ? customerName(conversation) : 'Conversation'}</span>
            <span className="conv-time">{relativeTime(message.createdTime, now)}</span>
          </span>
          <span className="search-hit-text">
            {message.fromPage && <span className="search-you">You: </span>}
            <Highlighted text={snippetAround(message.text ?? '', q)} query={q} />
          </span>
        </button>
      ))}
      {comments.length > 0 && <h3 className="search-section">Comments</h3>}
      {comments.map((c) => (
        <button
          key={c.id}
          className="search-hit"
          data-testid="search-comment-hit"
          disabled={!nav}
          onClick={() => nav?.showComments(c.postId)}
        >
          <span className="search-hit-top">
            <NetworkMark network={c.platform} />
            <span className="conv-name">{commentAuthor(c)}</span>
            <span className="conv-time">{relativeTime(c.createdTime, now)}</span>
          </span>
          <span className="search-hit-text">
            <Highlighted text={snippetAround(c.text, q)} query={q} />
          </span>
        </button>
      ))}
      {captions.length > 0 && <h3 className="search-section">Posts</h3>}
      {captions.map((h) => {
        const text = h.kind === 'post' ? (h.row.message ?? h.row.story ?? '') : (h.row.caption ?? '');
        const at = h.kind === 'post' ? h.row.createdTime : h.row.timestamp;
        return (
          <button
            key={h.row.id}
            className="search-hit"
            data-testid="search-post-hit"
            disabled={!nav}
            onClick={() => nav?.showComments(h.row.id)}
          >
            <span className="search-hit-top">
              <NetworkMark network={h.kind === 'media' ? 'ig' : 'fb'} />
              <span className="conv-name">{h.kind === 'media' ? 'Instagram post' : 'Facebook post'}</span>
              <span className="conv-time">{relativeTime(at, now)}</span>
            </span>
            <span className="search-hit-text">
              <Highlighted text={snippetAround(text, q)} query={q} />
            </span>
          </button>
        );
      })}
    </div>
  );
}
