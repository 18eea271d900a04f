// What the inbox says when there is nothing to list (and why), and when no conversation is open.
import { type InboxFilter } from '../../data/repos/inbox';
import { InboxIcon } from '../../ui/icons';

/** The empty list: caught up, could not be saved, still loading, or nothing synced yet for this filter. */
export function ConversationsEmpty(props: {
  filter: InboxFilter;
  storeError: string | undefined;
  syncing: boolean;
}) {
  const { filter, storeError, syncing } = props;
  return (
    <div className="empty-state" data-testid="inbox-empty">
      <InboxIcon size={32} />
      {filter === 'unread' ? (
        <>
          <h3>All caught up</h3>
          <p>No unread conversations.</p>
        </>
      ) : storeError ? (
        <>
          <h3>Conversations could not be saved</h3>
          <p>{storeError}</p>
        </>
      ) : syncing && filter === 'all' ? (
        <>
          <h3>Loading conversations…</h3>
          <p>Duet is fetching your Messenger and Instagram Direct conversations.</p>
        </>
      ) : (
        <>
          <h3>No conversations yet</h3>
          <p>
            {filter === 'all'
              ? 'When people message your Page or Instagram account, their conversations appear here.'
              : `No ${filter === 'instagram' ? 'Instagram Direct' : 'Messenger'} conversations synced yet.`}
          </p>
        </>
      )}
    </div>
  );
}

/** The thread side with no conversation open (or the chosen one still opening). */
export function NoThreadOpen({ opening }: { opening: boolean }) {
  return (
    <div className="empty-state inbox-placeholder">
      <InboxIcon size={40} />
      <h3>{opening ? 'Opening…' : 'Select a conversation'}</h3>
      <p>
        Messenger and Instagram Direct, in one place. Use ↑ and ↓ to move through the list and Enter to open.
      </p>
    </div>
  );
}
