import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuetDb, wordsOf, type MessageRow } from '../db';
import { makeMedia, makePost } from '../../test/fake-bridge';
import { makeConversationRow, makeMessage } from '../../test/inbox-fixtures';
import { INVENTORY, inventoryOf } from './inventory';

let db: DuetDb;
let n = 0;
const T = 1_800_000_000_000;

beforeEach(async () => {
  db = new DuetDb(`inventory-test-${++n}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

describe('what Duet keeps on this computer', () => {
  it('counts, sizes and date ranges per kind, for one account only', async () => {
    await db.posts.bulkPut([
      { ...makePost('a', 1), createdTime: T - 5000 },
      { ...makePost('a', 2), createdTime: T },
      makePost('b', 3),
    ] as never);
    await db.media.bulkPut([makeMedia('a', 1)] as never);
    const conv = makeConversationRow(1, { accountId: 'a' });
    const other = makeConversationRow(2, { accountId: 'b' });
    await db.conversations.bulkPut([conv, other]);
    const rows: MessageRow[] = [
      { ...makeMessage(conv, 'm1', T - 1000), words: wordsOf('hello') },
      { ...makeMessage(conv, 'm2', T - 100), words: wordsOf('two') },
      { ...makeMessage(other, 'm3', T), words: [] },
    ];
    await db.messages.bulkPut(rows);
    const lines = await inventoryOf(db, 'a');
    expect(lines.map((l) => l.kind)).toEqual(INVENTORY.map((e) => e.kind));
    const by = Object.fromEntries(lines.map((l) => [l.kind, l]));
    expect(by.posts).toMatchObject({ count: 2, from: T - 5000, to: T });
    expect(by.media!.count).toBe(1);
    expect(by.conversations!.count).toBe(1);
    expect(by.messages).toMatchObject({ count: 2, from: T - 1000, to: T - 100 });
    expect(by.messages!.bytes).toBeGreaterThan(JSON.stringify(rows[0]).length);
    expect(by.stories).toMatchObject({ count: 0, bytes: 0 });
    expect(by.stories!.from).toBeUndefined();
  });

  it('the publish queue, comments and insights: per account, attached files by their size', async () => {
    const post = (id: string, accountId: string, createdAt: number) => ({
      id,
      accountId,
      kind: 'photo',
      caption: 'x',
      overrides: {},
      media: [],
      draft: 0,
      createdAt,
      updatedAt: createdAt,
    });
    await db.publishPosts.bulkPut([
      post('p1', 'a', T - 3000),
      post('p2', 'a', T),
      post('p3', 'b', T),
    ] as never);
    const target = (id: string, accountId: string, publishedAt?: number) => ({
      id,
      postId: id.split('|')[0],
      accountId,
      network: 'facebook',
      state: publishedAt ? 'published' : 'queued',
      seq: 1,
      attempts: 0,
      nextAttemptAt: Number.MAX_SAFE_INTEGER,
      ...(publishedAt ? { publishedAt } : {}),
    });
    await db.publishTargets.bulkPut([
      target('p1|facebook', 'a', T - 2000),
      target('p3|facebook', 'b'),
    ] as never);
    // A 5,000-byte picture of account a, one of account b.
    await db.publishBlobs.bulkPut([
      { id: 'b1', postId: 'p1', blob: new Blob([new Uint8Array(5000)], { type: 'image/jpeg' }) },
      { id: 'b3', postId: 'p3', blob: new Blob([new Uint8Array(9000)], { type: 'image/jpeg' }) },
    ]);
    const comment = (id: string, accountId: string, createdTime: number) => ({
      id,
      accountId,
      platform: 'fb',
      nativeId: id,
      postId: 'fb:1',
      text: 'hi',
      createdTime,
      lists: [],
      words: [],
      syncedAt: T,
    });
    await db.comments.bulkPut([comment('c1', 'a', T - 700), comment('c2', 'b', T)] as never);
    await db.commentMarks.bulkPut([
      { id: 'fb:1', accountId: 'a', count: 3, fetchedAt: T - 10 },
      { id: 'fb:2', accountId: 'b', count: 1, fetchedAt: T },
    ]);
    const insight = (key: string, accountId: string, endTime: number) => ({
      key,
      accountId,
      objectId: '1',
      network: 'facebook',
      metric: 'page_media_view',
      breakdown: '',
      period: 'day',
      endTime,
      value: 5,
      fetchedAt: T,
    });
    await db.insights.bulkPut([
      insight('a|1|m||day|1', 'a', T - 86_400_000),
      insight('a|1|m||day|2', 'a', T),
      insight('b|1|m||day|2', 'b', T),
    ] as never);
    await db.insightsLatest.bulkPut([insight('l1', 'a', T - 5), insight('l2', 'b', T)] as never);
    await db.insightsStatus.bulkPut([
      {
        accountId: 'a',
        dropped: [],
        unavailable: {},
        fetchedAt: { facebook: T - 60, items: T - 30 },
        oldest: {},
        missing: {},
        skipped: 0,
      },
      { accountId: 'b', dropped: [], unavailable: {}, fetchedAt: {}, oldest: {}, missing: {}, skipped: 0 },
    ] as never);

    const by = Object.fromEntries((await inventoryOf(db, 'a')).map((l) => [l.kind, l]));
    expect(by.publishPosts).toMatchObject({ count: 2, from: T - 3000, to: T });
    expect(by.publishTargets).toMatchObject({ count: 1, from: T - 2000, to: T - 2000 });
    expect(by.publishBlobs).toMatchObject({ count: 1 });
    // fake-indexeddb does not keep a Blob (it reads back as {}), so a file's size is checked on the row itself: in
    // Chromium the stored row holds the Blob, and its size is what it takes, not the `{}` its JSON says.
    const blobBytes = INVENTORY.find((e) => e.kind === 'publishBlobs')!.bytes!;
    const row = { id: 'b1', postId: 'p1', blob: new Blob([new Uint8Array(5000)]) };
    expect(blobBytes(row)).toBe(5000);
    expect(by.comments).toMatchObject({ count: 1, from: T - 700, to: T - 700 });
    expect(by.commentMarks).toMatchObject({ count: 1, to: T - 10 });
    expect(by.insights).toMatchObject({ count: 2, from: T - 86_400_000, to: T });
    expect(by.insightsLatest).toMatchObject({ count: 1 });
    expect(by.insightsStatus).toMatchObject({ count: 1, to: T - 30 });
    // Every table of the store that holds an account's data is listed (settings-like tables are not).
    const listed = new Set(INVENTORY.map((e) => e.kind));
    // The publish usage ledger is Duet's record of what Meta still counts against its daily limits for 24 h: kept
    // through a wipe (deleting it would let Duet overspend a limit), and it prunes itself.
    const apart = ['syncState', 'meta', 'publishUsage'];
    expect(db.tables.map((t) => t.name).filter((n) => !listed.has(n) && !apart.includes(n))).toEqual([]);
  });
});
