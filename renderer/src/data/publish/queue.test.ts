// The publish queue's rules one at a time (the property test covers their combinations): local schedules fire late
// after a restart and say so; a native schedule that became too close goes to Duet's own schedule; an unconfirmed
// Facebook post is never republished without proof; a published post lands in the feed once even when the poll
// brings it too; the rules refuse before anything is written.
import { afterEach, describe, expect, it } from 'vitest';
import { type Post } from '../../../../shared/models';
import { DuetDb } from '../db';
import { writePostPage } from '../repos/content';
import { createFakeClock } from '../../test/inbox-fixtures';
import {
  createFakePublisher,
  createTestPublishQueue,
  type PublishAction,
  type ReadAction,
} from '../../test/publish-fixtures';
import { PublishRejection, type PostInput } from './queue';
import { MAX_CHECKS } from './steps';

const MIN = 60_000;
let n = 0;
const dbs: DuetDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) {
    db.close();
    await db.delete();
  }
});

function setup(plan: PublishAction[] = [], opts: { edits?: PublishAction[]; reads?: () => ReadAction } = {}) {
  const clock = createFakeClock();
  const fake = createFakePublisher({
    now: clock.now,
    decidePublish: () => plan.shift() ?? 'ok',
    decideRead: opts.reads ?? (() => 'ok'),
    decideEdit: () => opts.edits?.shift() ?? 'ok',
  });
  const name = `publish-queue-${++n}`;
  const open = async () => {
    const db = new DuetDb(name);
    dbs.push(db);
    await db.open();
    const queue = createTestPublishQueue(db, fake.publisher, clock, () => `post-${n}`);
    await queue.start();
    return { db, queue };
  };
  return { clock, fake, open };
}

const photo = (over: Partial<PostInput> = {}): PostInput => ({
  accountId: 'page1',
  networks: ['facebook', 'instagram'],
  kind: 'photo',
  caption: 'Lavender candles are back',
  media: [
    { id: 'f1', name: 'a.jpg', mime: 'image/jpeg', kind: 'image', bytes: 10, width: 1080, height: 1080 },
  ],
  blobs: new Map([['f1', new Blob(['x'])]]),
  ...over,
});

/** Runs timers and work until nothing is pending (or `limit` rounds, or the next timer is at `until` or later). */
async function drain(
  clock: ReturnType<typeof createFakeClock>,
  queue: { idle(): Promise<void> },
  limit = 50,
  until = Infinity,
) {
  for (let i = 0; i < limit; i++) {
    await queue.idle();
    await new Promise((r) => setTimeout(r, 0));
    if (!clock.pending() || clock.nextAt() >= until) break;
    clock.advance(Math.max(0, clock.nextAt() - clock.now()));
  }
  await queue.idle();
}

describe('publish queue', () => {
  it('fires a local Instagram schedule after a restart, late, and says how late', async () => {
    const { clock, fake, open } = setup();
    const first = await open();
    await first.queue.enqueue(photo({ networks: ['instagram'], scheduleAt: clock.now() + 30 * MIN }));
    await first.queue.idle();
    expect(fake.ledger).toEqual([]);
    // Duet is closed for two hours: no timer survives.
    first.queue.stop();
    first.db.close();
    clock.clear();
    clock.advance(2 * 60 * MIN);
    const second = await open();
    await drain(clock, second.queue);
    expect(fake.ledger.map((e) => e.key)).toEqual(['post-1|instagram']);
    const t = await second.db.publishTargets.get('post-1|instagram');
    expect(t?.state).toBe('published');
    expect(t?.scheduleMode).toBe('local');
    expect(Math.round((t?.lateByMs ?? 0) / MIN)).toBe(90);
  });

  it('hands Facebook a native schedule, and publishes locally when it waited too long to still be in Meta’s window', async () => {
    const { clock, fake, open } = setup(['retryable']);
    const { db, queue } = await open();
    await queue.enqueue(
      photo({ id: 'p', networks: ['facebook'], kind: 'text', media: [], scheduleAt: clock.now() + 20 * MIN }),
    );
    // The first publish attempt is throttled; by the time the backoff has passed, Meta's window has closed.
    await queue.idle();
    clock.advance(15 * MIN);
    await drain(clock, queue);
    const t = await db.publishTargets.get('p|facebook');
    expect(t?.scheduleMode).toBe('local');
    expect(fake.ledger).toHaveLength(1);
    // It went out at its time, not before.
    expect(fake.ledger[0]!.createdTime).toBeGreaterThanOrEqual(clock.now() - 5 * MIN - 1);
    expect(t?.state).toBe('published');
  });

  it('never republishes an unconfirmed Facebook post when the newest page cannot prove it is not live', async () => {
    const { clock, fake, open } = setup(['ambiguous-lost']);
    const { db, queue } = await open();
    // Right after the attempt, more posts than the newest page holds appear (made elsewhere): the page no longer
    // reaches back to the attempt.
    const publish = fake.publisher.publish.bind(fake.publisher);
    fake.publisher.publish = async (job) => {
      const r = await publish(job);
      fake.noise('facebook', 12);
      return r;
    };
    await queue.enqueue(photo({ id: 'p', networks: ['facebook'], kind: 'text', media: [] }));
    await drain(clock, queue, 200);
    const t = await db.publishTargets.get('p|facebook');
    expect(t?.state).toBe('unconfirmed');
    expect(t?.checks).toBe(MAX_CHECKS);
    expect(t?.error).toMatch(/Check the account on Facebook or Instagram/);
    expect(fake.ledger.filter((e) => e.key === 'p|facebook')).toHaveLength(0);
    // Publish again is the user's decision.
    await queue.publishAnyway('p|facebook');
    await drain(clock, queue);
    expect(fake.ledger.filter((e) => e.key === 'p|facebook')).toHaveLength(1);
  });

  it('an unconfirmed Facebook story is found among the Page’s stories, never by the feed (which lists none)', async () => {
    // Live behind a lost answer: found by the photo it was made from, adopted, published once.
    const live = setup(['ambiguous-live']);
    const a = await live.open();
    await a.queue.enqueue(photo({ id: 'p', networks: ['facebook'], kind: 'story', caption: '' }));
    await drain(live.clock, a.queue, 200);
    expect((await a.db.publishTargets.get('p|facebook'))?.state).toBe('published');
    expect(live.fake.ledger.filter((e) => e.key === 'p|facebook')).toHaveLength(1);
    // Not live: not listed proves nothing for sure, so it is left to the user — never published again on its own.
    const lost = setup(['ambiguous-lost']);
    const b = await lost.open();
    await b.queue.enqueue(photo({ id: 'q', networks: ['facebook'], kind: 'story', caption: '' }));
    await drain(lost.clock, b.queue, 200);
    const t = await b.db.publishTargets.get('q|facebook');
    expect(t?.state).toBe('unconfirmed');
    expect(t?.nextAttemptAt).toBe(Number.MAX_SAFE_INTEGER);
    expect(lost.fake.ledger.filter((e) => e.key === 'q|facebook')).toHaveLength(0);
  });

  it('adopts a post that went live behind an ambiguous answer instead of publishing it again', async () => {
    const { clock, fake, open } = setup(['ambiguous-live', 'ambiguous-live']);
    fake.state.metaOffsetMs = -3 * MIN;
    const { db, queue } = await open();
    await queue.enqueue(photo({ id: 'p' }));
    await drain(clock, queue, 200);
    expect(fake.ledger.map((e) => e.key).sort()).toEqual(['p|facebook', 'p|instagram']);
    for (const network of ['facebook', 'instagram'])
      expect((await db.publishTargets.get(`p|${network}`))?.state).toBe('published');
  });

  it('shows a published post in the feed at once, and the poll’s copy replaces it rather than doubling it', async () => {
    const { clock, fake, open } = setup();
    const { db, queue } = await open();
    const post: Post = {
      id: 'fb:page1_77',
      nativeId: 'page1_77',
      accountId: 'page1',
      message: 'Lavender candles are back',
      createdTime: clock.now(),
      updatedTime: clock.now(),
      isVisitorPost: false,
      attachments: [],
      reactions: 0,
      comments: 0,
      shares: 0,
    };
    fake.publisher.fetchPublished = async () => ({
      status: 'ok',
      value: { permalink: 'https://fb.test/77', post },
    });
    await queue.enqueue(photo({ id: 'p', networks: ['facebook'] }));
    await drain(clock, queue);
    expect((await db.posts.toArray()).map((p) => p.id)).toEqual(['fb:page1_77']);
    expect((await db.publishTargets.get('p|facebook'))?.permalink).toBe('https://fb.test/77');
    await writePostPage(db, 'page1', {
      items: [{ ...post, reactions: 3 }],
      skipped: 0,
      newest: true,
      now: clock.now(),
    });
    const rows = await db.posts.toArray();
    expect(rows.map((p) => [p.id, p.reactions])).toEqual([['fb:page1_77', 3]]);
  });

  it('refuses a post Meta would refuse, with the reasons, and writes nothing', async () => {
    const { open } = setup();
    const { db, queue } = await open();
    const tall = photo({ media: [{ ...photo().media[0]!, width: 1080, height: 1920 }] });
    await expect(queue.enqueue(tall)).rejects.toThrow(PublishRejection);
    await expect(queue.enqueue(tall)).rejects.toMatchObject({
      problems: [{ network: 'instagram', message: expect.stringMatching(/between 4:5/) }],
    });
    expect(await db.publishTargets.count()).toBe(0);
    expect(await db.publishPosts.count()).toBe(0);
  });

  it('a draft save that lands after Publish leaves the post queued, never a draft again', async () => {
    const { open } = setup();
    const { db, queue } = await open();
    const input = photo({ id: 'late', networks: ['facebook'], kind: 'text', media: [] });
    await queue.saveDraft(input);
    queue.stop();
    await queue.enqueue(input);
    // The composer's save-as-you-type write was already on its way when Publish was pressed.
    await queue.saveDraft({ ...input, caption: 'typed a moment before Publish' });
    expect((await db.publishPosts.get('late'))?.draft).toBe(0);
    expect((await db.publishTargets.get('late|facebook'))?.state).toBe('queued');
  });

  it('lets a draft be edited and cancelled, but not a post whose publish has started', async () => {
    const { fake, open } = setup(['hang-lost']);
    const { db, queue } = await open();
    await queue.saveDraft(photo({ id: 'd', caption: 'first words' }));
    await queue.saveDraft(photo({ id: 'd', caption: 'better words' }));
    expect((await db.publishPosts.get('d'))?.caption).toBe('better words');
    expect((await db.publishTargets.where('postId').equals('d').toArray()).map((t) => t.state)).toEqual([
      'draft',
      'draft',
    ]);
    expect(await queue.cancel('d')).toBe(true);
    expect(await db.publishBlobs.count()).toBe(0);
    const hung = fake.nextHang();
    await queue.enqueue(photo({ id: 'q', networks: ['facebook'], kind: 'text', media: [] }));
    // The publish call never answers: the post may be live, so it can no longer be changed or cancelled.
    await hung;
    expect((await db.publishTargets.get('q|facebook'))?.state).toBe('publishing');
    expect(await queue.cancel('q')).toBe(false);
    await expect(
      queue.saveDraft(photo({ id: 'q', networks: ['facebook'], kind: 'text', media: [] })),
    ).rejects.toThrow(/can no longer be changed/);
  });
});

// A cross-post scheduled an hour ahead: Facebook holds it natively (`scheduled`), Instagram waits on Duet's own
// schedule (`queued`). Edits, reschedules and cancels until it fires (./schedule-edit.ts).
describe('changing a scheduled post', () => {
  const HOUR = 60 * MIN;

  async function scheduledCrossPost(opts: Parameters<typeof setup>[1] = {}) {
    const s = setup([], opts);
    const { db, queue } = await s.open();
    const at = s.clock.now() + HOUR;
    await queue.enqueue(photo({ id: 'p', scheduleAt: at, overrides: { instagram: 'IG words #candles' } }));
    // Facebook takes it now (native schedule); the clock stays well before its time.
    await drain(s.clock, queue, 50, at - 30 * MIN);
    const fb = await db.publishTargets.get('p|facebook');
    const ig = await db.publishTargets.get('p|instagram');
    expect([fb?.state, ig?.state]).toEqual(['scheduled', 'queued']);
    const onFacebook = () => s.fake.ledger.find((e) => e.key === 'p|facebook');
    return { ...s, db, queue, at, onFacebook };
  }

  it('reschedules and edits both sides: Facebook holds the change, Instagram fires at the new time with its new caption', async () => {
    const { clock, fake, db, queue, at, onFacebook } = await scheduledCrossPost();
    const later = at + 2 * HOUR;
    expect(await queue.editScheduled('p', { scheduleAt: later })).toEqual({ kind: 'done', kept: [] });
    expect(onFacebook()?.liveAt).toBe(later);
    expect(
      await queue.editScheduled('p', {
        caption: 'New words',
        overrides: { instagram: 'New IG words' },
      }),
    ).toEqual({ kind: 'done', kept: [] });
    expect(onFacebook()?.caption).toBe('New words');
    expect((await db.publishPosts.get('p'))?.scheduleAt).toBe(later);
    // The old time passes: nothing goes out. At the new one, each network gets it once, with its new text.
    await drain(clock, queue, 50, at + MIN);
    clock.advance(at + MIN - clock.now());
    await queue.idle();
    expect(fake.ledger.filter((e) => e.liveAt <= clock.now())).toEqual([]);
    clock.advance(later + MIN - clock.now());
    await drain(clock, queue, 200);
    expect(fake.ledger.map((e) => [e.key, e.caption]).sort()).toEqual([
      ['p|facebook', 'New words'],
      ['p|instagram', 'New IG words'],
    ]);
    expect(fake.ledger.find((e) => e.key === 'p|instagram')!.createdTime).toBeGreaterThanOrEqual(later);
    expect((await db.publishTargets.get('p|facebook'))?.state).toBe('published');
    expect((await db.publishTargets.get('p|instagram'))?.state).toBe('published');
  });

  it('refuses a time outside Facebook’s window, in words, and sends nothing', async () => {
    const { clock, db, queue, at, onFacebook } = await scheduledCrossPost();
    for (const [ms, words] of [
      [5 * MIN, /at least 10 minutes ahead/],
      [31 * 24 * HOUR, /at most 30 days ahead/],
    ] as const) {
      const o = await queue.editScheduled('p', { scheduleAt: clock.now() + ms });
      expect(o).toMatchObject({
        kind: 'invalid',
        problems: [{ network: 'facebook', field: 'schedule', message: expect.stringMatching(words) }],
      });
    }
    expect(onFacebook()?.liveAt).toBe(at);
    expect((await db.publishPosts.get('p'))?.scheduleAt).toBe(at);
  });

  it('a change Facebook refuses changes nothing here either, and its reason is kept', async () => {
    const { db, queue, at, onFacebook } = await scheduledCrossPost({ edits: ['permanent'] });
    const o = await queue.editScheduled('p', { caption: 'Nope', scheduleAt: at + HOUR });
    expect(o).toEqual({ kind: 'refused', network: 'facebook', reason: 'Meta refused it.', cancelled: [] });
    expect(onFacebook()).toMatchObject({ caption: 'Lavender candles are back', liveAt: at });
    const post = await db.publishPosts.get('p');
    expect([post?.caption, post?.scheduleAt]).toEqual(['Lavender candles are back', at]);
    expect((await db.publishTargets.get('p|instagram'))?.nextAttemptAt).toBe(at);
  });

  it('an edit whose answer was lost is read back: done when Facebook has it, refused when it does not', async () => {
    const took = await scheduledCrossPost({ edits: ['ambiguous-live'] });
    expect(await took.queue.editScheduled('p', { caption: 'Arrived' })).toEqual({ kind: 'done', kept: [] });
    expect((await took.db.publishPosts.get('p'))?.caption).toBe('Arrived');
    const lost = await scheduledCrossPost({ edits: ['ambiguous-lost'] });
    expect(await lost.queue.editScheduled('p', { caption: 'Lost' })).toMatchObject({ kind: 'refused' });
    expect((await lost.db.publishPosts.get('p'))?.caption).toBe('Lavender candles are back');
  });

  it('too late: Facebook published it meanwhile — it says so and the target becomes published', async () => {
    const { fake, db, queue } = await scheduledCrossPost();
    // Meta's clock is past the time already (Duet's is not).
    fake.state.metaOffsetMs = 2 * HOUR;
    const o = await queue.editScheduled('p', { caption: 'Too late' });
    expect(o).toEqual({ kind: 'too-late', network: 'facebook', live: true, cancelled: [] });
    expect((await db.publishTargets.get('p|facebook'))?.state).toBe('published');
    expect((await db.publishPosts.get('p'))?.caption).toBe('Lavender candles are back');
  });

  it('Instagram fires while Facebook takes the edit: Facebook’s change is kept, Instagram keeps what it went out with', async () => {
    const { fake, db, queue } = await scheduledCrossPost();
    const update = fake.publisher.updateScheduled.bind(fake.publisher);
    fake.publisher.updateScheduled = async (ref, change) => {
      // The runner takes the Instagram target during the call (its time came).
      await db.publishTargets.update('p|instagram', { state: 'uploading' });
      return update(ref, change);
    };
    const o = await queue.editScheduled('p', { caption: 'Both?', overrides: {} });
    expect(o).toEqual({ kind: 'done', kept: ['instagram'] });
    expect(fake.ledger.find((e) => e.key === 'p|facebook')?.caption).toBe('Both?');
    const post = await db.publishPosts.get('p');
    expect([post?.caption, post?.overrides.instagram]).toEqual(['Both?', 'IG words #candles']);
  });

  it('cancels both: the local row goes in one transaction, Facebook’s once it accepted; nothing goes live', async () => {
    const { clock, fake, db, queue } = await scheduledCrossPost();
    expect(await queue.cancelScheduled('p')).toEqual({ kind: 'done', kept: [] });
    expect(await db.publishTargets.count()).toBe(0);
    expect(await db.publishPosts.count()).toBe(0);
    expect(await db.publishBlobs.count()).toBe(0);
    clock.advance(3 * HOUR);
    await drain(clock, queue);
    expect(fake.ledger).toEqual([]);
  });

  it('a cancel whose answer was lost is read back before anything is said', async () => {
    // It took effect: cancelled.
    const took = await scheduledCrossPost({ edits: ['ambiguous-live'] });
    expect(await took.queue.cancelScheduled('p')).toEqual({ kind: 'done', kept: [] });
    expect(took.fake.ledger).toEqual([]);
    // It did not: Facebook still publishes it, and its row still says so.
    const lost = await scheduledCrossPost({ edits: ['ambiguous-lost'] });
    expect(await lost.queue.cancelScheduled('p')).toMatchObject({
      kind: 'refused',
      network: 'facebook',
      cancelled: ['instagram'],
    });
    expect((await lost.db.publishTargets.get('p|facebook'))?.state).toBe('scheduled');
    expect(lost.onFacebook()).toBeDefined();
    // The read-back fails too: unknown, never "cancelled".
    let reads: ReadAction = 'ok';
    const blind = await scheduledCrossPost({ edits: ['ambiguous-live'], reads: () => reads });
    reads = 'retryable';
    expect(await blind.queue.cancelScheduled('p')).toEqual({
      kind: 'unknown',
      network: 'facebook',
      cancelled: ['instagram'],
    });
    expect((await blind.db.publishTargets.get('p|facebook'))?.state).toBe('scheduled');
  });

  it('a local schedule the runner has already taken is neither changed nor cancelled', async () => {
    const { clock, open } = setup();
    const { db, queue } = await open();
    await queue.enqueue(photo({ id: 'l', networks: ['instagram'], scheduleAt: clock.now() + HOUR }));
    await queue.idle();
    await db.publishTargets.update('l|instagram', { state: 'uploading' });
    expect(await queue.editScheduled('l', { caption: 'x' })).toMatchObject({ kind: 'too-late' });
    expect(await queue.cancelScheduled('l')).toMatchObject({ kind: 'too-late' });
    expect((await db.publishPosts.get('l'))?.caption).toBe('Lavender candles are back');
    expect(await db.publishTargets.get('l|instagram')).toBeDefined();
  });
});
