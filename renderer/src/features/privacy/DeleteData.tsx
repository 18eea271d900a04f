// "Delete stored data": pick one kind of what Duet keeps (or everything of the account), review exactly what goes —
// counts and sizes, unsent work kept unless ticked, what comes back and what cannot — then confirm. Keyboard only:
// a radio group, a date field, buttons; the confirm step is its own dialog.
import { type Inventory } from './use-inventory';
import { isMediaCacheChoice, startOfDay, type DeleteChoice, type DeleteFlow } from './use-delete-data';
import { bytesText } from '../../ui/bytes';
import { Dialog } from '../../ui/Dialog';

/** The choices in the order shown, with what happens after each. */
const PICTURES_AFTER =
  'Duet downloads each picture again when you look at it while online; offline you see a placeholder instead.';
const CHOICES: ReadonlyArray<{ id: DeleteChoice; label: string; after: string }> = [
  { id: 'accountMediaCache', label: 'Pictures and videos of this account', after: PICTURES_AFTER },
  { id: 'mediaCache', label: 'Pictures and videos (every account)', after: PICTURES_AFTER },
  {
    id: 'posts',
    label: 'Facebook posts',
    after: 'Duet downloads the Page’s posts again the next time it is online.',
  },
  {
    id: 'media',
    label: 'Instagram posts',
    after: 'Duet downloads the Instagram posts again the next time it is online.',
  },
  {
    id: 'stories',
    label: 'Instagram stories (archive)',
    after:
      'Only stories still live on Instagram (posted in the last 24 hours) come back; older ones are gone for good.',
  },
  {
    id: 'messages',
    label: 'Messages older than a date',
    after:
      'Facebook and Instagram give Duet only the 20 newest messages of each conversation, so older messages deleted here cannot be downloaded again. The conversations stay.',
  },
  {
    id: 'comments',
    label: 'Comments',
    after: 'Duet reads the comments of recent posts again the next time it is online.',
  },
  {
    id: 'insights',
    label: 'Insights numbers',
    after: 'Duet fetches the numbers Facebook and Instagram still have again, on its usual schedule.',
  },
  {
    id: 'account',
    label: 'Everything stored for this account',
    after:
      'Duet downloads what Facebook and Instagram still have the next time it is online, and pictures again as you look at them. Messages beyond the 20 newest of each conversation and expired stories do not come back.',
  },
];

const choiceOf = (id: DeleteChoice) => CHOICES.find((c) => c.id === id)!;
const plural = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** The part of the host's media cache a choice deletes: every account's, this account's, or none. */
function cacheOf(
  choice: DeleteChoice,
  inv: Inventory | null,
): { entries: number; bytes: number } | undefined {
  if (choice === 'mediaCache') return inv?.mediaCache;
  if (choice === 'accountMediaCache' || choice === 'account') return inv?.accountMediaCache;
  return undefined;
}

/** The section in the panel: the choice and a button to review it. */
export function DeleteData(props: { flow: DeleteFlow; inventory: Inventory | null }) {
  const { flow } = props;
  const cacheEmpty = (cacheOf(flow.choice, props.inventory)?.entries ?? 0) === 0;
  const dateMissing = flow.choice === 'messages' && startOfDay(flow.before) === undefined;
  return (
    <div className="privacy-delete">
      <fieldset>
        <legend>What to delete from this computer</legend>
        {CHOICES.map((c) => (
          <label key={c.id} className="privacy-choice">
            <input
              type="radio"
              name="delete-kind"
              value={c.id}
              checked={flow.choice === c.id}
              onChange={() => flow.setChoice(c.id)}
            />
            {c.label}
          </label>
        ))}
      </fieldset>
      {flow.choice === 'messages' && (
        <label className="privacy-date">
          Delete messages sent before
          <input type="date" value={flow.before} required onChange={(e) => flow.setBefore(e.target.value)} />
        </label>
      )}
      <button
        className="btn btn-sm"
        onClick={flow.review}
        disabled={dateMissing || (isMediaCacheChoice(flow.choice) && cacheEmpty)}
      >
        Review what will be deleted…
      </button>
      {flow.status && (
        <p role="status" className="privacy-delete-status">
          {flow.status}
        </p>
      )}
    </div>
  );
}

/** The confirm step: exactly what goes, what is kept, and that it cannot be undone. */
export function DeleteConfirm(props: { flow: DeleteFlow; inventory: Inventory | null }) {
  const { flow } = props;
  const choice = choiceOf(flow.choice);
  const cache = cacheOf(flow.choice, props.inventory);
  const onlyFiles = isMediaCacheChoice(flow.choice);
  const p = flow.preview;
  // Everything of the account counts its cached files beside its rows: both go.
  const files = flow.choice === 'account' ? (cache?.entries ?? 0) : 0;
  const count = onlyFiles ? (cache?.entries ?? 0) : (p?.count ?? 0) + files;
  const ready = onlyFiles || p !== null;
  const close = flow.cancel;
  return (
    <Dialog
      title={`Delete ${choice.label.toLowerCase()}?`}
      onClose={close}
      footer={
        <>
          <button className="btn" onClick={close}>
            Keep everything
          </button>
          <button
            className="btn btn-danger"
            disabled={!ready || count === 0 || flow.busy}
            onClick={() => void flow.confirm()}
          >
            {flow.busy ? 'Deleting…' : `Delete ${plural(count, 'item', 'items')}`}
          </button>
        </>
      }
    >
      {!ready && <p>Counting what would be deleted…</p>}
      {onlyFiles && (
        <p>
          Deletes{' '}
          {cache ? `${plural(cache.entries, 'file', 'files')} (${bytesText(cache.bytes)})` : 'the files'} of{' '}
          {flow.choice === 'mediaCache' ? 'every account' : 'this account'} from this computer
          {flow.choice === 'accountMediaCache' ? '; other accounts’ pictures stay' : ''}. Posts, messages and
          unsent replies are kept.
        </p>
      )}
      {p && p.count + files === 0 && <p>Nothing stored matches: there is nothing to delete.</p>}
      {p && p.count + files > 0 && (
        <>
          <p>This deletes from this computer:</p>
          <ul aria-label="What will be deleted">
            {p.lines
              .filter((l) => l.count > 0)
              .map((l) => (
                <li key={l.kind} data-kind={l.kind} data-count={l.count}>
                  {l.label}: {l.count.toLocaleString()} ({bytesText(l.bytes)})
                </li>
              ))}
            {files > 0 && (
              <li data-kind="mediaCache" data-count={files}>
                Pictures and videos: {plural(files, 'file', 'files')} ({bytesText(cache!.bytes)})
              </li>
            )}
          </ul>
        </>
      )}
      {flow.choice === 'account' && (
        <p data-testid="delete-account-pictures">
          This includes the account’s pictures and videos in the media cache
          {cache ? ` (${plural(cache.entries, 'file', 'files')}, ${bytesText(cache.bytes)})` : ''}; other
          accounts’ pictures stay.
        </p>
      )}
      {p && (p.unsentReplies > 0 || p.unsentPosts > 0 || p.unsentCommentActions > 0) && (
        <div className="privacy-warning">
          {p.unsentReplies > 0 && (
            <p>
              {plural(p.unsentReplies, 'reply you wrote has', 'replies you wrote have')} not been sent yet.{' '}
              {flow.includeUnsent ? 'They will be deleted and never sent.' : 'They are kept.'}
            </p>
          )}
          {p.unsentPosts > 0 && (
            <p>
              {plural(p.unsentPosts, 'post you wrote is', 'posts you wrote are')} a draft or not yet published
              everywhere. {flow.includeUnsent ? 'They will be deleted.' : 'They are kept.'}
            </p>
          )}
          {p.unsentCommentActions > 0 && (
            <p>
              {plural(
                p.unsentCommentActions,
                'comment action you queued has',
                'comment actions you queued have',
              )}{' '}
              not reached Facebook or Instagram yet.{' '}
              {flow.includeUnsent ? 'They will be deleted and never applied.' : 'They are kept.'}
            </p>
          )}
          {flow.includeUnsent && p.onTheirWay > 0 && (
            <p data-testid="delete-on-their-way">
              <strong>
                {plural(p.onTheirWay, 'of them is', 'of them are')} already on{' '}
                {p.onTheirWay === 1 ? 'its' : 'their'} way
              </strong>{' '}
              (sent or being published, with no answer yet): deleting {p.onTheirWay === 1 ? 'it' : 'them'}{' '}
              here cannot call {p.onTheirWay === 1 ? 'it' : 'them'} back, so{' '}
              {p.onTheirWay === 1 ? 'it' : 'they'} may still appear on Facebook or Instagram.
            </p>
          )}
          {flow.includeUnsent && p.scheduledOnFacebook > 0 && (
            <p data-testid="delete-scheduled-on-facebook">
              {plural(p.scheduledOnFacebook, 'post is', 'posts are')} scheduled on Facebook, which publishes{' '}
              {p.scheduledOnFacebook === 1 ? 'it' : 'them'} at {p.scheduledOnFacebook === 1 ? 'its' : 'their'}{' '}
              time even when Duet deletes its copy. Cancel {p.scheduledOnFacebook === 1 ? 'it' : 'them'} in
              the Posts view first to stop that.
            </p>
          )}
          <label className="privacy-choice">
            <input
              type="checkbox"
              checked={flow.includeUnsent}
              onChange={(e) => flow.setIncludeUnsent(e.target.checked)}
            />
            Also delete {unsentWords(p.unsentReplies, p.unsentPosts, p.unsentCommentActions)}
          </label>
        </div>
      )}
      <p>{choice.after}</p>
      <p>
        <strong>This cannot be undone.</strong> Nothing is deleted on Facebook or Instagram.
      </p>
    </Dialog>
  );
}

function unsentWords(replies: number, posts: number, actions: number): string {
  const parts = [
    replies > 0 ? `the ${plural(replies, 'unsent reply', 'unsent replies')}` : '',
    posts > 0 ? `the ${plural(posts, 'unpublished post', 'unpublished posts')}` : '',
    actions > 0 ? `the ${plural(actions, 'queued comment action', 'queued comment actions')}` : '',
  ].filter(Boolean);
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : (parts[0] ?? '');
}
