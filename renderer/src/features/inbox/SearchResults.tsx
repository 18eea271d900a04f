// Offline full-text search results over every stored message of an account (both platforms). Lazy-loaded by the
// inbox the first time the user types a query.
import { type DuetDb } from '../../data/db';
import { relativeTime } from '../../ui/time';
import { PlatformBadge } from './ConversationList';
import { customerName } from './names';
import { highlightParts, snippetAround } from './format';
import { useMessageSearch } from './use-message-search';

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

/** The list of messages matching `query`; a click opens the thread at that message. */
export default function SearchResults(props: {
  db: DuetDb;
  accountId: string;
  query: string;
  now: number;
  onOpen(conversationId: string, messageId: string): void;
}) {
  const { db, accountId, query: q, now, onOpen } = props;
  const hits = useMessageSearch(db, accountId, q);
  return (
    <div className="search-results" role="group" aria-label="Search results" data-testid="search-results">
      {hits === undefined ? null : !hits.length ? (
        <div className="empty-state">
          <h3>No messages found</h3>
          <p>
            Nothing saved on this computer matches “{q}”. Search covers every message Duet has synced, on both
            platforms.
          </p>
        </div>
      ) : (
        hits.map(({ message, conversation }) => (
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
        ))
      )}
    </div>
  );
}
