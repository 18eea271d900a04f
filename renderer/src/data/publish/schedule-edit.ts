// Editing, rescheduling and cancelling a scheduled post until it fires. Each target is on one of two schedules:
// Facebook's native one (`scheduled`, Facebook publishes it) or Duet's own (`queued` before its time). The rules:
// - native side first, and the local rows change only after Facebook accepted: a refusal (or a lost answer that a
//   read-back shows did not take effect) changes nothing here, so the view never shows a change Facebook lacks;
// - a lost or failed answer is read back (publisher.readScheduled) before anything is said: a cancel that may not
//   have happened is never reported as done, and one that did is never reported as failed;
// - Duet's own side changes in one strict transaction that checks the target is still `queued` (the runner may be
//   firing it). A local target is only taken once due, when it is no longer editable here; a Facebook target
//   awaiting its native hand-over reads the post again when it is sent (its time, and steps.ts `publish` falls back
//   to Duet's schedule if the new time left Meta's window);
// - a cancel deletes the rows (./states.ts `cancelledLocal` / `cancelledNative`): a post Facebook no longer has
//   is not shown, and one it still has keeps its `scheduled` row.
// Outcomes are data; the Posts view says them in words.
import { checkTarget } from '../../../../shared/publish/rules';
import { FB_SCHEDULE_MIN_MS } from '../../../../shared/publish/rules';
import { type DuetDb, type PublishNetwork, type PublishPostRow, type PublishTargetRow } from '../db';
import { dropBlobsOf, getPost, removeTargetsIf, saveScheduledEdit, targetsOf } from '../repos/publish';
import { type Outcome, type Publisher, type ScheduledChange, type ScheduledRef } from './publisher';
import { TRANSITIONS } from './states';
import { moveTarget, wentLive } from './steps';

/** What the user changes: the shared caption, the per-network captions, the time (each optional). */
export interface ScheduleEdit {
  caption?: string;
  overrides?: Partial<Record<PublishNetwork, string>>;
  scheduleAt?: number;
}

/** How an edit or a cancel ended. `kept`: networks that had already started, left as they were. */
export type ScheduleOutcome =
  /** Done on every network still waiting (edit: changed; cancel: cancelled). */
  | { kind: 'done'; kept: PublishNetwork[] }
  /** The new text or time breaks Meta's rules (words from shared/publish/rules.ts); nothing was sent. */
  | {
      kind: 'invalid';
      problems: Array<{ network: PublishNetwork; field: 'caption' | 'schedule'; message: string }>;
    }
  /** Facebook refused it, or did not take it (read back): nothing changed there or here. */
  | { kind: 'refused'; network: PublishNetwork; reason: string; cancelled: PublishNetwork[] }
  /** It has fired (or is about to): nothing of it can change any more. Its state was refreshed. */
  | { kind: 'too-late'; network: PublishNetwork; live: boolean; cancelled: PublishNetwork[] }
  /** The answer was lost and the read-back failed: Duet cannot tell whether it took effect; nothing changed here. */
  | { kind: 'unknown'; network: PublishNetwork; cancelled: PublishNetwork[] };

/**
 * A natively scheduled Facebook video or reel: Facebook holds it by its video id, which the scheduled-post edit and
 * cancel calls do not take (they need a `{page}_{post}` id), so Duet cannot change it — Facebook publishes it at its
 * time, and the Posts view says to change or cancel it on Facebook.
 */
export function heldByFacebook(
  t: Pick<PublishTargetRow, 'state' | 'network'>,
  post: Pick<PublishPostRow, 'kind'>,
): boolean {
  return t.network === 'facebook' && t.state === 'scheduled' && post.kind === 'video';
}

/** Which schedule a target is still on: Facebook's (`native`), Duet's (`local`), or none (it fired or started). */
export function scheduleSide(
  t: Pick<PublishTargetRow, 'state' | 'mediaId' | 'network'>,
  post: Pick<PublishPostRow, 'scheduleAt' | 'draft' | 'kind'>,
  now: number,
): 'native' | 'local' | null {
  if (post.scheduleAt === undefined || post.draft) return null;
  // Facebook's own floor for a schedule: closer than that, its publishing is treated as under way.
  if (heldByFacebook(t, post)) return null;
  if (t.state === 'scheduled' && t.mediaId)
    return post.scheduleAt - now >= FB_SCHEDULE_MIN_MS ? 'native' : null;
  if (t.state === 'queued' && post.scheduleAt > now) return 'local';
  return null;
}

/** The caption a network gets from a post (its override or the shared caption), as the steps send it. */
const captionFor = (p: Pick<PublishPostRow, 'caption' | 'overrides'>, n: PublishNetwork) =>
  (p.overrides[n] ?? p.caption).trim();

const sameSecond = (a: number, b: number) => Math.floor(a / 1000) === Math.floor(b / 1000);

/** What the edits need from the queue. */
export interface ScheduleEditDeps {
  db: DuetDb;
  publisher: Publisher;
  now: () => number;
  kick: () => void;
}

/** Creates `edit` and `cancel` of scheduled posts over the queue's store and publisher. */
export function createScheduleEdits({ db, publisher, now, kick }: ScheduleEditDeps) {
  /** The post, its targets, and which of them are still on a schedule; null when nothing is. */
  async function open(postId: string) {
    const post = await getPost(db, postId);
    if (!post) return null;
    const targets = await targetsOf(db, postId);
    const t = now();
    const native = targets.filter((x) => scheduleSide(x, post, t) === 'native');
    const local = targets.filter((x) => scheduleSide(x, post, t) === 'local');
    return { post, targets, native, local };
  }

  function tooLate(targets: PublishTargetRow[], cancelled: PublishNetwork[] = []): ScheduleOutcome {
    const fired = targets.find((t) => t.state !== 'queued' && t.state !== 'draft') ?? targets[0];
    kick();
    return {
      kind: 'too-late',
      network: fired?.network ?? 'facebook',
      live: targets.some((t) => t.state === 'published'),
      cancelled,
    };
  }

  /**
   * A native call did not answer ok: read the post back. `tookEffect` says whether the read-back shows the change
   * made. Live → the target is moved to published (too late); gone → it is gone; unreadable → unknown.
   */
  async function afterFailure(
    t: PublishTargetRow,
    ref: ScheduledRef,
    at: number,
    o: Exclude<Outcome<null>, { status: 'ok' }>,
    tookEffect: (
      read: { state: 'pending'; message?: string | undefined; scheduledAt: number } | { state: 'gone' },
    ) => boolean,
    cancelled: PublishNetwork[],
  ): Promise<ScheduleOutcome | 'took-effect'> {
    // 190: refused before anything was done (the session pauses the queue on its own next step).
    if (o.status === 'auth') return { kind: 'refused', network: t.network, reason: o.reason, cancelled };
    const read = await publisher.readScheduled(ref, at);
    if (read.status !== 'ok') return { kind: 'unknown', network: t.network, cancelled };
    const r = read.value;
    if (r.state === 'live') {
      await moveTarget(db, t.id, 'published', wentLive(now()));
      kick();
      return { kind: 'too-late', network: t.network, live: true, cancelled };
    }
    if (tookEffect(r)) return 'took-effect';
    if (r.state === 'gone') {
      await moveTarget(db, t.id, 'scheduleGone', { error: 'The scheduled post was removed on Facebook.' });
      return { kind: 'too-late', network: t.network, live: false, cancelled };
    }
    return { kind: 'refused', network: t.network, reason: o.reason, cancelled };
  }

  async function edit(postId: string, change: ScheduleEdit): Promise<ScheduleOutcome> {
    const found = await open(postId);
    if (!found) return { kind: 'too-late', network: 'facebook', live: false, cancelled: [] };
    const { post, targets, native, local } = found;
    if (!native.length && !local.length) return tooLate(targets);
    const next = {
      caption: change.caption ?? post.caption,
      overrides: change.overrides ?? post.overrides,
      scheduleAt: change.scheduleAt ?? post.scheduleAt,
    };
    const t0 = now();
    const problems = [...native, ...local].flatMap((t) =>
      checkTarget(
        t.network,
        {
          kind: post.kind,
          caption: next.overrides[t.network] ?? next.caption,
          link: post.link,
          media: post.media,
          scheduleAt: next.scheduleAt,
        },
        { now: t0 },
      )
        .filter(
          (p): p is typeof p & { field: 'caption' | 'schedule' } =>
            p.field === 'caption' || p.field === 'schedule',
        )
        .map((p) => ({ network: t.network, field: p.field, message: p.message })),
    );
    if (problems.length) return { kind: 'invalid', problems };

    // Facebook first: the local rows follow only what it accepted.
    for (const t of native) {
      const ref = { accountId: post.accountId, postId: t.mediaId! };
      const message = captionFor(next, t.network);
      const ask: ScheduledChange = {
        ...(message !== captionFor(post, t.network) ? { message } : {}),
        ...(next.scheduleAt !== post.scheduleAt ? { scheduledAt: next.scheduleAt } : {}),
      };
      if (ask.message === undefined && ask.scheduledAt === undefined) continue;
      const o = await publisher.updateScheduled(ref, ask);
      if (o.status === 'ok') continue;
      const verdict = await afterFailure(
        t,
        ref,
        post.scheduleAt!,
        o,
        (r) =>
          r.state === 'pending' &&
          (ask.message === undefined || (r.message ?? '').trim() === ask.message) &&
          (ask.scheduledAt === undefined || sameSecond(r.scheduledAt, ask.scheduledAt)),
        [],
      );
      if (verdict !== 'took-effect') return verdict;
    }

    const patches = [
      ...native.map((t) => ({ id: t.id, from: TRANSITIONS.nativeEdited.from, patch: {} })),
      // Duet's own schedule: the timing is decided afresh (./timing.ts), now, by the runner.
      ...local.map((t) => ({
        id: t.id,
        from: TRANSITIONS.rescheduled.from,
        patch: { nextAttemptAt: now(), scheduleMode: undefined, lateByMs: undefined, error: undefined },
      })),
    ];
    const written = await saveScheduledEdit(db, postId, patches, (cur, ok) => {
      // A network whose target had left its schedule meanwhile keeps the caption it went out with.
      const overrides = { ...next.overrides };
      for (const t of targets)
        if (!ok.has(t.id)) overrides[t.network] = cur.overrides[t.network] ?? cur.caption;
      return { ...cur, caption: next.caption, overrides, scheduleAt: next.scheduleAt, updatedAt: now() };
    });
    kick();
    const kept = targets.filter((t) => !written.has(t.id)).map((t) => t.network);
    if (!written.size) return tooLate(await targetsOf(db, postId));
    return { kind: 'done', kept };
  }

  async function cancel(postId: string): Promise<ScheduleOutcome> {
    const found = await open(postId);
    if (!found) return { kind: 'done', kept: [] };
    const { post, targets, native, local } = found;
    if (!native.length && !local.length) return tooLate(targets);
    // Duet's own side first, in one transaction that checks each is still `queued`: nothing of it has left.
    const gone = await removeTargetsIf(
      db,
      postId,
      local.map((t) => t.id),
      TRANSITIONS.cancelledLocal.from,
    );
    const cancelled = local.filter((t) => gone.has(t.id)).map((t) => t.network);
    for (const t of native) {
      const ref = { accountId: post.accountId, postId: t.mediaId! };
      const o = await publisher.cancelScheduled(ref);
      if (o.status !== 'ok') {
        const verdict = await afterFailure(t, ref, post.scheduleAt!, o, (r) => r.state === 'gone', cancelled);
        if (verdict !== 'took-effect') return verdict;
      }
      // Facebook no longer has it: only now does its row go.
      await removeTargetsIf(db, postId, [t.id], TRANSITIONS.cancelledNative.from);
      cancelled.push(t.network);
    }
    const left = await targetsOf(db, postId);
    if (left.length && left.every((t) => t.state === 'published' || t.state === 'scheduled'))
      await dropBlobsOf(db, postId);
    kick();
    const kept = targets.filter((t) => !cancelled.includes(t.network)).map((t) => t.network);
    if (!cancelled.length) return tooLate(left);
    return { kind: 'done', kept };
  }

  return { edit, cancel };
}
