// A fake network for the publish queue's tests: Instagram containers with their state machine, Facebook posts
// (native schedules included), staged Facebook reels and story media that say themselves whether they went live
// (a reel reads "still processing", undecided, once after its finish), and a ledger of what went live. Each write answers as the test's plan says: ok,
// retryable, permanent, 190, ambiguous-but-went-live, ambiguous-and-did-not, or never (the renderer died mid-call).
import { type DuetDb, type PublishNetwork } from '../data/db';
import { createPublishQueue, type PublishQueue } from '../data/publish/queue';
import { type createFakeClock } from './inbox-fixtures';
import {
  type ContainerStatus,
  type Outcome,
  type PublishJob,
  type Publisher,
  type RecentPage,
} from '../data/publish/publisher';

/** How the fake answers one publish call. */
export type PublishAction =
  'ok' | 'retryable' | 'permanent' | 'auth' | 'ambiguous-live' | 'ambiguous-lost' | 'hang-live' | 'hang-lost';

/** How the fake answers one prepare / read call. */
export type ReadAction = 'ok' | 'retryable' | 'ambiguous' | 'auth' | 'permanent' | 'hang';

/** One post that went live (or was natively scheduled) on the fake network. */
export interface LiveEntry {
  key: string;
  network: PublishNetwork;
  mediaId: string;
  caption: string;
  /** Meta's time. */
  createdTime: number;
  /** A native schedule goes live then (Meta's time). */
  liveAt: number;
  /** Not in the account's newest posts (a Facebook story: the Page's feed never lists one). */
  unlisted?: true;
}

const PAGE = 10;

/** Creates the fake; `decide*` pick each call's answer. */
export function createFakePublisher(opts: {
  now: () => number;
  decidePublish: () => PublishAction;
  decideRead: () => ReadAction;
  /** How a scheduled post's edit or cancel answers (`ok` unless given): `ambiguous-live` = done, answer lost. */
  decideEdit?: () => PublishAction;
}) {
  const state = { metaOffsetMs: 0, networkUp: true, sessionActive: true };
  const ledger: LiveEntry[] = [];
  const violations: string[] = [];
  const containers = new Map<
    string,
    {
      key: string;
      network: PublishNetwork;
      status: 'IN_PROGRESS' | 'FINISHED' | 'PUBLISHED' | 'EXPIRED';
      mediaId?: string;
      polls: number;
      /** Reads left that answer "undecided" (a Facebook reel processing after its finish). */
      undecided?: number;
    }
  >();
  let ids = 0;
  let hangs = 0;
  let hangWaiters: Array<() => void> = [];
  const metaNow = () => opts.now() + state.metaOffsetMs;
  const keyOf = (job: PublishJob) => job.target.id;

  const hang = <T>(): Promise<T> => {
    hangs++;
    const w = hangWaiters;
    hangWaiters = [];
    w.forEach((f) => f());
    return new Promise<T>(() => undefined);
  };
  const fail = (a: ReadAction | PublishAction): Exclude<Outcome<never>, { status: 'ok' }> => {
    if (a === 'auth') return { status: 'auth', reason: 'Session expired.' };
    if (a === 'permanent') return { status: 'permanent', reason: 'Meta refused it.' };
    if (a === 'ambiguous' || a === 'ambiguous-live' || a === 'ambiguous-lost')
      return { status: 'ambiguous', reason: 'No answer.' };
    return { status: 'retryable', reason: 'Try later.', retryAfterMs: 0 };
  };
  /** The network or the session refuses before anything happens. */
  const gate = (): Exclude<Outcome<never>, { status: 'ok' }> | null => {
    if (!state.networkUp) return { status: 'retryable', reason: 'Offline.', retryAfterMs: 0 };
    if (!state.sessionActive) return { status: 'auth', reason: 'Session expired.' };
    return null;
  };

  function goLive(job: PublishJob, containerId?: string): string {
    const mediaId = `m${++ids}`;
    const t = metaNow();
    ledger.push({
      key: keyOf(job),
      network: job.target.network,
      mediaId,
      caption: job.caption,
      createdTime: t,
      liveAt: job.scheduleAt !== undefined ? job.scheduleAt + state.metaOffsetMs : t,
      ...(job.target.network === 'facebook' && job.post.kind === 'story' ? { unlisted: true as const } : {}),
    });
    if (containerId) {
      const c = containers.get(containerId);
      if (c) Object.assign(c, { status: 'PUBLISHED', mediaId, undecided: job.post.kind === 'video' ? 1 : 0 });
    }
    return mediaId;
  }

  /** An edit or a cancel of a scheduled post, answered as `decideEdit` says (`ambiguous-live`: done, answer lost). */
  async function changeScheduled(postId: string, apply: (e: LiveEntry) => void): Promise<Outcome<null>> {
    const g = gate();
    if (g) return g;
    const a = opts.decideEdit?.() ?? 'ok';
    if (a === 'hang-live' || a === 'hang-lost') return hang();
    if (a !== 'ok' && a !== 'ambiguous-live') return fail(a);
    const e = ledger.find((x) => x.mediaId === postId);
    if (!e || e.liveAt <= metaNow()) return { status: 'permanent', reason: 'This post is not scheduled.' };
    apply(e);
    return a === 'ok' ? { status: 'ok', value: null } : fail(a);
  }

  const publisher: Publisher = {
    async prepare(job) {
      const g = gate();
      if (g) return g;
      const a = opts.decideRead();
      if (a === 'hang') return hang();
      if (a === 'permanent' || a === 'retryable' || a === 'auth') return fail(a);
      if (job.target.network === 'facebook' && job.post.kind === 'text') return { status: 'ok', value: {} };
      const containerId = `c${++ids}`;
      containers.set(containerId, {
        key: keyOf(job),
        network: job.target.network,
        status: 'IN_PROGRESS',
        polls: 0,
      });
      if (a === 'ambiguous') return fail(a);
      return { status: 'ok', value: { containerId } };
    },
    async status(job, containerId) {
      const g = gate();
      if (g) return g;
      const a = opts.decideRead();
      if (a === 'hang') return hang();
      // Meta's false 100/33 on a healthy container: a read that failed, never a verdict.
      if (a !== 'ok') return fail(a === 'permanent' ? 'retryable' : a);
      const c = containers.get(containerId);
      if (!c || c.key !== keyOf(job))
        return { status: 'ok', value: { kind: 'error', reason: 'Unknown container.' } };
      if (c.status === 'IN_PROGRESS' && ++c.polls >= 2) c.status = 'FINISHED';
      if (c.undecided) {
        c.undecided--;
        return { status: 'ok', value: { kind: 'undecided' } };
      }
      const map: Record<string, ContainerStatus> = {
        IN_PROGRESS: { kind: 'in-progress' },
        FINISHED: { kind: 'finished' },
        EXPIRED: { kind: 'expired' },
        PUBLISHED: { kind: 'published', ...(c.mediaId ? { mediaId: c.mediaId } : {}) },
      };
      return { status: 'ok', value: map[c.status]! };
    },
    statusTellsLive(job) {
      return job.target.network === 'instagram' || job.post.kind === 'video' || job.post.kind === 'story';
    },
    async publish(job) {
      const g = gate();
      if (g) return g;
      const containerId = job.target.containerId;
      const c = containerId ? containers.get(containerId) : undefined;
      // Publishing a container that is not FINISHED is a queue bug (Meta refuses it); a PUBLISHED one goes live
      // again here, so a second publish shows in the ledger.
      if (containerId && c?.status !== 'FINISHED' && c?.status !== 'PUBLISHED') {
        violations.push(`published ${containerId} while ${c?.status ?? 'unknown'}`);
        return { status: 'permanent', reason: 'The container is not ready.' };
      }
      const a = opts.decidePublish();
      if (a === 'hang-live') {
        goLive(job, containerId);
        return hang();
      }
      if (a === 'hang-lost') return hang();
      if (a === 'ok' || a === 'ambiguous-live') {
        const mediaId = goLive(job, containerId);
        return a === 'ok' ? { status: 'ok', value: { mediaId } } : fail(a);
      }
      return fail(a);
    },
    async fetchPublished(job, mediaId) {
      const g = gate();
      if (g) return g;
      const a = opts.decideRead();
      if (a === 'hang') return hang();
      if (a !== 'ok') return fail(a);
      const e = ledger.find((x) => x.mediaId === mediaId);
      if (!e) return { status: 'permanent', reason: 'Not found.' };
      return { status: 'ok', value: { permalink: `https://example.test/${mediaId}` } };
    },
    async recent(job) {
      const g = gate();
      if (g) return g;
      const a = opts.decideRead();
      if (a === 'hang') return hang();
      if (a !== 'ok') return fail(a === 'permanent' ? 'retryable' : a);
      // A native schedule is looked up in the pending scheduled posts; once its time has (nearly) come, in the feed
      // too, where Facebook moves it when it goes live (as the bridge publisher reads them).
      const scheduled = job.scheduleAt !== undefined;
      const due = !scheduled || job.scheduleAt! - 10 * 60_000 <= opts.now();
      const all = ledger
        .filter(
          (e) =>
            e.network === job.target.network &&
            !e.unlisted &&
            ((scheduled && e.liveAt > metaNow()) || (due && e.liveAt <= metaNow())),
        )
        .sort((x, y) => y.createdTime - x.createdTime);
      const page: RecentPage = {
        items: all
          .slice(0, PAGE)
          .map((e) => ({ id: e.mediaId, caption: e.caption, createdTime: e.createdTime })),
        hasMore: all.length > PAGE,
        clock: { offsetMs: state.metaOffsetMs, toleranceMs: 1000 },
      };
      return { status: 'ok', value: page };
    },
    // A natively scheduled post is a ledger entry whose liveAt is still ahead (Meta's time).
    updateScheduled: (ref, change) =>
      changeScheduled(ref.postId, (e) => {
        if (change.message !== undefined) e.caption = change.message;
        if (change.scheduledAt !== undefined) e.liveAt = change.scheduledAt + state.metaOffsetMs;
      }),
    cancelScheduled: (ref) => changeScheduled(ref.postId, (e) => void ledger.splice(ledger.indexOf(e), 1)),
    async readScheduled(ref) {
      const g = gate();
      if (g) return g;
      const a = opts.decideRead();
      if (a === 'hang') return hang();
      if (a !== 'ok') return fail(a === 'permanent' ? 'retryable' : a);
      const e = ledger.find((x) => x.mediaId === ref.postId);
      if (!e) return { status: 'ok', value: { state: 'gone' } };
      if (e.liveAt <= metaNow()) return { status: 'ok', value: { state: 'live' } };
      return {
        status: 'ok',
        value: { state: 'pending', message: e.caption, scheduledAt: e.liveAt - state.metaOffsetMs },
      };
    },
    async scheduledState(job, mediaId) {
      const g = gate();
      if (g) return g;
      const e = ledger.find((x) => x.mediaId === mediaId);
      if (!e) return { status: 'ok', value: 'gone' };
      return { status: 'ok', value: e.liveAt <= metaNow() ? 'live' : 'pending' };
    },
  };

  return {
    publisher,
    state,
    ledger,
    violations,
    /** Another post appears on the account (made elsewhere): the newest page reaches back less far. */
    noise(network: PublishNetwork, count: number) {
      for (let i = 0; i < count; i++)
        ledger.push({
          key: `other-${++ids}`,
          network,
          mediaId: `o${ids}`,
          caption: `someone else ${ids}`,
          createdTime: metaNow(),
          liveAt: metaNow(),
        });
    },
    /** Every Instagram container older than Meta's 24 h is EXPIRED (the app was away a long time). */
    expireContainers() {
      for (const c of containers.values())
        if (c.network === 'instagram' && c.status !== 'PUBLISHED') c.status = 'EXPIRED';
    },
    hangs: () => hangs,
    nextHang: () => new Promise<void>((r) => hangWaiters.push(r)),
  };
}

/** The publish queue the unit tests drive: the fake clock's time and timers, no jitter, short backoff, online. */
export function createTestPublishQueue(
  db: DuetDb,
  publisher: Publisher,
  clock: ReturnType<typeof createFakeClock>,
  newId: () => string,
): PublishQueue {
  return createPublishQueue({
    db,
    publisher,
    now: clock.now,
    random: () => 0.5,
    setTimer: clock.setTimer,
    newId,
    isOnline: () => true,
    backoff: { baseMs: 100, capMs: 1000 },
  });
}
