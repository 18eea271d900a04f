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
});
