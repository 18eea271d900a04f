import { describe, expect, it } from 'vitest';
import { DuetDb } from '../data/db';
import { claimStoreFor } from './use-local-store';

const post = (id: string) => ({
  id,
  nativeId: id,
  accountId: 'p1',
  createdTime: 1,
  updatedTime: 1,
  isVisitorPost: false,
  attachments: [],
  reactions: 0,
  comments: 0,
  shares: 0,
  syncedAt: 1,
});

describe('claimStoreFor', () => {
  it('keeps the same user’s data and clears another user’s', async () => {
    const db = new DuetDb(`claim-${Math.random()}`);
    await db.open();
    await claimStoreFor(db, 'alex');
    await db.posts.bulkPut([post('fb:1'), post('fb:2')]);

    await claimStoreFor(db, 'alex');
    expect(await db.posts.count()).toBe(2);

    await claimStoreFor(db, 'jordan');
    expect(await db.posts.count()).toBe(0);
    expect((await db.meta.get('userId'))?.value).toBe('jordan');
    db.close();
  });
});
