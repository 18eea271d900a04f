// One conversation: a virtualized, bottom-anchored list of bubbles with day separators. Older history loads on
// scroll-up and keeps the message under the reader's eye where it was (no jump). Opening it marks it read.
// The scrolling is use-thread-scroll.ts; what opening does is use-opened-conversation.ts.
import { useMemo, useState } from 'react';
import { type Bridge } from '../../bridge';
import { type ConversationRow, type DuetDb } from '../../data/db';
import { type Outbox } from '../../data/outbox/types';
import { ErrorBoundary } from '../../ui/ErrorBoundary';
import { Composer } from './Composer';
import { FromComment } from './FromComment';
import { customerName } from './names';
import { threadRows } from './format';
import { MessageBubble } from './MessageBubble';
import { ThreadHeader } from './ThreadHeader';
import { useOpenedConversation } from './use-opened-conversation';
import { THREAD_PAGE, useThreadScroll } from './use-thread-scroll';
import { useThreadMessages } from './use-thread-messages';

/** The thread of one conversation with its composer. */
export function ThreadView(props: {
  db: DuetDb;
  bridge: Bridge;
  conversation: ConversationRow;
  outbox: Outbox | null;
  markSeen: boolean;
  focusMessageId?: string | undefined;
  /** Back to the list (shown only where the list and the thread do not fit side by side). */
  onBack?(): void;
}) {
  const { db, bridge, conversation, outbox, markSeen, focusMessageId } = props;
  const convId = conversation.id;
  const [limit, setLimit] = useState(THREAD_PAGE);
  const { messages, stored } = useThreadMessages(db, convId, limit);
  const rows = useMemo(() => threadRows(messages ?? []), [messages]);
  useOpenedConversation(db, bridge, conversation, markSeen);
  const { scrollRef, virtualizer, onScroll, highlight, stickToBottom } = useThreadScroll({
    db,
    conversationId: convId,
    rows,
    hasOlder: (messages?.length ?? 0) < stored,
    setLimit,
    focusMessageId,
  });

  const name = customerName(conversation);
  return (
    <section className="thread" aria-label={`Conversation with ${name}`}>
      <ThreadHeader conversation={conversation} bridge={bridge} stored={stored} onBack={props.onBack} />
      <FromComment db={db} conversation={conversation} />
      <div
        className="thread-scroll"
        ref={scrollRef}
        onScroll={onScroll}
        data-testid="thread"
        // A scroll region a keyboard can reach (Tab, then arrows / Page keys). Not a live region: rows come and go
        // as the list scrolls; new messages are announced once by NewMessageAnnouncer.
        tabIndex={0}
        role="region"
        aria-label="Messages"
      >
        {messages && !messages.length ? (
          <div className="empty-state">
            <p>{navigator.onLine ? 'Loading messages…' : 'No messages saved for this conversation yet.'}</p>
          </div>
        ) : (
          <div className="thread-canvas" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = rows[item.index]!;
              return (
                <div
                  key={item.key}
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  className="thread-row"
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  {row.kind === 'day' ? (
                    <div className="day-sep" role="separator">
                      <span>{row.label}</span>
                    </div>
                  ) : (
                    <MessageBubble
                      message={row.message}
                      firstOfRun={row.firstOfRun}
                      lastOfRun={row.lastOfRun}
                      highlighted={highlight === row.message.id}
                      bridge={bridge}
                      outbox={outbox}
                    />
                  )}
                </div>
              );
            })}
          </div>
        )}
      </div>
      <ErrorBoundary label="The reply box" compact>
        <Composer conversation={conversation} outbox={outbox} onSent={stickToBottom} />
      </ErrorBoundary>
    </section>
  );
}
