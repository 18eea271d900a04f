// Sign-out: says exactly what will be deleted before deleting it (token, cached content, unsent replies, media).
import { useEffect, useState } from 'react';
import { type DuetDb } from '../data/db';
import { countEntriesIn } from '../data/repos/outbox';
import { countRows } from '../data/repos/store';
import { Dialog } from '../ui/Dialog';
import { useApp } from './context';
import { messageOf } from './errors';
import { deleteLocalStore } from './use-local-store';

/** What the local store holds, for the confirmation. */
export interface StoreSummary {
  posts: number;
  media: number;
  conversations: number;
  messages: number;
  unsent: number;
}

/** Counts what a sign-out would delete. */
export async function summarizeStore(db: DuetDb): Promise<StoreSummary> {
  const [rows, unsent] = await Promise.all([
    countRows(db),
    countEntriesIn(db, ['queued', 'sending', 'unknown', 'failed', 'unconfirmed']),
  ]);
  const { posts = 0, media = 0, stories = 0, conversations = 0, messages = 0 } = rows;
  return { posts, media: media + stories, conversations, messages, unsent };
}

function formatBytes(n: number): string {
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** Confirmation + sign-out (and optionally revoking Duet's permissions on Facebook). */
export function SignOutDialog(props: { db: DuetDb | null; disconnect: boolean; onClose(): void }) {
  const { bridge, setSession } = useApp();
  const [summary, setSummary] = useState<StoreSummary | null>(null);
  const [mediaBytes, setMediaBytes] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (props.db) void summarizeStore(props.db).then(setSummary, () => setSummary(null));
    bridge.invoke('diagnostics/get', {}).then(
      (d) => setMediaBytes(d.mediaCache.bytes),
      () => setMediaBytes(null),
    );
  }, [props.db, bridge]);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const next = await bridge.invoke('session/sign-out', { disconnect: props.disconnect });
      // Close the store and leave the shell first, so no sync write or outbox flush can reopen the database while it
      // is being deleted; then delete it.
      props.db?.close();
      setSession(next);
      await deleteLocalStore();
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={props.disconnect ? 'Disconnect Duet from Facebook?' : 'Sign out of Duet?'}
      onClose={props.onClose}
      footer={
        <>
          <button className="btn" onClick={props.onClose} disabled={busy}>
            Cancel
          </button>
          <button
            className="btn btn-primary btn-destructive"
            onClick={() => void confirm()}
            disabled={busy}
            data-testid="confirm-sign-out"
          >
            {busy ? 'Deleting…' : props.disconnect ? 'Disconnect and delete' : 'Sign out and delete'}
          </button>
        </>
      }
    >
      <p>This deletes from this computer:</p>
      <ul className="signout-list" data-testid="sign-out-summary">
        <li>your access token</li>
        {summary ? (
          <>
            <li>
              {summary.posts.toLocaleString()} saved posts and {summary.media.toLocaleString()} Instagram
              items
            </li>
            <li>
              {summary.conversations.toLocaleString()} conversations with {summary.messages.toLocaleString()}{' '}
              messages
            </li>
            {summary.unsent > 0 && (
              <li className="signout-warning">
                {summary.unsent} {summary.unsent === 1 ? 'reply that has' : 'replies that have'} not been sent
                yet
              </li>
            )}
          </>
        ) : (
          <li>everything Duet saved for offline reading</li>
        )}
        <li>cached pictures and videos{mediaBytes !== null ? ` (${formatBytes(mediaBytes)})` : ''}</li>
      </ul>
      {props.disconnect && (
        <p>
          It also removes Duet’s permissions from your Facebook account; you will be asked to grant them again
          next time.
        </p>
      )}
      <p className="dialog-note">Nothing on Facebook or Instagram is deleted.</p>
      {error && (
        <div className="form-error" role="alert">
          {error}
        </div>
      )}
    </Dialog>
  );
}
