// The publish queue and Meta's daily limits: enqueue refuses on the same rules as the composer, with Duet's own
// counts; a target that would pass the 400 containers a day waits (queued, with when it frees up) instead of calling
// Meta; Meta's own daily-limit refusal makes it wait rather than fail; a reel that went out is counted.
import { afterEach, describe, expect, it } from 'vitest';
import { DuetDb } from '../db';
import { recordUsage, usageCount } from '../repos/publish-usage';
import { createFakeClock } from '../../test/inbox-fixtures';
import { createFakePublisher, createTestPublishQueue } from '../../test/publish-fixtures';
import { PublishRejection, type PostInput } from './queue';

const H = 3_600_000;
let n = 0;
const dbs: DuetDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) {
    db.close();
    await db.delete();
  }
});

async function setup(start = true) {
  const clock = createFakeClock();
  const fake = createFakePublisher({ now: clock.now, decidePublish: () => 'ok', decideRead: () => 'ok' });
  const db = new DuetDb(`publish-limits-${++n}`);
  dbs.push(db);
  await db.open();
  const queue = createTestPublishQueue(db, fake.publisher, clock, () => `post-${n}`);
  if (start) await queue.start();
  /** Runs timers and work until nothing is pending. */
  const drain = async (rounds = 30) => {
    for (let i = 0; i < rounds; i++) {
      await queue.idle();
      await new Promise((r) => setTimeout(r, 0));
      if (!clock.pending()) break;
      clock.advance(Math.max(0, clock.nextAt() - clock.now()));
    }
    await queue.idle();
  };
  /** Duet made `count` containers for ig1, the first at `from`, one a minute. */
  const spend = async (count: number, from: number, kind: 'ig-container' | 'fb-reel' = 'ig-container') => {
    for (let i = 0; i < count; i++)
      await recordUsage(
        db,
        { kind, accountId: kind === 'fb-reel' ? 'page1' : 'ig1', at: from + i * 60_000, targetId: 'x' },
        from + i * 60_000,
      );
  };
  return { clock, fake, db, queue, drain, spend };
}

const igPhoto = (over: Partial<PostInput> = {}): PostInput => ({
  id: 'p',
  accountId: 'page1',
  igAccountId: 'ig1',
  networks: ['instagram'],
  kind: 'photo',
  caption: 'Lavender candles are back',
  media: [
    { id: 'f1', name: 'a.jpg', mime: 'image/jpeg', kind: 'image', bytes: 10, width: 1080, height: 1080 },
  ],
  blobs: new Map([['f1', new Blob(['x'])]]),
  ...over,
});

describe('publish queue and daily limits', () => {
  it('refuses to queue a post over the 400 containers Duet made in 24 hours, whatever the caller passed', async () => {
    const { clock, db, queue, spend } = await setup();
    await spend(400, clock.now() - 10 * H);
    const refused = await queue.enqueue(igPhoto(), { igContainers: 0 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PublishRejection);
    expect((refused as PublishRejection).problems).toEqual([
      {
        network: 'instagram',
        message:
          'Instagram allows 400 media containers in 24 hours; Duet has made 400 for this account and this post needs 1. Try again later.',
      },
    ]);
    expect(await db.publishTargets.count()).toBe(0);
  });

  it('holds a queued target that would pass the container limit until it frees up, without calling Meta', async () => {
    const { clock, fake, db, queue, drain, spend } = await setup(false);
    const t0 = clock.now();
    await queue.enqueue(igPhoto());
    // Before it ran (Duet was closed, say), other posts of this account spent the last containers of the day.
    await spend(400, t0 - 2 * H);
    await queue.start();
    await queue.idle();
    let t = await db.publishTargets.get('p|instagram');
    expect(t?.state).toBe('queued');
    expect(t?.heldFor).toBe('ig-containers');
    // The oldest container leaves the window 24 h after it was made.
    expect(t?.nextAttemptAt).toBe(t0 - 2 * H + 24 * H);
    expect(fake.ledger).toEqual([]);
    await drain();
    t = await db.publishTargets.get('p|instagram');
    expect(t?.state).toBe('published');
    expect(t?.heldFor).toBeUndefined();
    expect(fake.ledger.map((e) => e.key)).toEqual(['p|instagram']);
  });

  it('waits when Meta refuses for its daily limit (other tools spend it too) instead of failing the post', async () => {
    const { clock, db, fake, queue, drain } = await setup();
    const t0 = clock.now();
    const prepare = fake.publisher.prepare.bind(fake.publisher);
    let refusals = 1;
    fake.publisher.prepare = async (job) =>
      refusals-- > 0
        ? {
            status: 'retryable',
            reason: 'Instagram’s daily publishing limit for this account is reached.',
            retryAfterMs: H,
            limit: 'ig-daily',
          }
        : prepare(job);
    await queue.enqueue(igPhoto());
    await queue.idle();
    const held = await db.publishTargets.get('p|instagram');
    expect(held?.state).toBe('queued');
    expect(held?.heldFor).toBe('ig-daily-limit');
    expect(held!.nextAttemptAt).toBeGreaterThanOrEqual(t0 + H);
    await drain();
    expect((await db.publishTargets.get('p|instagram'))?.state).toBe('published');
  });

  it('counts each Facebook reel that went out toward the 30 a day, and holds the 31st', async () => {
    const { clock, db, queue, drain, spend } = await setup();
    const reel = igPhoto({
      networks: ['facebook'],
      kind: 'video',
      media: [{ id: 'v1', name: 'a.mp4', mime: 'video/mp4', kind: 'video', bytes: 10, durationMs: 30_000 }],
      blobs: new Map([['v1', new Blob(['x'])]]),
    });
    await queue.enqueue(reel);
    await drain();
    expect((await db.publishTargets.get('p|facebook'))?.state).toBe('published');
    expect(await usageCount(db, 'page1', 'fb-reel', clock.now())).toBe(1);
    await spend(29, clock.now() + 1, 'fb-reel');
    clock.advance(30 * 60_000);
    await expect(queue.enqueue({ ...reel, id: 'q' })).rejects.toThrow(/Facebook allows 30 reels a day/);
  });
});
