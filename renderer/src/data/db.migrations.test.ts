// Schema migration harness: for each version block of DuetDb there is a test that writes data the way the previous
// version stored it and opens it with the current DuetDb. Add one `describe` per new version (see the v2 pattern).
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { makeComment } from '../test/comment-fixtures';
import { DuetDb } from './db';

/** The v1 schema exactly as shipped; frozen here so later edits to db.ts cannot change what "v1 data" means. */
const V1_STORES = {
  posts: 'id, [accountId+createdTime], [accountId+updatedTime]',
  media: 'id, [accountId+timestamp]',
  stories: 'id, [accountId+timestamp], expiresAt',
  conversations:
    'id, [accountId+updatedTime], [accountId+platform+updatedTime], [accountId+unread+updatedTime], nativeId',
  messages: 'id, [conversationId+createdTime], nativeId, clientId, *words',
  outbox: 'clientId, [conversationId+seq], state, nextAttemptAt',
  syncState: 'key, accountId',
  meta: 'key',
};

/** Opens `name` as a given historical schema (only the version blocks that existed then). */
function openAs(name: string, versions: Array<[number, Record<string, string>]>): Dexie {
  const db = new Dexie(name);
  for (const [v, stores] of versions) db.version(v).stores(stores);
  return db;
}

/** The newest version DuetDb declares (what a store is opened as). */
const LATEST = new DuetDb('version-probe').verno;

let n = 0;
const names: string[] = [];
const fresh = () => {
  const name = `migration-test-${++n}`;
  names.push(name);
  return name;
};
afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name);
});

describe('schema v1', () => {
  it('reopens rows written by v1 and answers every view query from them', async () => {
    const name = fresh();
    const old = openAs(name, [[1, V1_STORES]]);
    await old.open();
    await old.table('posts').bulkPut([
      { id: 'fb:p1', accountId: 'a', createdTime: 1, updatedTime: 1, attachments: [], syncedAt: 5 },
      { id: 'fb:p2', accountId: 'a', createdTime: 2, updatedTime: 9, attachments: [], syncedAt: 5 },
    ]);
    await old.table('media').put({ id: 'ig:m1', accountId: 'a', timestamp: 3, children: [], syncedAt: 5 });
    await old.table('stories').put({ id: 'ig:s1', accountId: 'a', timestamp: 3, expiresAt: 10, syncedAt: 5 });
    await old
      .table('outbox')
      .put({ clientId: 'c1', conversationId: 'messenger:t', seq: 1, state: 'queued', nextAttemptAt: 0 });
    await old.table('messages').put({
      id: 'local:c1',
      conversationId: 'messenger:t',
      createdTime: 4,
      words: ['hello'],
      clientId: 'c1',
    });
    await old
      .table('syncState')
      .put({ key: 'a|feed', accountId: 'a', stream: 'feed', backfillDone: true, itemCount: 2, skipped: 1 });
    old.close();

    const db = new DuetDb(name);
    await db.open();
    // Opened as the current version (v1 data goes through every upgrade since).
    expect(db.verno).toBe(LATEST);
    const posts = await db.posts
      .where('[accountId+createdTime]')
      .between(['a', Dexie.minKey], ['a', Dexie.maxKey])
      .reverse()
      .toArray();
    expect(posts.map((p) => p.id)).toEqual(['fb:p2', 'fb:p1']);
    expect(await db.media.where('[accountId+timestamp]').between(['a', 0], ['a', 10]).count()).toBe(1);
    expect(await db.stories.where('expiresAt').above(5).count()).toBe(1);
    expect(await db.outbox.where('state').equals('queued').count()).toBe(1);
    expect((await db.messages.where('words').equals('hello').first())?.clientId).toBe('c1');
    expect((await db.syncState.where('accountId').equals('a').first())?.skipped).toBe(1);
    db.close();
  });

  it('keeps the frozen v1 snapshot identical to what DuetDb declares for version 1', () => {
    const db = new DuetDb(fresh());
    const declared = Object.fromEntries(db.tables.map((t) => [t.name, t.schema]));
    const snapshot = openAs('snapshot-only', [[1, V1_STORES]]);
    const frozen = Object.fromEntries(snapshot.tables.map((t) => [t.name, t.schema]));
    // A change to v1 in db.ts (instead of a new version block) would strand every existing user's data.
    if (db.verno === 1) expect(JSON.stringify(declared)).toBe(JSON.stringify(frozen));
    // Every v1 table is still declared (later versions may add tables of their own).
    expect(Object.keys(declared)).toEqual(expect.arrayContaining(Object.keys(frozen)));
  });
});

describe('schema v2 (indexes no query reads are dropped)', () => {
  it('opens a v1 store with data and keeps every row and every view query', async () => {
    const name = fresh();
    const old = openAs(name, [[1, V1_STORES]]);
    await old.open();
    const post = {
      id: 'fb:p1',
      accountId: 'a',
      createdTime: 1,
      updatedTime: 7,
      attachments: [],
      syncedAt: 5,
    };
    const conversation = {
      id: 'messenger:t',
      nativeId: 't',
      accountId: 'a',
      platform: 'messenger',
      updatedTime: 9,
      unread: 1,
      unreadCount: 2,
      messagesSyncedFor: 9,
    };
    const messages = [
      {
        id: 'messenger:m1',
        nativeId: 'm1',
        conversationId: 'messenger:t',
        createdTime: 3,
        words: ['hello', 'there'],
      },
      {
        id: 'local:c1',
        nativeId: '',
        conversationId: 'messenger:t',
        createdTime: 4,
        words: ['hi'],
        clientId: 'c1',
      },
    ];
    const entry = {
      clientId: 'c1',
      conversationId: 'messenger:t',
      seq: 1,
      state: 'sending',
      nextAttemptAt: 8,
    };
    await old.table('posts').put(post);
    await old.table('conversations').put(conversation);
    await old.table('messages').bulkPut(messages);
    await old.table('outbox').put(entry);
    old.close();

    const db = new DuetDb(name);
    await db.open();
    expect(db.verno).toBe(LATEST);
    // Every row comes back exactly as v1 stored it.
    expect(await db.posts.toArray()).toEqual([post]);
    expect(await db.conversations.toArray()).toEqual([conversation]);
    expect(await db.messages.orderBy(':id').toArray()).toEqual([messages[1], messages[0]]);
    expect(await db.outbox.toArray()).toEqual([entry]);
    // The indexes the views and sync read still answer.
    expect(await db.posts.where('[accountId+createdTime]').between(['a', 0], ['a', 2]).count()).toBe(1);
    expect(
      await db.conversations
        .where('[accountId+unread+updatedTime]')
        .between(['a', 1, 0], ['a', 1, 10])
        .count(),
    ).toBe(1);
    expect(
      (
        await db.messages
          .where('[conversationId+createdTime]')
          .between(['messenger:t', 0], ['messenger:t', 9])
          .toArray()
      ).map((m) => m.id),
    ).toEqual(['messenger:m1', 'local:c1']);
    expect((await db.messages.where('words').startsWith('the').first())?.id).toBe('messenger:m1');
    expect(
      (await db.outbox.where('[conversationId+seq]').between(['messenger:t', 0], ['messenger:t', 9]).first())
        ?.state,
    ).toBe('sending');
    expect(await db.outbox.where('state').equals('sending').count()).toBe(1);
    // The dropped ones are gone from the store: no index entries are written for them any more.
    const indexNames = (table: string) => db.table(table).schema.indexes.map((i) => i.name);
    expect(indexNames('posts')).toEqual(['[accountId+createdTime]']);
    expect(indexNames('conversations')).not.toContain('nativeId');
    expect(indexNames('messages')).toEqual(['[conversationId+createdTime]', 'words']);
    expect(indexNames('outbox')).toEqual(['[conversationId+seq]', 'state']);
    db.close();
    const reopened = new Dexie(name);
    await reopened.open();
    expect(
      reopened
        .table('messages')
        .schema.indexes.map((i) => i.name)
        .sort(),
    ).toEqual(['[conversationId+createdTime]', 'words']);
    reopened.close();
  });
});

/** The v2 changes exactly as shipped (frozen like V1_STORES). */
const V2_STORES = {
  posts: 'id, [accountId+createdTime]',
  conversations:
    'id, [accountId+updatedTime], [accountId+platform+updatedTime], [accountId+unread+updatedTime]',
  messages: 'id, [conversationId+createdTime], *words',
  outbox: 'clientId, [conversationId+seq], state',
};

describe('schema v3 (the publish queue)', () => {
  it('opens a v2 store with data, keeps its rows, and adds empty publish tables that answer their queries', async () => {
    const name = fresh();
    const old = openAs(name, [
      [1, V1_STORES],
      [2, V2_STORES],
    ]);
    await old.open();
    const entry = {
      clientId: 'c1',
      conversationId: 'messenger:t',
      seq: 1,
      state: 'queued',
      nextAttemptAt: 8,
    };
    await old.table('outbox').put(entry);
    await old.table('meta').put({ key: 'outboxSeq', value: 1 });
    old.close();

    const db = new DuetDb(name);
    await db.open();
    expect(db.verno).toBe(LATEST);
    expect(await db.outbox.toArray()).toEqual([entry]);
    expect(await db.publishTargets.count()).toBe(0);
    await db.publishTargets.put({
      id: 'p1|facebook',
      postId: 'p1',
      accountId: 'a',
      network: 'facebook',
      state: 'queued',
      seq: 1,
      attempts: 0,
      nextAttemptAt: 0,
    });
    expect(await db.publishTargets.where('state').equals('queued').count()).toBe(1);
    expect(await db.publishTargets.where('postId').equals('p1').count()).toBe(1);
    expect(await db.publishBlobs.where('postId').equals('p1').count()).toBe(0);
    db.close();
  });
});

describe('schema v4 (comments)', () => {
  it('opens a v2 store with data unchanged and answers the comment queries', async () => {
    const name = fresh();
    const old = openAs(name, [
      [1, V1_STORES],
      [2, V2_STORES],
    ]);
    await old.open();
    const post = {
      id: 'fb:p1',
      accountId: 'a',
      createdTime: 1,
      updatedTime: 7,
      attachments: [],
      syncedAt: 5,
    };
    await old.table('posts').put(post);
    old.close();
    const db = new DuetDb(name);
    await db.open();
    expect(db.verno).toBe(LATEST);
    expect(await db.posts.toArray()).toEqual([post]);
    await db.comments.put({
      id: 'fb:c1',
      nativeId: 'c1',
      accountId: 'a',
      platform: 'fb',
      postId: 'fb:p1',
      author: {},
      fromPage: false,
      text: 'hello',
      createdTime: 3,
      likeCount: 0,
      hidden: false,
      canReply: true,
      canHide: true,
      canRemove: true,
      canLike: true,
      canReplyPrivately: true,
      lists: ['a|all|3'],
      words: ['hello'],
      syncedAt: 4,
    });
    await db.commentMarks.put({ id: 'fb:p1', accountId: 'a', count: 1, fetchedAt: 4 });
    expect(await db.comments.where('lists').startsWith('a|all|').count()).toBe(1);
    expect(await db.comments.where('[postId+createdTime]').between(['fb:p1', 0], ['fb:p1', 9]).count()).toBe(
      1,
    );
    expect((await db.comments.where('words').startsWith('hel').first())?.id).toBe('fb:c1');
    expect((await db.commentMarks.get('fb:p1'))?.count).toBe(1);
    db.close();
  });
});

describe('schema v5 (insights snapshots)', () => {
  it('opens a v2 store with data, keeps its rows, and adds the empty insights tables with their index', async () => {
    const name = fresh();
    const old = openAs(name, [
      [1, V1_STORES],
      [2, V2_STORES],
    ]);
    await old.open();
    await old
      .table('posts')
      .put({ id: 'fb:p1', accountId: 'a', createdTime: 1, updatedTime: 1, attachments: [], syncedAt: 5 });
    old.close();
    const db = new DuetDb(name);
    await db.open();
    expect(
      (await db.posts.where('[accountId+createdTime]').between(['a', 0], ['a', 9]).toArray()).map(
        (p) => p.id,
      ),
    ).toEqual(['fb:p1']);
    expect(await db.insights.count()).toBe(0);
    expect(db.insights.schema.indexes.map((i) => i.name)).toEqual(['[objectId+metric+breakdown+endTime]']);
    expect(db.insightsLatest.schema.indexes.map((i) => i.name)).toEqual(['accountId']);
    db.close();
  });
});

describe('schema v7 (comment action queue)', () => {
  it('opens a v2 store with data, keeps its rows, and adds the empty action queue with its indexes', async () => {
    const name = fresh();
    const old = openAs(name, [
      [1, V1_STORES],
      [2, V2_STORES],
    ]);
    await old.open();
    await old
      .table('posts')
      .put({ id: 'fb:p1', accountId: 'a', createdTime: 1, updatedTime: 1, attachments: [], syncedAt: 5 });
    old.close();
    const db = new DuetDb(name);
    await db.open();
    expect((await db.posts.get('fb:p1'))?.id).toBe('fb:p1');
    expect(await db.commentActions.count()).toBe(0);
    expect(db.commentActions.schema.indexes.map((i) => i.name).sort()).toEqual(['lane', 'state']);
    db.close();
  });
});

describe('schema v8 (insights days)', () => {
  const V5_STORES = {
    insights: 'key, [objectId+metric+breakdown+endTime]',
    insightsLatest: 'key, accountId',
    insightsStatus: 'accountId',
  };
  const D = 86_400_000;
  const row = (endTime: number, value: number, fetchedAt: number, extra: Record<string, unknown> = {}) => {
    const r = {
      accountId: 'a',
      objectId: '1',
      network: 'facebook',
      metric: 'page_media_view',
      breakdown: '',
      period: 'day',
      endTime,
      value,
      fetchedAt,
      ...extra,
    } as Record<string, unknown>;
    r.key = [r.accountId, r.objectId, r.metric, r.breakdown, r.period, r.endTime].join('|');
    return r;
  };

  it('moves daily rows stored under Meta’s Pacific-midnight end_time to their own day, without counting a day twice', async () => {
    const name = fresh();
    const old = openAs(name, [
      [1, V1_STORES],
      [2, V2_STORES],
      [5, V5_STORES],
    ]);
    await old.open();
    const dec1 = Date.UTC(2026, 11, 1);
    await old.table('insights').bulkPut([
      // 1 Dec as an older build stored it: Meta's end_time, the Pacific midnight after it (08:00 UTC on 2 Dec).
      row(dec1 + D + 8 * 3_600_000, 10, 100),
      // 2 Dec stored twice: the old way (earlier fetch) and the new way (later fetch, which is kept).
      row(dec1 + 2 * D + 8 * 3_600_000, 20, 100),
      row(dec1 + 2 * D, 21, 200),
      // A summer day (PDT: 07:00 UTC), and a breakdown row.
      row(Date.UTC(2026, 6, 2, 7), 5, 100, { breakdown: 'is_from_ads:true' }),
      // Lifetime snapshots are by the hour: untouched.
      row(dec1 + 5 * 3_600_000, 3, 100, { period: 'lifetime', metric: 'post_media_view' }),
    ]);
    old.close();
    const db = new DuetDb(name);
    await db.open();
    const days = await db.insights
      .where('[objectId+metric+breakdown+endTime]')
      .between(['1', 'page_media_view', '', 0], ['1', 'page_media_view', '', Infinity])
      .toArray();
    expect(days.map((r) => [r.endTime, r.value])).toEqual([
      [dec1 + D, 10],
      [dec1 + 2 * D, 21],
    ]);
    for (const r of await db.insights.toArray())
      expect(r.key).toBe([r.accountId, r.objectId, r.metric, r.breakdown, r.period, r.endTime].join('|'));
    const split = await db.insights
      .where('[objectId+metric+breakdown+endTime]')
      .between(
        ['1', 'page_media_view', 'is_from_ads:true', 0],
        ['1', 'page_media_view', 'is_from_ads:true', Infinity],
      )
      .toArray();
    expect(split.map((r) => r.endTime)).toEqual([Date.UTC(2026, 6, 2)]);
    expect(
      (await db.insights.filter((r) => r.period === 'lifetime').toArray()).map((r) => r.endTime),
    ).toEqual([dec1 + 5 * 3_600_000]);
    expect(await db.insights.count()).toBe(4);
    db.close();
  });
});

describe('schema v9 (comments by their private reply’s conversation)', () => {
  const V4_STORES = {
    comments: 'id, *lists, [postId+createdTime], parentId, *words',
    commentMarks: 'id',
  };
  const comment = (privateReply?: { conversationId?: string }) => ({
    ...makeComment(privateReply ? { privateReply } : {}),
    lists: [],
    words: [],
    syncedAt: 4,
  });

  it('finds a comment stored before v9 through the conversation its private reply opened; others stay out of the index', async () => {
    const name = fresh();
    const old = openAs(name, [
      [1, V1_STORES],
      [2, V2_STORES],
      [4, V4_STORES],
    ]);
    await old.open();
    const linked = comment({ conversationId: 't_1' });
    await old.table('comments').bulkPut([linked, comment({}), comment()]);
    old.close();
    const db = new DuetDb(name);
    await db.open();
    expect(db.verno).toBe(LATEST);
    expect(await db.comments.count()).toBe(3);
    const found = await db.comments.where('privateReply.conversationId').equals('t_1').toArray();
    expect(found.map((c) => c.id)).toEqual([linked.id]);
    expect(await db.comments.where('privateReply.conversationId').above('').count()).toBe(1);
    db.close();
  });
});

describe('schema v10 (publish usage ledger)', () => {
  it('opens a v9-era store with a queued post, keeps it, and adds the empty usage ledger with its indexes', async () => {
    const name = fresh();
    const old = openAs(name, [
      [1, V1_STORES],
      [2, V2_STORES],
      [
        3,
        {
          publishPosts: 'id, updatedAt',
          publishTargets: 'id, postId, state, linkPending, mediaId',
          publishBlobs: 'id, postId',
        },
      ],
    ]);
    await old.open();
    await old.table('publishTargets').put({
      id: 'p1|instagram',
      postId: 'p1',
      accountId: 'page1',
      network: 'instagram',
      state: 'queued',
      seq: 1,
      attempts: 0,
      nextAttemptAt: 5,
    });
    old.close();
    const db = new DuetDb(name);
    await db.open();
    expect(db.verno).toBe(LATEST);
    expect((await db.publishTargets.get('p1|instagram'))?.state).toBe('queued');
    expect(await db.publishUsage.count()).toBe(0);
    expect(db.publishUsage.schema.indexes.map((i) => i.name).sort()).toEqual(['[accountId+kind+at]', 'at']);
    await db.publishUsage.add({ id: 'u1', accountId: 'ig1', kind: 'ig-container', at: 10, targetId: 't' });
    expect(
      await db.publishUsage
        .where('[accountId+kind+at]')
        .between(['ig1', 'ig-container', 0], ['ig1', 'ig-container', 20])
        .count(),
    ).toBe(1);
    db.close();
  });
});
