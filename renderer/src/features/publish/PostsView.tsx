// The Posts view: every post written in Duet with each network's status in words — draft, queued, scheduled (and who
// publishes it), publishing, published (with its permalink), failed (Meta's reason and Retry), unconfirmed (sent,
// outcome unknown: checked before anything is retried). Drafts and posts that have not started can be edited or
// cancelled; scheduled posts can be edited, rescheduled or cancelled until they fire (ScheduledPostActions).
import { useLiveQuery } from 'dexie-react-hooks';
import { Suspense, lazy, useState } from 'react';
import { type Account } from '../../../../shared/models';
import { useApp } from '../../app/context';
import { type DuetDb, type PublishKind, type PublishTargetRow } from '../../data/db';
import { EDITABLE_STATES } from '../../data/publish/states';
import { heldByFacebook } from '../../data/publish/schedule-edit';
import { recentPosts, type PostWithTargets } from '../../data/repos/publish';
import { ExternalLink } from '../../ui/ExternalLink';
import { fullTime, relativeTime } from '../../ui/time';
import { useNow } from '../../ui/use-now';
import { MissingPermission } from '../privacy/MissingPermission';
import { publishQueueFor } from './publish-queue';
import { publishRefusal } from './publish-refusal';
import { hasOpenSchedule, ScheduledPostActions } from './ScheduledPostActions';
import { UploadProgressLine } from './UploadProgressLine';
import { NETWORK_NAME } from './use-composer';
import './publish.css';

const ComposerDialog = lazy(() => import('./ComposerDialog'));
const SHOWN = 100;

/** Why a target waits for a daily limit instead of going out, and when Duet tries again. */
const HELD: Record<NonNullable<PublishTargetRow['heldFor']>, string> = {
  'ig-containers': 'Instagram’s limit of 400 media containers in 24 hours is used up',
  'fb-reels': 'Facebook’s limit of 30 reels in 24 hours is used up',
  'ig-daily-limit': 'Instagram says this account reached its daily publishing limit',
};

/** What a target's status says, in words. */
export function statusWords(
  t: PublishTargetRow,
  scheduleAt: number | undefined,
  now: number,
  kind?: PublishKind,
): string {
  const at = scheduleAt !== undefined ? fullTime(scheduleAt) : '';
  if (t.heldFor && (t.state === 'queued' || t.state === 'ready'))
    return `Waiting — ${HELD[t.heldFor]}; Duet tries again at ${fullTime(t.nextAttemptAt)}`;
  switch (t.state) {
    case 'draft':
      return 'Draft (not sent)';
    case 'queued':
      if (scheduleAt !== undefined && scheduleAt > now)
        return t.network === 'facebook' && t.scheduleMode !== 'local'
          ? `Scheduled for ${at} — waiting to hand it to Facebook`
          : `Scheduled for ${at} — Duet publishes this; keep Duet running or it publishes when it next opens`;
      return t.error ? `Queued — will try again (${t.error})` : 'Queued';
    case 'uploading':
      return 'Uploading the files…';
    case 'processing':
      return `${NETWORK_NAME[t.network]} is processing the files…`;
    case 'ready':
    case 'publishing':
      return 'Publishing…';
    case 'scheduled':
      return kind && heldByFacebook(t, { kind })
        ? `Scheduled for ${at} — Facebook will publish this video; to change or cancel it, use Facebook`
        : `Scheduled for ${at} — Facebook will publish this`;
    case 'published': {
      const when = t.publishedAt ? relativeTime(t.publishedAt, now) : '';
      const late = t.lateByMs
        ? ` (${Math.round(t.lateByMs / 60_000)} min late: Duet was not running at the time)`
        : '';
      return `Published ${when}${late}`;
    }
    case 'failed':
      return `Failed: ${t.error ?? 'Meta refused it.'}`;
    case 'unconfirmed':
      return t.nextAttemptAt >= Number.MAX_SAFE_INTEGER
        ? `Sent, outcome unknown — ${t.error ?? 'Duet could not find it.'}`
        : 'Sent, outcome unknown — checking before anything is retried';
  }
}

function TargetRow(props: {
  db: DuetDb;
  t: PublishTargetRow;
  scheduleAt: number | undefined;
  kind: PublishKind;
  now: number;
}) {
  const { bridge } = useApp();
  const { t } = props;
  const queue = publishQueueFor(props.db, bridge);
  const held = t.state === 'unconfirmed' && t.nextAttemptAt >= Number.MAX_SAFE_INTEGER;
  const refusal = publishRefusal(t);
  return (
    <li className={`post-target is-${t.state}`} data-testid={`target-${t.network}`} data-state={t.state}>
      <span className="post-target-name">{NETWORK_NAME[t.network]}</span>
      <span className="post-target-status">{statusWords(t, props.scheduleAt, props.now, props.kind)}</span>
      {(t.state === 'uploading' || t.state === 'publishing') && (
        <UploadProgressLine targetId={t.id} network={t.network} />
      )}
      {t.permalink && (
        <ExternalLink
          href={t.permalink}
          bridge={bridge}
          showHost={false}
          title={`Open on ${NETWORK_NAME[t.network]}`}
        >
          Open on {NETWORK_NAME[t.network]}
        </ExternalLink>
      )}
      {refusal && <MissingPermission feature={refusal.feature} refused={refusal.permission} compact />}
      {t.state === 'failed' && (
        <button className="btn btn-sm" onClick={() => void queue.retry(t.id)}>
          Retry<span className="visually-hidden"> on {NETWORK_NAME[t.network]}</span>
        </button>
      )}
      {held && (
        <>
          <button className="btn btn-sm" onClick={() => void queue.checkAgain(t.id)}>
            Check again
          </button>
          <button
            className="btn btn-sm"
            onClick={() => {
              if (
                window.confirm(
                  `It may already be on ${NETWORK_NAME[t.network]}. Publish it again anyway? It may appear twice.`,
                )
              )
                void queue.publishAnyway(t.id);
            }}
          >
            Publish again
          </button>
        </>
      )}
    </li>
  );
}

function PostItem(props: {
  db: DuetDb;
  item: PostWithTargets;
  now: number;
  onEdit: (id: string) => void;
  onNotice: (text: string) => void;
}) {
  const { bridge } = useApp();
  const { post, targets } = props.item;
  const editable = targets.every((t) => (EDITABLE_STATES as readonly string[]).includes(t.state));
  const scheduled = hasOpenSchedule(post, targets, props.now);
  const caption =
    post.caption.trim() ||
    post.link ||
    `(${post.media.length} file${post.media.length === 1 ? '' : 's'}, no caption)`;
  return (
    <li className="post-item" data-testid="post-item">
      <div className="post-item-head">
        <span className="post-item-caption">
          {caption.length > 140 ? `${caption.slice(0, 140)}…` : caption}
        </span>
        <span className="post-item-kind">
          {post.kind === 'photos' ? 'several photos' : post.kind === 'text' ? 'text' : post.kind}
          {post.media.length > 1 ? ` · ${post.media.length} files` : ''}
        </span>
      </div>
      <ul className="post-targets">
        {targets.map((t) => (
          <TargetRow
            key={t.id}
            db={props.db}
            t={t}
            scheduleAt={post.scheduleAt}
            kind={post.kind}
            now={props.now}
          />
        ))}
      </ul>
      {scheduled && (
        <ScheduledPostActions
          db={props.db}
          post={post}
          targets={targets}
          now={props.now}
          label={caption.slice(0, 40)}
          {...(editable ? { onCompose: () => props.onEdit(post.id) } : {})}
          onNotice={props.onNotice}
        />
      )}
      {editable && !scheduled && (
        <div className="post-item-actions">
          <button className="btn btn-sm" onClick={() => props.onEdit(post.id)}>
            Edit<span className="visually-hidden">: {caption.slice(0, 40)}</span>
          </button>
          <button
            className="btn btn-sm"
            onClick={() => void publishQueueFor(props.db, bridge).cancel(post.id)}
          >
            {targets.some((t) => t.state === 'draft') ? 'Delete draft' : 'Cancel'}
            <span className="visually-hidden">: {caption.slice(0, 40)}</span>
          </button>
        </div>
      )}
    </li>
  );
}

/** The Posts view. */
export function PostsView(props: { db: DuetDb; account: Account }) {
  const { db, account } = props;
  const now = useNow(30_000);
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const items = useLiveQuery(() => recentPosts(db, SHOWN), [db]);
  const mine = (items ?? []).filter((i) => i.post.accountId === account.id);
  return (
    <section className="posts-view" aria-labelledby="posts-heading">
      <header className="posts-head">
        <h2 id="posts-heading">Posts written in Duet</h2>
      </header>
      <p className="posts-notice" role="status" data-testid="posts-notice">
        {notice}
      </p>
      {items && mine.length === 0 && (
        <p className="posts-empty">
          Nothing yet. Press New post (Ctrl+N) to write one for the Page and Instagram.
        </p>
      )}
      <ol className="posts-list">
        {mine.map((item) => (
          <PostItem
            key={item.post.id}
            db={db}
            item={item}
            now={now}
            onEdit={setEditing}
            onNotice={setNotice}
          />
        ))}
      </ol>
      {editing && (
        <Suspense fallback={null}>
          <ComposerDialog db={db} account={account} postId={editing} onClose={() => setEditing(null)} />
        </Suspense>
      )}
    </section>
  );
}
