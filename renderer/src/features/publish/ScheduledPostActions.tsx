// Edit, Reschedule and Cancel for a scheduled post, until it fires — whichever schedule each network is on
// (Facebook's native one or Duet's own). The work and its rules are data/publish/schedule-edit.ts; this says what
// happened, in words: a refusal next to the field it belongs to, the rest in the Posts view's status line.
import { useId, useState } from 'react';
import { useApp } from '../../app/context';
import { type DuetDb, type PublishNetwork, type PublishPostRow, type PublishTargetRow } from '../../data/db';
import { scheduleSide, type ScheduleEdit } from '../../data/publish/schedule-edit';
import { Dialog } from '../../ui/Dialog';
import { publishQueueFor } from './publish-queue';
import { cancelPlan, outcomeWords } from './schedule-words';
import { NETWORK_NAME, scheduleAtOf, toPickerValue } from './use-composer';

/** True when a post is scheduled and at least one of its targets is still waiting on a schedule. */
export function hasOpenSchedule(post: PublishPostRow, targets: PublishTargetRow[], now: number): boolean {
  return targets.some((t) => scheduleSide(t, post, now) !== null);
}

/** The buttons (named with the post for screen readers) and their dialogs. */
export function ScheduledPostActions(props: {
  db: DuetDb;
  post: PublishPostRow;
  targets: PublishTargetRow[];
  now: number;
  /** The post's name as the buttons say it. */
  label: string;
  /** Every target still on Duet's own schedule: Edit opens the full composer (files too). */
  onCompose?: () => void;
  onNotice: (text: string) => void;
}) {
  const [open, setOpen] = useState<'edit' | 'reschedule' | 'cancel' | null>(null);
  const named = <span className="visually-hidden">: {props.label}</span>;
  return (
    <div className="post-item-actions">
      <button className="btn btn-sm" onClick={() => (props.onCompose ? props.onCompose() : setOpen('edit'))}>
        Edit{named}
      </button>
      <button className="btn btn-sm" onClick={() => setOpen('reschedule')}>
        Reschedule{named}
      </button>
      <button className="btn btn-sm" onClick={() => setOpen('cancel')}>
        Cancel{named}
      </button>
      {(open === 'edit' || open === 'reschedule') && (
        <ChangeDialog {...props} mode={open} onClose={() => setOpen(null)} />
      )}
      {open === 'cancel' && <CancelDialog {...props} onClose={() => setOpen(null)} />}
    </div>
  );
}

type DialogProps = Parameters<typeof ScheduledPostActions>[0] & { onClose: () => void };

/** Text and time (Edit), or the time only (Reschedule). */
function ChangeDialog(props: DialogProps & { mode: 'edit' | 'reschedule' }) {
  const { bridge } = useApp();
  const { post, mode } = props;
  const queue = publishQueueFor(props.db, bridge);
  const [caption, setCaption] = useState(post.caption);
  const [overrides, setOverrides] = useState(post.overrides);
  const [when, setWhen] = useState(post.scheduleAt !== undefined ? toPickerValue(post.scheduleAt) : '');
  const [problem, setProblem] = useState<{ text: string; field: 'caption' | 'schedule' } | null>(null);
  const [busy, setBusy] = useState(false);
  const ids = { caption: useId(), schedule: useId() };
  const networks = props.targets.map((t) => t.network);

  async function save() {
    const at = scheduleAtOf(when);
    const change: ScheduleEdit =
      mode === 'edit' ? { caption, overrides, scheduleAt: at } : { scheduleAt: at };
    setBusy(true);
    setProblem(null);
    const o = await queue.editScheduled(post.id, change);
    setBusy(false);
    const words = outcomeWords('edit', o);
    if (o.kind === 'invalid' || o.kind === 'refused')
      return setProblem({
        text: words.text,
        field: words.field ?? (mode === 'edit' && at === post.scheduleAt ? 'caption' : 'schedule'),
      });
    props.onNotice(words.text);
    props.onClose();
  }

  const problemOf = (field: 'caption' | 'schedule', id: string) =>
    problem?.field === field ? (
      <p className="field-problems" id={id} data-testid={`problems-${field}`} role="alert">
        {problem.text}
      </p>
    ) : (
      <span id={id} hidden />
    );

  const setOverride = (n: PublishNetwork, v: string | undefined) =>
    setOverrides((o) => {
      const next = { ...o };
      if (v === undefined) delete next[n];
      else next[n] = v;
      return next;
    });

  return (
    <Dialog
      title={mode === 'edit' ? 'Edit scheduled post' : 'Reschedule post'}
      onClose={props.onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={props.onClose}>
            Close without saving
          </button>
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void save()}>
            {busy ? 'Saving…' : mode === 'edit' ? 'Save changes' : 'Reschedule'}
          </button>
        </>
      }
    >
      <div className="composer" data-testid="schedule-dialog">
        {mode === 'edit' && (
          <>
            <label className="composer-field">
              Caption
              <textarea
                value={caption}
                rows={4}
                onChange={(e) => setCaption(e.target.value)}
                aria-describedby={ids.caption}
              />
            </label>
            {networks.length > 1 &&
              networks.map((n) => (
                <div key={n} className="composer-override">
                  <label>
                    <input
                      type="checkbox"
                      checked={overrides[n] !== undefined}
                      onChange={(e) => setOverride(n, e.target.checked ? caption : undefined)}
                    />{' '}
                    A different caption for {NETWORK_NAME[n]}
                  </label>
                  {overrides[n] !== undefined && (
                    <label className="composer-field">
                      Caption for {NETWORK_NAME[n]}
                      <textarea
                        rows={3}
                        value={overrides[n]}
                        onChange={(e) => setOverride(n, e.target.value)}
                        aria-describedby={ids.caption}
                      />
                    </label>
                  )}
                </div>
              ))}
            {problemOf('caption', ids.caption)}
          </>
        )}
        <label className="composer-field">
          Date and time
          <input
            type="datetime-local"
            value={when}
            onChange={(e) => setWhen(e.target.value)}
            aria-describedby={ids.schedule}
            data-testid="reschedule-at"
          />
        </label>
        {problemOf('schedule', ids.schedule)}
        <ul className="composer-who">
          {props.targets.map((t) => {
            const side = scheduleSide(t, post, props.now);
            return (
              <li key={t.id}>
                {NETWORK_NAME[t.network]}:{' '}
                {side === 'native'
                  ? 'Facebook will publish this; the change goes to Facebook first.'
                  : side === 'local'
                    ? 'Duet publishes this — keep Duet running or it publishes when it next opens.'
                    : 'already on its way; it keeps the earlier version.'}
              </li>
            );
          })}
        </ul>
      </div>
    </Dialog>
  );
}

/** The confirm: what a cancel does on each network. */
function CancelDialog(props: DialogProps) {
  const { bridge } = useApp();
  const [busy, setBusy] = useState(false);
  async function cancel() {
    setBusy(true);
    const o = await publishQueueFor(props.db, bridge).cancelScheduled(props.post.id);
    setBusy(false);
    props.onNotice(outcomeWords('cancel', o).text);
    props.onClose();
  }
  return (
    <Dialog
      title="Cancel this scheduled post?"
      onClose={props.onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={props.onClose}>
            Keep it
          </button>
          <button type="button" className="btn btn-danger" disabled={busy} onClick={() => void cancel()}>
            {busy ? 'Cancelling…' : 'Cancel the post'}
          </button>
        </>
      }
    >
      <p className="post-item-caption">{props.label}</p>
      <ul className="composer-who" data-testid="cancel-plan">
        {cancelPlan(props.post, props.targets, props.now).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </Dialog>
  );
}
