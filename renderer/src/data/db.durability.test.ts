// Which writes wait for the disk: every outbox write (a reply must survive a crash right after Enter), and nothing
// that sync can fetch again. Observed at the bottom of Dexie's middleware stack, i.e. what IndexedDB is asked for.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuetDb } from './db';
import { createOutbox } from './outbox/outbox';
import { createFakeClock, createFakeMessaging, makeConversationRow } from '../test/inbox-fixtures';
import { writePostPage } from './repos/content';
import { ingestMessages } from './repos/inbox';

let db: DuetDb;
let seen: Array<{ stores: string[]; durability?: string }>;
let n = 0;

beforeEach(async () => {
  db = new DuetDb(`durability-test-${++n}`);
  seen = [];
  db.use({
    stack: 'dbcore',
    name: 'test-durability-probe',
    level: 0,
    create: (down) => ({
      ...down,
      transaction: (stores, mode, options) => {
        if (mode === 'readwrite') seen.push({ stores: [...stores], durability: options?.durability });
        return down.transaction(stores, mode, options);
      },
    }),
  });
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

describe('transaction durability', () => {
  it('queues a reply with a strict commit, and marks it sending with a strict commit before the request', async () => {
    const clock = createFakeClock();
    const fake = createFakeMessaging({ now: clock.now });
    const conv = makeConversationRow(1, { lastCustomerMessageAt: clock.now() - 60_000 });
    await db.conversations.put(conv);
    const outbox = createOutbox({
      db,
      bridge: fake.bridge(),
      now: clock.now,
      setTimer: clock.setTimer,
      random: () => 0.5,
      isOnline: () => true,
      newClientId: () => 'client-1',
    });
    await outbox.start();
    seen = [];
    await outbox.send(conv, 'See you at 5!');
    for (let i = 0; i < 5; i++) await outbox.idle();
    outbox.stop();
    const outboxWrites = seen.filter((t) => t.stores.includes('outbox'));
    expect(outboxWrites.length).toBeGreaterThanOrEqual(2);
    expect(outboxWrites.every((t) => t.durability === 'strict')).toBe(true);
    expect(fake.ledger).toHaveLength(1);
  });

  it('writes synced posts and messages with relaxed commits', async () => {
    await writePostPage(db, 'acc', {
      items: [],
      skipped: 0,
      newest: true,
      now: 1,
      backfill: { done: true },
    });
    const conv = makeConversationRow(1);
    await db.conversations.put(conv);
    await ingestMessages(db, conv, []);
    const syncWrites = seen.filter((t) => t.stores.includes('posts') || t.stores.includes('messages'));
    expect(syncWrites.length).toBeGreaterThanOrEqual(2);
    expect(syncWrites.map((t) => t.durability)).not.toContain('strict');
  });
});
