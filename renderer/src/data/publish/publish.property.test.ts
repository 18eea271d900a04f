// Model-based property test of the publish queue: random posts to one or both networks (text, photo, carousel,
// video — a staged Facebook reel whose video id is on disk before its finish —, story; now, natively scheduled on
// Facebook, locally scheduled on Instagram), random outcomes of every network call (ok,
// retryable, permanent, 190, ambiguous-but-went-live, ambiguous-and-did-not, a call that never answers because the
// renderer died), posts made elsewhere on the account, Meta's clock minutes off, containers expiring while the app
// is away, and crashes between any two steps (the queue and its database connection are dropped and a new one starts
// on the same data). The model: every target goes live at most once, ever; and each target ends published (live
// exactly once), scheduled (accepted once), failed with a reason (not live), or unconfirmed waiting for the user
// (live at most once); nothing is stuck once the network heals. Scheduled posts are also edited, rescheduled and
// cancelled along the way (every answer of Facebook's, lost ones included): a target cancelled here never goes live,
// none Facebook still has is missing here, and what went live carries the text and time the post row says.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DuetDb, type PublishNetwork } from '../db';
import { createFakeClock } from '../../test/inbox-fixtures';
import { createFakePublisher, type PublishAction, type ReadAction } from '../../test/publish-fixtures';
import { createPublishQueue, PublishRejection, type PublishQueue } from './queue';

type Op =
  | {
      kind: 'post';
      networks: PublishNetwork[];
      type: PostType;
      /** 0: now; 1: 20 min ahead; 2: just past Facebook's 10 min floor; 3: 29 days ahead. */
      schedule: 0 | 1 | 2 | 3;
      /** A video's length (a Facebook reel 3–90 s, a plain video longer) and the user's choice of the two. */
      long: boolean;
      fbVideoAs?: 'video' | 'reel' | undefined;
    }
  | { kind: 'tick' }
  | { kind: 'crash'; after: number; away: boolean }
  | { kind: 'noise'; network: PublishNetwork; count: number }
  | { kind: 'net'; up: boolean }
  | { kind: 'signin' }
  | { kind: 'change'; pick: number; action: 'edit' | 'reschedule' | 'cancel' };

type PostType = 'text' | 'photo' | 'photos' | 'video' | 'story';
const networksArb = fc.constantFrom<PublishNetwork[]>(['facebook', 'instagram'], ['facebook'], ['instagram']);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('post' as const),
      networks: networksArb,
      type: fc.constantFrom<PostType>('text', 'photo', 'photos', 'video', 'story', 'story'),
      schedule: fc.constantFrom(0 as const, 0 as const, 1 as const, 2 as const, 3 as const),
      long: fc.boolean(),
      fbVideoAs: fc.constantFrom(undefined, 'video' as const, 'reel' as const),
    }),
  },
  { weight: 5, arbitrary: fc.constant({ kind: 'tick' as const }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('crash' as const), after: fc.nat(15), away: fc.boolean() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('noise' as const),
      network: fc.constantFrom<PublishNetwork>('facebook', 'instagram'),
      count: fc.integer({ min: 1, max: 14 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('net' as const), up: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'signin' as const }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('change' as const),
      pick: fc.nat(30),
      action: fc.constantFrom('edit' as const, 'reschedule' as const, 'cancel' as const),
    }),
  },
);
const publishArb = fc.constantFrom<PublishAction>(
  'ok',
  'ok',
  'retryable',
  'permanent',
  'auth',
  'ambiguous-live',
  'ambiguous-lost',
  'hang-live',
  'hang-lost',
);
/** Facebook's answers to an edit or a cancel (the call always returns: a change is awaited by the user's dialog). */
const editArb = publishArb.filter((a) => a !== 'hang-live' && a !== 'hang-lost');
const readArb = fc.constantFrom<ReadAction>(
  'ok',
  'ok',
  'ok',
  'retryable',
  'ambiguous',
  'auth',
  'permanent',
  'hang',
);
// Meta's clock against the machine's: minutes, and a local clock set hours or a day wrong.
const skewArb = fc.constantFrom(
  0,
  -5 * 60_000,
  5 * 60_000,
  90_000,
  -1500,
  3 * 3600_000,
  -3 * 3600_000,
  26 * 3600_000,
);

const macrotask = () => new Promise((r) => setTimeout(r, 0));
const MIN = 60_000;
let run = 0;

async function check(
  ops: Op[],
  publishes: PublishAction[],
  reads: ReadAction[],
  seed: number,
  skew: number,
  edits: PublishAction[] = [],
) {
  const name = `publish-prop-${++run}`;
  const clock = createFakeClock();
  const publishPlan = [...publishes];
  const readPlan = [...reads];
  const editPlan = [...edits];
  let healed = false;
  const fake = createFakePublisher({
    now: clock.now,
    decidePublish: () => (healed ? 'ok' : (publishPlan.shift() ?? 'ok')),
    decideRead: () => (healed ? 'ok' : (readPlan.shift() ?? 'ok')),
    decideEdit: () => editPlan.shift() ?? 'ok',
  });
  fake.state.metaOffsetMs = skew;
  let rand = seed;
  const random = () => (rand = (rand * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  let ids = 0;
  let db = new DuetDb(name);
  await db.open();
  const make = () =>
    createPublishQueue({
      db,
      publisher: fake.publisher,
      now: clock.now,
      random,
      setTimer: clock.setTimer,
      newId: () => `p${run}-${++ids}`,
      isOnline: () => true,
      backoff: { baseMs: 100, capMs: 2000 },
    });
  let queue: PublishQueue = make();
  await queue.start();
  let hangsSeen = 0;

  const crash = async (away = false) => {
    queue.stop();
    clock.clear();
    db.close();
    if (away) {
      // The app stayed closed for a day: Meta expired every container that was not published.
      clock.advance(25 * 60 * MIN);
      fake.expireContainers();
    }
    db = new DuetDb(name);
    await db.open();
    queue = make();
    await queue.start();
    hangsSeen = fake.hangs();
  };
  const settle = async () => {
    for (let i = 0; i < 6; i++) {
      await Promise.race([queue.idle(), fake.nextHang()]);
      await macrotask();
      if (fake.hangs() > hangsSeen) await crash();
    }
  };

  const posts: string[] = [];
  /** Targets a cancel removed; posts whose edit Duet could not confirm either way (the text may differ there). */
  const cancelled = new Set<string>();
  const uncertain = new Set<string>();
  for (const op of ops) {
    switch (op.kind) {
      case 'post': {
        const n = posts.length;
        const media =
          op.type === 'text'
            ? []
            : op.type === 'video' || (op.type === 'story' && n % 2)
              ? [
                  {
                    id: `f${n}-0`,
                    name: 'clip.mp4',
                    mime: 'video/mp4',
                    kind: 'video' as const,
                    bytes: 5000,
                    width: 1080,
                    height: 1920,
                    durationMs: op.long ? 120_000 : 10_000,
                  },
                ]
              : Array.from({ length: op.type === 'photos' ? 3 : 1 }, (_, i) => ({
                  id: `f${n}-${i}`,
                  name: `f${i}.jpg`,
                  mime: 'image/jpeg',
                  kind: 'image' as const,
                  bytes: 1000,
                  width: 1080,
                  height: 1080,
                }));
        const networks = op.type === 'text' ? (['facebook'] as PublishNetwork[]) : op.networks;
        // A post the rules refuse (a 120 s video chosen as a Facebook reel) never enters the queue.
        const id = await queue
          .enqueue({
            accountId: 'page1',
            networks,
            kind: op.type,
            caption: `post ${n}`,
            media,
            blobs: new Map(media.map((m) => [m.id, new Blob(['x'])])),
            ...(op.schedule
              ? { scheduleAt: clock.now() + [0, 20 * MIN, 11 * MIN + 1000, 29 * 24 * 60 * MIN][op.schedule]! }
              : {}),
            ...(op.type === 'video' && op.fbVideoAs ? { fbVideoAs: op.fbVideoAs } : {}),
          })
          .catch((e: unknown) => {
            if (e instanceof PublishRejection) return undefined;
            throw e;
          });
        if (id) posts.push(id);
        break;
      }
      case 'tick':
        if (clock.pending()) clock.advance(clock.nextAt() - clock.now());
        break;
      case 'crash':
        for (let i = 0; i < op.after; i++) await macrotask();
        await crash(op.away);
        break;
      case 'noise':
        fake.noise(op.network, op.count);
        break;
      case 'net':
        fake.state.networkUp = op.up;
        break;
      case 'signin':
        fake.state.sessionActive = true;
        queue.resume();
        break;
      case 'change': {
        const id = posts[op.pick % Math.max(1, posts.length)];
        if (!id) break;
        const before = await db.publishTargets.where('postId').equals(id).toArray();
        const o =
          op.action === 'cancel'
            ? await queue.cancelScheduled(id)
            : await queue.editScheduled(
                id,
                op.action === 'edit'
                  ? { caption: `post ${id} edited ${clock.now()}` }
                  : { scheduleAt: clock.now() + 40 * MIN },
              );
        const gone =
          o.kind === 'done'
            ? before.filter((t) => !o.kept.includes(t.network))
            : 'cancelled' in o
              ? before.filter((t) => o.cancelled.includes(t.network))
              : [];
        if (op.action === 'cancel') for (const t of gone) cancelled.add(t.id);
        if (o.kind === 'unknown' && op.action !== 'cancel') uncertain.add(id);
        break;
      }
    }
    await settle();
  }

  // The network heals and the user is signed in: everything that can drain must drain.
  healed = true;
  fake.state.networkUp = true;
  fake.state.sessionActive = true;
  queue.resume();
  await settle();
  const busy = async () =>
    (await db.publishTargets.toArray()).filter(
      (t) =>
        ['queued', 'uploading', 'processing', 'ready', 'publishing', 'scheduled'].includes(t.state) ||
        t.linkPending === 1 ||
        (t.state === 'unconfirmed' && t.nextAttemptAt < Number.MAX_SAFE_INTEGER),
    );
  for (let i = 0; i < 300 && (await busy()).length; i++) {
    if (clock.pending()) clock.advance(Math.max(0, clock.nextAt() - clock.now()));
    else queue.kick();
    await settle();
  }

  expect((await busy()).map((t) => `${t.id}:${t.state}`)).toEqual([]);
  expect(fake.violations).toEqual([]);
  const targets = await db.publishTargets.toArray();
  for (const t of targets) {
    const live = fake.ledger.filter((e) => e.key === t.id);
    // Never twice, whatever happened.
    expect({ id: t.id, atMostOnce: live.length <= 1 }).toEqual({ id: t.id, atMostOnce: true });
    if (t.state === 'published' || t.state === 'scheduled') {
      expect({ id: t.id, live: live.length }).toEqual({ id: t.id, live: 1 });
      if (t.mediaId) expect(t.mediaId).toBe(live[0]!.mediaId);
    }
    if (t.state === 'failed') {
      expect({ id: t.id, live: live.length }).toEqual({ id: t.id, live: 0 });
      expect(t.error).toBeTruthy();
    }
    if (t.state === 'unconfirmed') expect(t.error).toBeTruthy();
  }
  // A cancelled target never went live, and has no row; everything that went live has one (none Facebook still had
  // was taken for cancelled).
  for (const id of cancelled) {
    expect({ id, live: fake.ledger.filter((e) => e.key === id).length }).toEqual({ id, live: 0 });
    expect(await db.publishTargets.get(id)).toBeUndefined();
  }
  for (const e of fake.ledger.filter((x) => !x.key.startsWith('other-')))
    expect({ key: e.key, row: !!(await db.publishTargets.get(e.key)) }).toEqual({ key: e.key, row: true });
  // What went live carries the text the post row says, and a native schedule went live at the row's time.
  for (const t of targets) {
    const post = await db.publishPosts.get(t.postId);
    const live = fake.ledger.find((e) => e.key === t.id);
    if (!post || !live || uncertain.has(t.postId)) continue;
    const words = (post.overrides[t.network] ?? post.caption).trim();
    expect({ id: t.id, caption: live.caption }).toEqual({ id: t.id, caption: words });
    if (t.scheduleMode === 'native' && post.scheduleAt !== undefined)
      expect({ id: t.id, at: live.liveAt }).toEqual({ id: t.id, at: post.scheduleAt + skew });
  }
  // None lost: every post still has its targets, but for those cancelled.
  for (const id of posts) {
    const rows = await db.publishTargets.where('postId').equals(id).count();
    const dropped = [...cancelled].filter((k) => k.startsWith(`${id}|`)).length;
    expect({ id, lost: rows === 0 && dropped === 0 }).toEqual({ id, lost: false });
  }
  queue.stop();
  db.close();
  await db.delete();
}

describe('publish queue state machine (property)', () => {
  it('publishes every target at most once and leaves none lost or stuck, across faults and crashes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(opArb, { minLength: 1, maxLength: 25 }),
        fc.array(publishArb, { maxLength: 25 }),
        fc.array(readArb, { maxLength: 40 }),
        fc.integer({ min: 1, max: 2 ** 30 }),
        skewArb,
        fc.array(editArb, { maxLength: 10 }),
        check,
      ),
      {
        numRuns: 60,
        // Changes to a scheduled cross-post that random runs reach only now and then: each of Facebook's answers.
        examples: (['permanent', 'ambiguous-lost', 'ambiguous-live', 'retryable'] as const).flatMap(
          (answer) =>
            (['edit', 'reschedule', 'cancel'] as const).map(
              (action): [Op[], PublishAction[], ReadAction[], number, number, PublishAction[]] => [
                [
                  {
                    kind: 'post',
                    networks: ['facebook', 'instagram'],
                    type: 'photo',
                    schedule: 1,
                    long: false,
                  },
                  { kind: 'tick' },
                  { kind: 'change', pick: 0, action },
                ],
                [],
                [],
                1,
                0,
                [answer],
              ],
            ),
        ),
        ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED), path: process.env.FC_PATH } : {}),
      },
    );
  }, 300_000);
});
