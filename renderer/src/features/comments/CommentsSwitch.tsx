// Turning comments off on an Instagram medium, or on again (Meta: POST /{ig-media-id}?comment_enabled=false,
// https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-media, Updating).
// Queued like every comment action (durable, applied once, in order with the medium's other post-level actions);
// what it shows is the newest choice not refused, until a later gallery read says what Meta holds.
import { useApp } from '../../app/context';
import { type DuetDb, type MediaRow } from '../../data/db';
import { type Account } from '../../../../shared/models';
import { MissingPermission } from '../privacy/MissingPermission';
import { useFeatureAccess } from '../privacy/use-permissions';
import { actionState } from './action-words';
import { commentQueueFor, useLaneActions } from './comment-queue';

/**
 * Whether comments are on for the medium: a choice still on its way wins (a gallery read meanwhile cannot know it
 * yet); a choice applied wins until a later read says what Meta holds; else what Meta said.
 */
export function commentsOn(
  media: Pick<MediaRow, 'commentsEnabled' | 'syncedAt'>,
  rows: ReadonlyArray<{ action: { kind: string; enabled?: boolean }; state: string; createdAt: number }>,
): boolean {
  const newest = [...rows]
    .reverse()
    .find(
      (r) =>
        r.action.kind === 'comments-enabled' &&
        r.state !== 'failed' &&
        (r.state !== 'done' || r.createdAt > media.syncedAt),
    );
  return newest?.action.enabled ?? media.commentsEnabled ?? true;
}

/** The switch in a medium's comments panel. */
export function CommentsSwitch(props: { db: DuetDb; account: Account; media: MediaRow }) {
  const { db, account, media } = props;
  const { bridge } = useApp();
  const rows = useLaneActions(db, media.id).filter((r) => r.action.kind === 'comments-enabled');
  const access = useFeatureAccess('instagram-comments', account.id);
  const on = commentsOn(media, rows);
  const working = rows.find((r) => r.state !== 'done' && r.state !== 'failed');
  const failed = rows.at(-1)?.state === 'failed' ? rows.at(-1) : undefined;
  const toggle = () =>
    void commentQueueFor(db, bridge).enqueue({
      accountId: account.id,
      platform: 'ig',
      postId: media.id,
      postNativeId: media.nativeId,
      action: { kind: 'comments-enabled', enabled: !on },
    });
  return (
    <div className="comments-switch" data-testid="comments-switch">
      <button
        type="button"
        className="btn btn-sm"
        aria-pressed={!on}
        disabled={!access.allowed}
        onClick={toggle}
      >
        {on ? 'Turn comments off' : 'Turn comments on'}
      </button>
      <span className="comment-muted comment-note" role="status">
        {working && working.action.kind === 'comments-enabled'
          ? `${working.action.enabled ? 'Turning comments on' : 'Turning comments off'}: ${actionState(working, navigator.onLine)}`
          : failed
            ? actionState(failed, navigator.onLine)
            : on
              ? 'People can comment on this post.'
              : 'Comments are off: nobody can comment on this post.'}
      </span>
      {!access.allowed && <MissingPermission feature="instagram-comments" accountId={account.id} compact />}
    </div>
  );
}
