// One target's next piece of work, by state: prepare (files and container; nothing goes live), poll the container,
// publish (durably `publishing` first), fetch the permalink (the media id is already on disk), reconcile an
// ambiguous publish before anything is retried, and watch a native Facebook schedule. Every state change goes
// through the table in ./states.ts.
import { deliveryFloor, judgeDelivery, type ClockHint } from '../../../../shared/delivery/match';
import { containersNeeded, isFacebookReel } from '../../../../shared/publish/rules';
import {
  FB_REELS_PER_DAY,
  IG_CONTAINER_TTL_MS,
  IG_CONTAINERS_PER_DAY,
} from '../../../../shared/publish-limits';
import { type DuetDb, type PublishPostRow, type PublishTargetRow } from '../db';
import { putPublished } from '../repos/content';
import { freesAt, recordUsage, usageTimes } from '../repos/publish-usage';
import { blobsOf, dropBlobsOf, getPost, ownerOfMedia, targetsOf, updateTargetIf } from '../repos/publish';
import { type SessionPause } from '../session-gate';
import { type Outcome, type PublishJob, type Publisher, type RecentPage } from './publisher';
import { TRANSITIONS, type MoveEvent } from './states';
import { nativeScheduleOk, publishTiming, UNCONFIRMED_REASON } from './timing';

/** Moves a target by one event of the state table (one strict transaction; null when it had moved on). */
export function moveTarget(
  db: DuetDb,
  id: string,
  event: MoveEvent,
  patch: Partial<PublishTargetRow> = {},
): Promise<PublishTargetRow | null> {
  const { from, to } = TRANSITIONS[event];
  return updateTargetIf(db, id, from, to === 'unchanged' ? patch : { ...patch, state: to });
}

/** What the steps need from the queue. */
export interface StepDeps {
  db: DuetDb;
  publisher: Publisher;
  now: () => number;
  backoff: (attempts: number) => number;
  /** False once the queue was stopped after this work began: its results are dropped. */
  current: (gen: number) => boolean;
  pauseFor: (reason: SessionPause) => void;
}

/** How often a processing container is read, how long at most, and how long an unanswered publish may take. */
export const POLL_MS = 5_000;
export const MAX_POLLS = 360;
/** A publish call's answer cannot arrive later than this (the host's timeout): a FINISHED container after it is not live. */
export const SETTLE_MS = 60_000;
/** Tries for the permalink and feed/gallery row after a publish. */
export const LINK_TRIES = 3;
/** Reconciliation that cannot decide stops after this many looks and waits for the user. */
export const MAX_CHECKS = 6;

/** A container older than this is made again rather than published (Meta expires it at 24 h). */
const CONTAINER_USABLE_MS = IG_CONTAINER_TTL_MS - 10 * 60_000;
/** Most ids of the pre-attempt page kept on the target. */
const PRE_IDS_MAX = 50;

/**
 * The floor a later match must reach, from the page read just before the attempt: its newest time (or 0 for an
 * account with nothing on it) and its ids; `fallback` (from Meta's clock) when the read failed.
 */
export function floorBefore(
  pre: Outcome<RecentPage>,
  fallback: number | undefined,
): Pick<PublishTargetRow, 'matchFrom' | 'preIds'> {
  if (pre.status !== 'ok') return { matchFrom: fallback, preIds: undefined };
  const { items, hasMore } = pre.value;
  if (!items.length && hasMore) return { matchFrom: fallback, preIds: undefined };
  const newest = items.reduce((m, i) => Math.max(m, i.createdTime), 0);
  return { matchFrom: newest, preIds: items.slice(0, PRE_IDS_MAX).map((i) => i.id) };
}

/** The patch of a natively scheduled target Facebook has published: its link and feed row are fetched next. */
export function wentLive(at: number): Partial<PublishTargetRow> {
  return { publishedAt: at, linkPending: 1, attempts: 0, nextAttemptAt: at };
}

/** Creates the step function the runner calls for an account's next due target. */
export function createSteps(deps: StepDeps) {
  const { db, publisher, now, backoff, current, pauseFor } = deps;
  let metaClock: ClockHint | undefined;

  async function jobOf(t: PublishTargetRow): Promise<PublishJob | null> {
    const post = await getPost(db, t.postId);
    if (!post) return null;
    const blobs = await blobsOf(db, post.id);
    const media = post.media.map((m) => ({ ...m, blob: blobs.get(m.id) ?? new Blob([]) }));
    const caption = (post.overrides[t.network] ?? post.caption).trim();
    return {
      post,
      target: t,
      caption,
      media,
      ...(t.scheduleMode === 'native' && post.scheduleAt !== undefined
        ? { scheduleAt: post.scheduleAt }
        : {}),
    };
  }

  /** The common answers to a failed call: try again later, refuse, or pause on 190. */
  async function onFailure(
    t: PublishTargetRow,
    o: Exclude<Outcome<unknown>, { status: 'ok' }>,
    again: MoveEvent,
  ): Promise<void> {
    if (o.status === 'permanent') {
      await moveTarget(db, t.id, 'refused', { error: o.reason });
      return;
    }
    const wait =
      o.status === 'retryable' ? Math.max(o.retryAfterMs, backoff(t.attempts)) : backoff(t.attempts);
    await moveTarget(db, t.id, again, {
      error: o.reason,
      // Meta's daily-limit refusal: the target waits for the limit (other tools may have spent it), shown as such.
      heldFor: o.status === 'retryable' && o.limit === 'ig-daily' ? 'ig-daily-limit' : undefined,
      attempts: t.attempts + 1,
      nextAttemptAt: now() + (o.status === 'auth' ? 0 : wait),
    });
    if (o.status === 'auth') pauseFor('session-expired');
  }

  /**
   * A daily limit this target would pass by Duet's own record (400 Instagram containers, 30 Facebook reels): it
   * waits, queued, until enough of what was spent leaves the 24 h window, instead of asking Meta to refuse it.
   */
  async function limitHold(
    t: PublishTargetRow,
    post: PublishPostRow,
  ): Promise<{ kind: NonNullable<PublishTargetRow['heldFor']>; until: number } | null> {
    const t0 = now();
    if (t.network === 'instagram' && post.igAccountId) {
      const times = await usageTimes(db, post.igAccountId, 'ig-container', t0);
      const until = freesAt(times, containersNeeded(post), IG_CONTAINERS_PER_DAY, t0);
      return until > t0 ? { kind: 'ig-containers', until } : null;
    }
    if (t.network === 'facebook' && isFacebookReel(post)) {
      const until = freesAt(await usageTimes(db, post.accountId, 'fb-reel', t0), 1, FB_REELS_PER_DAY, t0);
      return until > t0 ? { kind: 'fb-reels', until } : null;
    }
    return null;
  }

  async function prepare(t: PublishTargetRow, gen: number) {
    const post = await getPost(db, t.postId);
    const timing = publishTiming(t, post, now());
    if (timing.kind === 'wait') {
      await updateTargetIf(db, t.id, ['queued'], { nextAttemptAt: timing.at, scheduleMode: 'local' });
      return;
    }
    const hold = post ? await limitHold(t, post) : null;
    if (hold) {
      await updateTargetIf(db, t.id, ['queued'], { nextAttemptAt: hold.until, heldFor: hold.kind });
      return;
    }
    const started = await moveTarget(db, t.id, 'prepare', {
      heldFor: undefined,
      scheduleMode: timing.mode,
      ...(timing.lateByMs ? { lateByMs: timing.lateByMs } : {}),
    });
    if (!started || !current(gen)) return;
    const job = await jobOf(started);
    if (!job) return;
    const o = await publisher.prepare(job);
    if (!current(gen)) return;
    if (o.status === 'ok') {
      if (o.value.containerId)
        await moveTarget(db, t.id, 'prepared', {
          containerId: o.value.containerId,
          preparedAt: now(),
          polls: 0,
          nextAttemptAt: now(),
        });
      else await moveTarget(db, t.id, 'preparedReady', { nextAttemptAt: now() });
      return;
    }
    // Preparing never makes anything live, so even a lost answer is safe to prepare again.
    await onFailure(
      started,
      o.status === 'ambiguous' ? { ...o, status: 'retryable', retryAfterMs: 0 } : o,
      'prepareAgain',
    );
  }

  async function poll(t: PublishTargetRow, gen: number) {
    const job = await jobOf(t);
    if (!job || !t.containerId)
      return void (await moveTarget(db, t.id, 'prepareAgain', { nextAttemptAt: now() }));
    const o = await publisher.status(job, t.containerId);
    if (!current(gen)) return;
    if (o.status !== 'ok') {
      // A read: any failure (including Meta's false 100/33 on a healthy container) means look again.
      if (o.status === 'auth') return onFailure(t, o, 'polled');
      await moveTarget(db, t.id, 'polled', {
        nextAttemptAt: now() + Math.max(POLL_MS, backoff(t.polls ?? 0)),
      });
      return;
    }
    const s = o.value;
    if (s.kind === 'finished') await moveTarget(db, t.id, 'finished', { nextAttemptAt: now() });
    else if (s.kind === 'published') await adopt(t, s.mediaId, job.scheduleAt !== undefined);
    else if (s.kind === 'error') await moveTarget(db, t.id, 'refused', { error: s.reason });
    else if (s.kind === 'expired')
      await moveTarget(db, t.id, 'prepareAgain', { containerId: undefined, nextAttemptAt: now() });
    else if ((t.polls ?? 0) + 1 >= MAX_POLLS)
      await moveTarget(db, t.id, 'refused', {
        error: 'Meta did not finish processing the files in 30 minutes. Try again, or use a smaller file.',
      });
    else await moveTarget(db, t.id, 'polled', { polls: (t.polls ?? 0) + 1, nextAttemptAt: now() + POLL_MS });
  }

  async function publish(t: PublishTargetRow, gen: number) {
    const at = (await getPost(db, t.postId))?.scheduleAt;
    if (t.scheduleMode === 'native' && at !== undefined && !nativeScheduleOk(at, now())) {
      // Too close for Facebook's window now (it waited offline): Duet publishes it at its time instead.
      await updateTargetIf(db, t.id, ['ready'], {
        scheduleMode: 'local',
        nextAttemptAt: Math.max(now(), at),
      });
      return;
    }
    if (t.containerId && t.network === 'instagram' && now() - (t.preparedAt ?? 0) > CONTAINER_USABLE_MS) {
      // Meta expires a container 24 h after it was made (Duet was closed that long): make a new one.
      await moveTarget(db, t.id, 'prepareAgain', { containerId: undefined, nextAttemptAt: now() });
      return;
    }
    const before = await jobOf(t);
    if (!before) return;
    // What the account's newest page holds before the attempt (a read: nothing goes live). A match found later must
    // be newer than all of it and not one of it, so reconciliation needs no clock; without it, Meta's clock is used.
    const pre = await publisher.recent(before);
    if (!current(gen)) return;
    const attemptAt = now();
    // Durably `publishing` before the call leaves: after a crash this row says the post may be live.
    const sending = await moveTarget(db, t.id, 'attempt', {
      attemptAt,
      ...floorBefore(pre, deliveryFloor(attemptAt, metaClock)),
      error: undefined,
      heldFor: undefined,
    });
    if (!sending || !current(gen)) return;
    const job = await jobOf(sending);
    if (!job) return;
    const o = await publisher.publish(job);
    // A reel that went out, or may have, counts toward the 30 a day (even if this queue was stopped meanwhile).
    if (
      t.network === 'facebook' &&
      isFacebookReel(job.post) &&
      (o.status === 'ok' || o.status === 'ambiguous')
    )
      await recordUsage(
        db,
        { kind: 'fb-reel', accountId: job.post.accountId, at: now(), targetId: t.id },
        now(),
      );
    if (!current(gen)) return;
    if (o.status === 'ok') await adopt(sending, o.value.mediaId, job.scheduleAt !== undefined);
    else if (o.status === 'ambiguous')
      await moveTarget(db, t.id, 'ambiguous', { error: o.reason, checks: 0, nextAttemptAt: now() });
    else await onFailure(sending, o, 'publishAgain');
  }

  /** It is live (or natively scheduled) with this id: the id goes to disk before anything else is fetched. */
  async function adopt(t: PublishTargetRow, mediaId: string | undefined, scheduled = false) {
    const taken = mediaId ? await ownerOfMedia(db, mediaId) : undefined;
    const id = taken && taken !== t.id ? undefined : mediaId;
    const done = await moveTarget(db, t.id, scheduled ? 'scheduledNative' : 'published', {
      ...(id ? { mediaId: id } : {}),
      ...(scheduled ? {} : { publishedAt: now() }),
      ...(id && !scheduled ? { linkPending: 1 as const } : {}),
      attempts: 0,
      error: undefined,
      nextAttemptAt: scheduled ? Math.max(now(), (await getPost(db, t.postId))?.scheduleAt ?? now()) : now(),
    });
    if (done) await dropFilesWhenDone(t.postId);
  }

  async function dropFilesWhenDone(postId: string) {
    const all = await targetsOf(db, postId);
    if (all.every((x) => x.state === 'published' || x.state === 'scheduled')) await dropBlobsOf(db, postId);
  }

  async function fetchLink(t: PublishTargetRow, gen: number) {
    const job = await jobOf(t);
    if (!job || !t.mediaId) return void (await moveTarget(db, t.id, 'linked', { linkPending: undefined }));
    const o = await publisher.fetchPublished(job, t.mediaId);
    if (!current(gen)) return;
    if (o.status === 'ok') {
      await putPublished(db, t.accountId, o.value, now());
      await moveTarget(db, t.id, 'linked', { linkPending: undefined, permalink: o.value.permalink });
      return;
    }
    if (o.status === 'auth') return onFailure(t, o, 'linked');
    // Never fails a live post: after the last try the poll brings the row and the permalink.
    const tries = (t.attempts ?? 0) + 1;
    await moveTarget(
      db,
      t.id,
      'linked',
      tries >= LINK_TRIES
        ? { linkPending: undefined }
        : { attempts: tries, nextAttemptAt: now() + backoff(tries) },
    );
  }

  async function watchSchedule(t: PublishTargetRow, gen: number) {
    const job = await jobOf(t);
    if (!job || !t.mediaId) return;
    const o = await publisher.scheduledState(job, t.mediaId);
    if (!current(gen)) return;
    if (o.status === 'ok' && o.value === 'live') await moveTarget(db, t.id, 'published', wentLive(now()));
    else if (o.status === 'ok' && o.value === 'gone')
      await moveTarget(db, t.id, 'scheduleGone', { error: 'The scheduled post was removed on Facebook.' });
    else if (o.status === 'auth') await onFailure(t, o, 'scheduledWait');
    else
      await moveTarget(db, t.id, 'scheduledWait', { nextAttemptAt: now() + Math.max(POLL_MS, backoff(2)) });
  }

  /**
   * Was an ambiguous publish live? What was prepared says so itself where it can: an Instagram container
   * (status_code PUBLISHED; FINISHED long after the attempt means it was not), a staged Facebook reel (its video id:
   * published or scheduled, or never finished; still processing cannot tell yet), a Facebook story (its photo or
   * video among the Page's stories). Otherwise the account's newest page is searched by caption and time.
   */
  async function reconcile(t: PublishTargetRow, gen: number) {
    const job = await jobOf(t);
    if (!job) return;
    let liveForSure = false;
    if (t.containerId && publisher.statusTellsLive(job)) {
      const o = await publisher.status(job, t.containerId);
      if (!current(gen)) return;
      if (o.status === 'auth') return onFailure(t, o, 'recheck');
      if (o.status !== 'ok') return recheckLater(t);
      const s = o.value;
      if (s.kind === 'published' && s.mediaId) return adopt(t, s.mediaId, job.scheduleAt !== undefined);
      if (s.kind === 'undecided') return recheckLater(t);
      if (s.kind === 'expired')
        return void (await moveTarget(db, t.id, 'notLiveExpired', {
          containerId: undefined,
          nextAttemptAt: now(),
        }));
      if (s.kind === 'error') return void (await moveTarget(db, t.id, 'refused', { error: s.reason }));
      if (s.kind !== 'published' && t.network === 'facebook' && job.post.kind === 'story')
        // Absent from the Page's stories after a lost answer: the list may lag, so no verdict — looked for again,
        // then left to the user, never published again on its own.
        return recheckLater(t, UNCONFIRMED_REASON.unseen);
      if (s.kind !== 'published') {
        if (now() - (t.attemptAt ?? 0) >= SETTLE_MS)
          return void (await moveTarget(db, t.id, 'notLive', { nextAttemptAt: now() }));
        return void (await moveTarget(db, t.id, 'recheck', {
          nextAttemptAt: (t.attemptAt ?? 0) + SETTLE_MS,
        }));
      }
      // PUBLISHED without the media id: live for sure; its id is looked up in the newest page.
      liveForSure = true;
    }
    const page = await publisher.recent(job);
    if (!current(gen)) return;
    if (page.status === 'auth') return onFailure(t, page, 'recheck');
    if (page.status !== 'ok') return liveForSure ? adopt(t, undefined) : recheckLater(t);
    if (page.value.clock) metaClock = page.value.clock;
    const floor = t.matchFrom ?? deliveryFloor(t.attemptAt ?? 0, page.value.clock);
    const owners = new Map<string, string | undefined>();
    for (const i of page.value.items) owners.set(i.id, await ownerOfMedia(db, i.id));
    const verdict = judgeDelivery({
      text: job.caption,
      floor,
      items: page.value.items.map((i) => ({
        id: i.id,
        fromPage: true,
        text: i.caption?.trim(),
        createdTime: i.createdTime,
      })),
      hasMore: page.value.hasMore,
      // Owned by another target, or already there before the attempt: not ours.
      taken: (id) => (!!owners.get(id) && owners.get(id) !== t.id) || !!t.preIds?.includes(id),
    });
    if (verdict.kind === 'found') return adopt(t, verdict.messageId, job.scheduleAt !== undefined);
    if (liveForSure) {
      // Live for sure (the container says PUBLISHED): without Meta's clock, the newest unowned item with its caption.
      const same = page.value.items.find((i) => i.caption?.trim() === job.caption && !owners.get(i.id));
      return adopt(t, floor === undefined ? same?.id : undefined);
    }
    // A Page's feed shows neither its stories nor a reel still processing: not finding one there proves nothing, so
    // it is looked for again and then left to the user — never published again on its own (the soak caught a reel
    // published twice and a live story taken for one that was not).
    if (verdict.kind === 'absent' && !unseenWhenAbsent(t, job))
      return void (await moveTarget(db, t.id, 'notLive', { nextAttemptAt: now() }));
    await recheckLater(t, UNCONFIRMED_REASON[verdict.kind === 'absent' ? 'unseen' : verdict.reason]);
  }

  /** A Facebook story or video: where Duet can look, its absence proves nothing (stories never show in the feed,
   *  the stories list may lag, a reel still processing is not listed). */
  function unseenWhenAbsent(t: PublishTargetRow, job: PublishJob): boolean {
    return t.network === 'facebook' && (job.post.kind === 'story' || job.post.kind === 'video');
  }

  async function recheckLater(t: PublishTargetRow, reason?: string) {
    const checks = (t.checks ?? 0) + 1;
    await moveTarget(db, t.id, 'recheck', {
      checks,
      // After a few looks that could not decide, it waits for the user (Check again / Publish again).
      nextAttemptAt: checks >= MAX_CHECKS ? Number.MAX_SAFE_INTEGER : now() + backoff(checks),
      ...(reason ? { error: reason } : {}),
    });
  }

  return async function step(t: PublishTargetRow, gen: number): Promise<void> {
    if (t.state === 'published') return fetchLink(t, gen);
    if (t.state === 'queued') return prepare(t, gen);
    if (t.state === 'processing') return poll(t, gen);
    if (t.state === 'ready') return publish(t, gen);
    if (t.state === 'unconfirmed') return reconcile(t, gen);
    if (t.state === 'scheduled') return watchSchedule(t, gen);
  };
}
