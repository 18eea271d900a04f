// The composer (its own chunk): where the post goes (both ticked by default), its type, one caption with an optional
// per-network override, the link or files, now or scheduled, and what each network would refuse — in words, next to
// the field, before anything is sent; the daily limits each chosen network is at, next to the targets. Drafts are
// saved as the user types.
import { useId, useState } from 'react';
import { type RuleProblem } from '../../../../shared/publish/rules';
import {
  captionLength,
  isFacebookReel,
  scheduleOwner,
  type FbVideoAs,
} from '../../../../shared/publish/rules';
import { FB_REELS_PER_DAY, IG_CAPTION_MAX, IG_CONTAINERS_PER_DAY } from '../../../../shared/publish-limits';
import { type Account } from '../../../../shared/models';
import { type DuetDb, type PublishKind, type PublishNetwork } from '../../data/db';
import { Dialog } from '../../ui/Dialog';
import { MissingPermission } from '../privacy/MissingPermission';
import { MediaPicker } from './MediaPicker';
import { NETWORK_NAME, scheduleAtOf, useComposer, type QuotaState } from './use-composer';
import './publish.css';

const KINDS: Array<{ kind: PublishKind; label: string; hint: string }> = [
  { kind: 'text', label: 'Text or link', hint: 'Facebook only' },
  { kind: 'photo', label: 'Photo', hint: '' },
  {
    kind: 'photos',
    label: 'Several photos',
    hint: 'Facebook album post · Instagram carousel (2–10, videos too)',
  },
  { kind: 'video', label: 'Video', hint: 'a video or a reel on Facebook · a reel on Instagram' },
  { kind: 'story', label: 'Story', hint: '' },
];

const FB_VIDEO_AS: Array<{ as: FbVideoAs; label: string; hint: string }> = [
  { as: 'reel', label: 'Reel', hint: '3–90 s, shown in Reels' },
  { as: 'video', label: 'Video', hint: 'any length, a video post on the Page' },
];

/** The problems of one field, per network, as a list next to it. */
function Problems(props: {
  id: string;
  field: RuleProblem['field'];
  problems: Record<PublishNetwork, RuleProblem[]>;
}) {
  const items = (['facebook', 'instagram'] as const).flatMap((n) =>
    props.problems[n].filter((p) => p.field === props.field).map((p) => `${NETWORK_NAME[n]}: ${p.message}`),
  );
  if (!items.length) return <span id={props.id} hidden />;
  return (
    <ul className="field-problems" id={props.id} data-testid={`problems-${props.field}`}>
      {items.map((m) => (
        <li key={m}>{m}</li>
      ))}
    </ul>
  );
}

/** The posts half of the Instagram line: Meta's own count (content_publishing_limit), read when the composer opened. */
function postsWords(quota: QuotaState): string {
  if (quota.kind === 'reading') return 'reading the posts limit…';
  if (quota.kind === 'unknown')
    return `the posts limit could not be read (${quota.reason.replace(/\.$/, '')})`;
  return `${quota.usage} of ${quota.total} posts in ${quota.hours} h`;
}

/** One line per chosen network with the daily limits it is at, and what Duet's own counts can and cannot see. */
function QuotaArea(props: {
  instagram: boolean;
  facebookReel: boolean;
  quota: QuotaState;
  usage: { igContainers?: number; fbReels: number } | undefined;
}) {
  const { instagram, facebookReel, quota, usage } = props;
  if (!instagram && !facebookReel) return null;
  const counted = (n: number | undefined) => (n === undefined ? '…' : String(n));
  return (
    <div className="composer-quotas" data-testid="quotas">
      {instagram && (
        <p data-testid="ig-quota">
          Instagram: {postsWords(quota)} · containers: {counted(usage?.igContainers)} of{' '}
          {IG_CONTAINERS_PER_DAY}
        </p>
      )}
      {facebookReel && (
        <p data-testid="fb-reels-quota">
          Facebook reels: {counted(usage?.fbReels)} of {FB_REELS_PER_DAY} in 24 h
        </p>
      )}
      <p className="field-note">
        {instagram ? 'Containers' : 'Reels'}
        {instagram && facebookReel ? ' and reels' : ''} are Duet’s own count of what it created: other apps
        spend the same limits, and Meta offers no way to read them.
      </p>
    </div>
  );
}

/** The composer dialog. `postId` opens a saved draft or a post that has not started. */
export default function ComposerDialog(props: {
  db: DuetDb;
  account: Account;
  postId?: string;
  onClose: () => void;
  onQueued?: (message: string) => void;
}) {
  const { db, account, onClose } = props;
  const c = useComposer(db, account, props.postId);
  const { state, update, problems } = c;
  const [refused, setRefused] = useState<string[]>([]);
  const [sending, setSending] = useState(false);
  const ids = {
    caption: useId(),
    media: useId(),
    schedule: useId(),
    type: useId(),
    link: useId(),
    refused: useId(),
    fbRole: useId(),
    igRole: useId(),
  };
  const ig = account.instagram;
  const anyProblem = problems.facebook.length + problems.instagram.length > 0;
  const scheduleAt = scheduleAtOf(state.scheduleText);

  async function publish() {
    if (anyProblem || !c.networks.length) {
      setRefused(
        c.networks.length ? ['Fix the problems shown above first.'] : ['Choose at least one place to post.'],
      );
      return;
    }
    setSending(true);
    const failed = await c.submit();
    setSending(false);
    if (failed) return setRefused(failed);
    props.onQueued?.(state.when === 'schedule' ? 'Post scheduled.' : 'Post queued for publishing.');
    onClose();
  }

  const igBlocked =
    state.kind === 'text'
      ? 'Instagram needs a photo or a video.'
      : state.kind === 'story' && c.creator
        ? 'Instagram publishes stories through Duet for Business accounts only; this is a Creator account.'
        : null;

  const footer = (
    <>
      <span className="composer-saved" role="status">
        {c.saved === 'saving'
          ? 'Saving draft…'
          : c.saved === 'saved'
            ? 'Draft saved'
            : c.saved === 'failed'
              ? 'The draft could not be saved.'
              : ''}
      </span>
      <button type="button" className="btn" onClick={onClose}>
        {c.saved === 'saved' ? 'Close (keep draft)' : 'Cancel'}
      </button>
      <button
        type="button"
        className="btn btn-primary"
        onClick={() => void publish()}
        disabled={sending}
        aria-describedby={ids.refused}
      >
        {state.when === 'schedule' ? 'Schedule' : 'Publish'}
      </button>
    </>
  );

  return (
    <Dialog title={props.postId ? 'Edit post' : 'New post'} onClose={onClose} wide footer={footer}>
      <div className="composer" data-testid="composer">
        <fieldset className="composer-targets" aria-describedby={ids.type}>
          <legend>Post to</legend>
          <label>
            <input
              type="checkbox"
              checked={state.networks.facebook && !c.locked.facebook}
              disabled={!!c.locked.facebook}
              aria-describedby={c.locked.facebook ? ids.fbRole : undefined}
              onChange={(e) => update((s) => ({ networks: { ...s.networks, facebook: e.target.checked } }))}
            />{' '}
            Facebook Page · {account.name}
          </label>
          {c.locked.facebook && (
            <MissingPermission feature="facebook-publish" accountId={account.id} id={ids.fbRole} compact />
          )}
          {ig ? (
            <label>
              <input
                type="checkbox"
                checked={state.networks.instagram && !igBlocked && !c.locked.instagram}
                disabled={!!igBlocked || !!c.locked.instagram}
                aria-describedby={c.locked.instagram ? ids.igRole : undefined}
                onChange={(e) =>
                  update((s) => ({ networks: { ...s.networks, instagram: e.target.checked } }))
                }
              />{' '}
              Instagram · @{ig.username}
              {igBlocked && <span className="field-note"> — {igBlocked}</span>}
            </label>
          ) : null}
          {ig && c.locked.instagram ? (
            <MissingPermission feature="instagram-publish" accountId={account.id} id={ids.igRole} compact />
          ) : null}
          {ig ? null : <p className="field-note">This Page has no linked Instagram professional account.</p>}
        </fieldset>
        <QuotaArea
          instagram={!!ig && c.networks.includes('instagram')}
          facebookReel={c.networks.includes('facebook') && isFacebookReel(state)}
          quota={c.quota}
          usage={c.usage}
        />

        <fieldset className="composer-kinds">
          <legend>Type</legend>
          {KINDS.map((k) => (
            <label key={k.kind}>
              <input
                type="radio"
                name="post-kind"
                checked={state.kind === k.kind}
                onChange={() => update({ kind: k.kind })}
              />{' '}
              {k.label}
              {k.hint && <span className="field-note"> ({k.hint})</span>}
            </label>
          ))}
        </fieldset>
        {state.kind === 'video' && state.networks.facebook && (
          <fieldset className="composer-kinds" data-testid="fb-video-as">
            <legend>On Facebook, post it as</legend>
            {FB_VIDEO_AS.map((o) => (
              <label key={o.as}>
                <input
                  type="radio"
                  name="fb-video-as"
                  checked={c.fbVideoAs === o.as}
                  onChange={() => update({ fbVideoAs: o.as })}
                />{' '}
                {o.label}
                <span className="field-note"> ({o.hint})</span>
              </label>
            ))}
          </fieldset>
        )}
        <Problems id={ids.type} field="type" problems={problems} />

        <label className="composer-field">
          Caption
          <textarea
            value={state.caption}
            rows={4}
            onChange={(e) => update({ caption: e.target.value })}
            aria-describedby={ids.caption}
            data-testid="caption"
          />
        </label>
        <p className="field-note">
          {captionLength(state.caption).toLocaleString()} characters
          {state.networks.instagram ? ` (Instagram takes ${IG_CAPTION_MAX.toLocaleString()})` : ''}
        </p>
        {c.networks.length > 1 &&
          c.networks.map((n) => (
            <div key={n} className="composer-override">
              <label>
                <input
                  type="checkbox"
                  checked={state.overrides[n] !== undefined}
                  onChange={(e) =>
                    update((s) => {
                      const overrides = { ...s.overrides };
                      if (e.target.checked) overrides[n] = s.caption;
                      else delete overrides[n];
                      return { overrides };
                    })
                  }
                />{' '}
                A different caption for {NETWORK_NAME[n]}
              </label>
              {state.overrides[n] !== undefined && (
                <label className="composer-field">
                  Caption for {NETWORK_NAME[n]}
                  <textarea
                    rows={3}
                    value={state.overrides[n]}
                    onChange={(e) => update((s) => ({ overrides: { ...s.overrides, [n]: e.target.value } }))}
                    aria-describedby={ids.caption}
                  />
                </label>
              )}
            </div>
          ))}
        <Problems id={ids.caption} field="caption" problems={problems} />

        {state.kind === 'text' ? (
          <>
            <label className="composer-field">
              Link (optional; Facebook shows its preview)
              <input
                type="url"
                value={state.link}
                onChange={(e) => update({ link: e.target.value })}
                aria-describedby={ids.link}
              />
            </label>
            <Problems id={ids.link} field="link" problems={problems} />
          </>
        ) : (
          <>
            <MediaPicker
              media={state.media}
              onChange={(media) => update({ media })}
              multiple={state.kind === 'photos'}
              accept={
                state.kind === 'photo' ? 'image/*' : state.kind === 'video' ? 'video/*' : 'image/*,video/*'
              }
              altText={state.networks.instagram}
              describedBy={ids.media}
            />
            <Problems id={ids.media} field="media" problems={problems} />
          </>
        )}

        <fieldset className="composer-when">
          <legend>When</legend>
          <label>
            <input
              type="radio"
              name="post-when"
              checked={state.when === 'now'}
              onChange={() => update({ when: 'now' })}
            />{' '}
            Now
          </label>
          <label>
            <input
              type="radio"
              name="post-when"
              checked={state.when === 'schedule'}
              onChange={() => update({ when: 'schedule' })}
            />{' '}
            Later
          </label>
          {state.when === 'schedule' && (
            <label className="composer-field">
              Date and time
              <input
                type="datetime-local"
                value={state.scheduleText}
                onChange={(e) => update({ scheduleText: e.target.value })}
                aria-describedby={ids.schedule}
                data-testid="schedule-at"
              />
            </label>
          )}
          {state.when === 'schedule' && Number.isFinite(scheduleAt) && (
            <ul className="composer-who">
              {c.networks.map((n) => (
                <li key={n}>
                  {NETWORK_NAME[n]}:{' '}
                  {scheduleOwner(n, state.kind, scheduleAt - c.now) === 'network'
                    ? 'Facebook will publish this.'
                    : 'Duet publishes this — keep Duet running or it publishes when it next opens.'}
                </li>
              ))}
            </ul>
          )}
        </fieldset>
        <Problems id={ids.schedule} field="schedule" problems={problems} />

        <div id={ids.refused} role="alert" className="composer-refused">
          {refused.length > 0 && (
            <ul>
              {refused.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </Dialog>
  );
}
