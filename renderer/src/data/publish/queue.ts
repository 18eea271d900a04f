// The publish queue's public API. Meta's publish calls have no idempotency key, so "never publish twice" rests on
// three rules: 1. `publishing` (with its attempt time) is on disk BEFORE the publish call leaves, the container /
// video id before it is polled and the media id before the permalink fetch, so a crash resumes rather than repeats;
// 2. an ambiguous outcome is `unconfirmed` and reconciled (./steps.ts) before anything may be retried; 3. one target
// in flight per account. The pieces: ./states.ts (the table), ./steps.ts (each state's work), ./timing.ts (who
// publishes when), ./schedule-edit.ts (changing a scheduled post until it fires), ../queue/serial-runner.ts (one
// worker per account), repos/publish.ts (storage).
import { resolveQueueEnv, type QueueEnv } from '../queue/env';
import {
  checkTarget,
  fbVideoAsFor,
  type FbVideoAs,
  type RuleContext,
} from '../../../../shared/publish/rules';
import {
  type DuetDb,
  type PublishBlobRow,
  type PublishMediaItem,
  type PublishNetwork,
  type PublishPostRow,
  type PublishTargetRow,
} from '../db';
import { fullJitterBackoff } from '../queue/backoff';
import { createRunner, headOfRows } from '../queue/serial-runner';
import { createQueueLock } from '../queue/web-lock';
import { deletePostIf, linkPendingTargets, moveAllTargets, savePost, targetsIn } from '../repos/publish';
import { limitCounts } from '../repos/publish-usage';
import { type SessionPausable, type SessionPause } from '../session-gate';
import { type Publisher } from './publisher';
import { EDITABLE_STATES, TRANSITIONS, WORK_STATES } from './states';
import { createScheduleEdits, type ScheduleEdit, type ScheduleOutcome } from './schedule-edit';
import { createSteps, moveTarget } from './steps';

/** A post as the composer hands it over. */
export interface PostInput {
  /** Absent for a new post; a draft's or a not yet started post's id to replace it. */
  id?: string;
  accountId: string;
  igAccountId?: string;
  networks: PublishNetwork[];
  kind: PublishPostRow['kind'];
  caption: string;
  overrides?: Partial<Record<PublishNetwork, string>>;
  link?: string;
  media: PublishMediaItem[];
  /** The bytes of new or changed files, by media id (files already stored are kept). */
  blobs?: ReadonlyMap<string, Blob>;
  scheduleAt?: number;
  /** A video on Facebook: the user's choice of plain video or reel (absent: whatever fits its length). */
  fbVideoAs?: FbVideoAs;
}

/** Thrown when Meta would refuse the post (the problems in words); nothing was written. */
export class PublishRejection extends Error {
  constructor(readonly problems: Array<{ network: PublishNetwork; message: string }>) {
    super(problems.map((p) => p.message).join(' '));
    this.name = 'PublishRejection';
  }
}

/** The publish queue (one per open store). */
export interface PublishQueue extends SessionPausable {
  /** Saves a draft (nothing is sent); returns its id. */
  saveDraft(input: PostInput): Promise<string>;
  /** Checks the post against the rules, then queues every target in one strict transaction; returns its id. */
  enqueue(input: PostInput, ctx?: Omit<RuleContext, 'now'>): Promise<string>;
  /** Puts a failed target back in the queue (Retry). */
  retry(targetId: string): Promise<void>;
  /** Looks for an unconfirmed target on the network again (Check again). */
  checkAgain(targetId: string): Promise<void>;
  /** Publishes an unconfirmed target again, after the user confirmed it may appear twice. */
  publishAnyway(targetId: string): Promise<void>;
  /** Deletes a draft, or a post none of whose targets has started; false when one has. */
  cancel(postId: string): Promise<boolean>;
  /** Changes the text and/or time of a scheduled post on every network still waiting (./schedule-edit.ts). */
  editScheduled(postId: string, change: ScheduleEdit): Promise<ScheduleOutcome>;
  /** Cancels a scheduled post on every network still waiting (./schedule-edit.ts). */
  cancelScheduled(postId: string): Promise<ScheduleOutcome>;
  start(): Promise<void>;
  stop(): void;
  kick(): void;
  idle(): Promise<void>;
  pausedReason(): SessionPause | null;
}

/** What the queue needs; time, randomness and timers are injectable for tests (queue/env.ts). */
export interface PublishQueueDeps extends QueueEnv {
  db: DuetDb;
  publisher: Publisher;
  newId?: () => string;
}

/** Creates the queue over the given database and publisher. Call `start()` to begin. */
export function createPublishQueue(deps: PublishQueueDeps): PublishQueue {
  const { db, publisher } = deps;
  const env = resolveQueueEnv(deps, { baseMs: 2000, capMs: 5 * 60_000 });
  const { now, setTimer, isOnline } = env;
  const tuning = env.backoff;
  const newId = deps.newId ?? (() => crypto.randomUUID());
  const backoff = fullJitterBackoff(env.random, tuning);
  let paused: SessionPause | null = null;
  const lock = createQueueLock(deps.useWebLock ? `duet-publish:${db.name}` : null);
  const sessionLost = new Set<() => void>();

  const before = (a: PublishTargetRow, b: PublishTargetRow) =>
    a.nextAttemptAt < b.nextAttemptAt || (a.nextAttemptAt === b.nextAttemptAt && a.seq < b.seq);
  const pending = async () => [...(await targetsIn(db, WORK_STATES)), ...(await linkPendingTargets(db))];
  // One worker per account: one target in flight at a time, the earliest due first.
  const runner = createRunner<PublishTargetRow>({
    now,
    setTimer,
    baseMs: tuning.baseMs,
    canWork: () => !paused && isOnline(),
    pending,
    laneOf: (t) => t.accountId,
    before,
    dueAt: (t) => t.nextAttemptAt,
    headOf: async (accountId) =>
      headOfRows(
        (await pending()).filter((t) => t.accountId === accountId),
        before,
      ),
    step: (t, gen) => step(t, gen),
  });
  const step = createSteps({ db, publisher, now, backoff, current: runner.current, pauseFor });
  const kick = () => runner.kick();
  const scheduled = createScheduleEdits({ db, publisher, now, kick });

  function pauseFor(reason: SessionPause) {
    paused = reason;
    for (const l of [...sessionLost]) l();
  }

  function rowsOf(input: PostInput, id: string, draft: boolean): [PublishPostRow, PublishBlobRow[]] {
    const t = now();
    const post: PublishPostRow = {
      id,
      accountId: input.accountId,
      ...(input.igAccountId ? { igAccountId: input.igAccountId } : {}),
      kind: input.kind,
      caption: input.caption,
      overrides: input.overrides ?? {},
      ...(input.link ? { link: input.link } : {}),
      media: input.media,
      ...(input.scheduleAt !== undefined ? { scheduleAt: input.scheduleAt } : {}),
      ...(input.kind === 'video' ? { fbVideoAs: fbVideoAsFor(input.fbVideoAs, input.media) } : {}),
      draft: draft ? 1 : 0,
      createdAt: t,
      updatedAt: t,
    };
    const blobs = [...(input.blobs ?? new Map<string, Blob>())].map(([mediaId, blob]) => ({
      id: mediaId,
      postId: id,
      blob,
    }));
    return [post, blobs];
  }

  async function write(input: PostInput, draft: boolean): Promise<string> {
    const id = input.id ?? newId();
    const [post, blobs] = rowsOf(input, id, draft);
    const t = now();
    const targets = input.networks.map((network) => ({
      network,
      state: draft ? ('draft' as const) : ('queued' as const),
      attempts: 0,
      nextAttemptAt: t,
    }));
    // A draft save only ever replaces a draft: one still on its way from the composer (saved as the user typed)
    // must never turn a post that was just queued back into a draft.
    const ok = await savePost(db, post, targets, blobs, draft ? ['draft'] : EDITABLE_STATES);
    if (ok) return id;
    if (draft) {
      const states = (await db.publishTargets.where('postId').equals(id).toArray()).map((t) => t.state);
      // Queued or failed (not started): Publish saves the changes; there is no draft to keep.
      if (states.every((st) => (EDITABLE_STATES as readonly string[]).includes(st))) return id;
    }
    throw new PublishRejection([{ network: input.networks[0] ?? 'facebook', message: STARTED }]);
  }

  return {
    saveDraft: (input) => write(input, true),

    async enqueue(input, ctx = {}) {
      const t = now();
      // The daily limits Duet counts itself are read here, whatever the caller passed: the same rules as the composer.
      const counts = await limitCounts(db, input.accountId, input.igAccountId, t);
      const problems = input.networks.flatMap((network) =>
        checkTarget(
          network,
          {
            kind: input.kind,
            caption: input.overrides?.[network] ?? input.caption,
            link: input.link,
            media: input.media,
            scheduleAt: input.scheduleAt,
            fbVideoAs: input.fbVideoAs,
          },
          { ...ctx, ...counts, now: t },
        ).map((p) => ({ network, message: p.message })),
      );
      if (!input.networks.length) problems.push({ network: 'facebook', message: 'Choose where to post.' });
      if (problems.length) throw new PublishRejection(problems);
      const id = await write(input, false);
      kick();
      return id;
    },

    async retry(targetId) {
      await moveTarget(db, targetId, 'retry', { error: undefined, attempts: 0, nextAttemptAt: now() });
      kick();
    },
    async checkAgain(targetId) {
      await moveTarget(db, targetId, 'checkAgain', { checks: 0, nextAttemptAt: now() });
      kick();
    },
    async publishAnyway(targetId) {
      // The user decided, knowing it may appear twice: a fresh attempt with a new container.
      await moveTarget(db, targetId, 'publishAnyway', {
        error: undefined,
        attempts: 0,
        containerId: undefined,
        nextAttemptAt: now(),
      });
      kick();
    },
    cancel: (postId) => deletePostIf(db, postId, EDITABLE_STATES),
    editScheduled: (postId, change) => scheduled.edit(postId, change),
    cancelScheduled: (postId) => scheduled.cancel(postId),

    async start() {
      if (runner.running) return;
      // Only once this tab holds the store's lock, and after what a crash left is reconciled, does the runner start:
      // until then a kick does nothing (a tab waiting for the lock never publishes another tab's post).
      const live = await lock.acquire();
      if (!live || runner.running) return;
      // A crash (or reload) mid-step: an upload is simply redone; a publish call's fate is unknown.
      await moveAllTargets(db, 'publishing', TRANSITIONS.interrupted.to, now());
      await moveAllTargets(db, 'uploading', TRANSITIONS.interruptedPrepare.to, now());
      if (!live()) return;
      const gen = runner.start();
      if (!runner.current(gen)) return;
      lock.kickWhenOnline(kick);
      kick();
    },
    stop() {
      runner.stop();
      lock.release();
    },
    pause(reason) {
      paused = reason;
    },
    resume() {
      paused = null;
      kick();
    },
    onSessionLost(listener) {
      sessionLost.add(listener);
      return () => void sessionLost.delete(listener);
    },
    kick,
    idle: () => runner.idle(),
    pausedReason: () => paused,
  };
}

const STARTED = 'Duet has started publishing this post, so it can no longer be changed here.';
