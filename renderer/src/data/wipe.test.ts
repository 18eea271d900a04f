import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuetDb, wordsOf, type MessageRow, type OutboxRow } from './db';
import { makeMedia, makePost, makeStory } from '../test/fake-bridge';
import { makeConversationRow, makeMessage } from '../test/inbox-fixtures';
import { inventoryOf } from './repos/inventory';
import { syncKey } from './repos/sync-state';
import { previewWipe, runWipe, type WipeRequest } from './wipe';

let db: DuetDb;
let n = 0;
const T = 1_800_000_000_000;
const DAY = 86_400_000;

beforeEach(async () => {
  db = new DuetDb(`wipe-test-${++n}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

const convA = makeConversationRow(1, { accountId: 'a', messagesSyncedFor: T });
const convA2 = makeConversationRow(2, { accountId: 'a', messagesSyncedFor: T });
const convB = makeConversationRow(3, { accountId: 'b', messagesSyncedFor: T });

const msg = (conv: typeof convA, id: string, at: number, extra: Partial<MessageRow> = {}): MessageRow => ({
  ...makeMessage(conv, id, at),
  words: wordsOf(`message ${id}`),
  ...extra,
});

/** An unsent reply: its outbox entry and its optimistic message in the thread. */
function unsent(conv: typeof convA, clientId: string, at: number): [OutboxRow, MessageRow] {
  const entry: OutboxRow = {
    clientId,
    accountId: conv.accountId,
    platform: conv.platform,
    conversationId: conv.id,
    conversationNativeId: conv.nativeId,
    recipientId: conv.customer.id,
    text: 'on its way',
    state: 'failed',
    seq: 1,
    createdAt: at,
    attempts: 1,
    nextAttemptAt: Number.MAX_SAFE_INTEGER,
  };
  const message = msg(conv, `local-${clientId}`, at, {
    id: `local:${clientId}`,
    clientId,
    state: 'failed',
    fromPage: true,
  });
  return [entry, message];
}

const publishPost = (id: string, accountId: string, draft: 0 | 1 = 0) => ({
  id,
  accountId,
  kind: 'photo' as const,
  caption: id,
  overrides: {},
  media: [],
  draft,
  createdAt: T,
  updatedAt: T,
});
const target = (postId: string, accountId: string, state: 'published' | 'queued') => ({
  id: `${postId}|facebook`,
  postId,
  accountId,
  network: 'facebook' as const,
  state,
  seq: 1,
  attempts: 0,
  nextAttemptAt: Number.MAX_SAFE_INTEGER,
});
const syncRow = (accountId: string, stream: string) => ({
  key: syncKey(accountId, stream),
  accountId,
  stream,
  backfillDone: true,
  itemCount: 1,
  skipped: 0,
});

/** Two accounts with a bit of everything; account a has one unsent reply (old) and one queued post. */
async function seed() {
  await db.posts.bulkPut([makePost('a', 1), makePost('a', 2), makePost('b', 3)] as never);
  await db.media.bulkPut([makeMedia('a', 1), makeMedia('b', 2)] as never);
  await db.stories.bulkPut([makeStory('a', 7, T - DAY), makeStory('b', 8, T)] as never);
  await db.conversations.bulkPut([convA, convA2, convB]);
  const [entry, local] = unsent(convA, 'c1', T - 10 * DAY);
  await db.messages.bulkPut([
    msg(convA, 'old', T - 20 * DAY),
    msg(convA, 'edge', T - 5 * DAY),
    msg(convA, 'new', T),
    msg(convA2, 'old2', T - 6 * DAY),
    msg(convB, 'oldB', T - 30 * DAY),
    local,
  ]);
  await db.outbox.put(entry);
  await db.publishPosts.bulkPut([
    publishPost('done', 'a'),
    publishPost('queued', 'a'),
    publishPost('draft', 'a', 1),
    publishPost('other', 'b'),
  ]);
  await db.publishTargets.bulkPut([
    target('done', 'a', 'published'),
    target('queued', 'a', 'queued'),
    target('other', 'b', 'queued'),
  ]);
  await db.publishBlobs.put({ id: 'f1', postId: 'queued', blob: new Blob(['x']) });
  await db.comments.bulkPut([
    { id: 'c-a', accountId: 'a', postId: 'fb:a_1', createdTime: T, lists: [], words: [], syncedAt: T },
    { id: 'c-b', accountId: 'b', postId: 'fb:b_3', createdTime: T, lists: [], words: [], syncedAt: T },
  ] as never);
  await db.commentMarks.bulkPut([
    { id: 'fb:a_1', accountId: 'a', count: 1, fetchedAt: T },
    { id: 'fb:b_3', accountId: 'b', count: 1, fetchedAt: T },
  ]);
  await db.syncState.bulkPut(
    ['feed', 'gallery', 'stories', 'messenger', 'comments', 'insights', 'messenger messages'].flatMap((s) => [
      syncRow('a', s),
      syncRow('b', s),
    ]),
  );
}

/** Everything of account b, to prove a wipe of a never touches it. */
async function accountB() {
  const lines = await inventoryOf(db, 'b');
  const states = await db.syncState.where('accountId').equals('b').primaryKeys();
  return { lines, states };
}

const counts = async (accountId: string) =>
  Object.fromEntries((await inventoryOf(db, accountId)).map((l) => [l.kind, l.count]));

/** The preview equals what the wipe then deletes, and the inventory drops by exactly that. */
async function wipeChecked(req: WipeRequest) {
  const before = await counts(req.accountId);
  const preview = await previewWipe(db, req);
  const result = await runWipe(db, req);
  expect(result).toEqual(preview);
  const after = await counts(req.accountId);
  for (const line of preview.lines) expect(after[line.kind]).toBe(before[line.kind]! - line.count);
  return result;
}

describe('selective delete', () => {
  it('a whole account: everything of it goes, the unsent reply and the queued posts stay, the other account is untouched', async () => {
    await seed();
    const b = await accountB();
    const r = await wipeChecked({ accountId: 'a', kind: 'account' });
    expect(r.unsentReplies).toBe(1);
    expect(r.unsentPosts).toBe(2);
    expect(r.count).toBeGreaterThan(10);
    expect(await counts('a')).toMatchObject({
      posts: 0,
      media: 0,
      stories: 0,
      comments: 0,
      commentMarks: 0,
      // The unsent reply, its message in the thread and its conversation.
      outbox: 1,
      messages: 1,
      conversations: 1,
      // The draft and the queued post with its progress and file; the published one is gone.
      publishPosts: 2,
      publishTargets: 1,
      publishBlobs: 1,
    });
    expect(await db.messages.get('local:c1')).toBeDefined();
    expect((await db.publishPosts.get('done'))?.id).toBeUndefined();
    // Every stream of a starts over; the kept conversation fetches its messages again.
    expect(await db.syncState.where('accountId').equals('a').count()).toBe(0);
    expect((await db.conversations.get(convA.id))?.messagesSyncedFor).toBeUndefined();
    expect(await accountB()).toEqual(b);
  });

  it('a whole account keeps the comment actions not yet applied (a queued hide, a reply whose outcome is unknown)', async () => {
    const action = (clientId: string, accountId: string, state: string) =>
      ({
        clientId,
        accountId,
        platform: 'fb',
        postId: 'fb:a_1',
        postNativeId: 'a_1',
        lane: 'fb:a_1',
        seq: 1,
        action: { kind: 'hide', hidden: true },
        state,
        createdAt: T,
        attempts: 0,
        nextAttemptAt: 0,
      }) as never;
    await db.commentActions.bulkPut([
      action('q1', 'a', 'queued'),
      action('u1', 'a', 'unconfirmed'),
      action('d1', 'a', 'done'),
      action('qb', 'b', 'queued'),
    ]);
    const r = await wipeChecked({ accountId: 'a', kind: 'account' });
    expect(r.unsentCommentActions).toBe(2);
    expect((await db.commentActions.toCollection().primaryKeys()).sort()).toEqual(['q1', 'qb', 'u1']);
    const all = await wipeChecked({ accountId: 'a', kind: 'account', includeUnsent: true });
    expect(all.unsentCommentActions).toBe(2);
    expect(await db.commentActions.toCollection().primaryKeys()).toEqual(['qb']);
  });

  it('says which unsent work may already be on its way, and which posts Facebook publishes anyway', async () => {
    await seed();
    const before = await previewWipe(db, { accountId: 'a', kind: 'account' });
    expect(before).toMatchObject({ onTheirWay: 0, scheduledOnFacebook: 0 });
    // A reply sent with no answer yet, a post being published, one scheduled on Facebook, an action being sent.
    const [entry] = unsent(convA2, 'c2', T);
    await db.outbox.put({ ...entry, state: 'unknown' });
    await db.publishPosts.bulkPut([publishPost('pp-live', 'a'), publishPost('pp-sched', 'a')] as never);
    await db.publishTargets.bulkPut([
      { ...target('pp-live', 'a', 'queued'), state: 'publishing' },
      { ...target('pp-sched', 'a', 'queued'), state: 'scheduled', scheduleMode: 'native' },
    ] as never);
    await db.commentActions.put({
      clientId: 's1',
      accountId: 'a',
      platform: 'fb',
      postId: 'fb:a_1',
      postNativeId: 'a_1',
      lane: 'fb:a_1',
      seq: 1,
      action: { kind: 'hide', hidden: true },
      state: 'sending',
      createdAt: T,
      attempts: 1,
      nextAttemptAt: 0,
    } as never);
    const r = await previewWipe(db, { accountId: 'a', kind: 'account', includeUnsent: true });
    expect(r).toMatchObject({ onTheirWay: 3, scheduledOnFacebook: 1 });
    // Another account's in-flight work is not counted.
    expect(await previewWipe(db, { accountId: 'b', kind: 'account' })).toMatchObject({ onTheirWay: 0 });
  });

  it('a whole account including unsent work: nothing of it is left', async () => {
    await seed();
    const r = await wipeChecked({ accountId: 'a', kind: 'account', includeUnsent: true });
    expect(r.unsentReplies).toBe(1);
    const left = Object.entries(await counts('a')).filter(([, c]) => c > 0);
    expect(left).toEqual([]);
    expect(await counts('b')).toMatchObject({ outbox: 0, publishPosts: 1, messages: 1 });
  });

  it('messages older than a date: strictly older go, the one at the date and newer stay, the unsent reply stays', async () => {
    await seed();
    const b = await accountB();
    const before = T - 5 * DAY;
    const preview = await previewWipe(db, { accountId: 'a', kind: 'messages', before });
    expect(preview.unsentReplies).toBe(1);
    expect(preview.lines).toEqual([expect.objectContaining({ kind: 'messages', count: 2 })]);
    await wipeChecked({ accountId: 'a', kind: 'messages', before });
    const left = (await db.messages.toArray()).map((m) => m.nativeId).sort();
    expect(left).toEqual(['edge', 'local-c1', 'new', 'oldB']);
    expect(await db.outbox.count()).toBe(1);
    // Conversations and their sync state stay (Meta would only send the newest messages again anyway).
    expect(await db.conversations.count()).toBe(3);
    expect((await db.conversations.get(convA.id))?.messagesSyncedFor).toBe(T);
    expect(await db.syncState.where('accountId').equals('a').count()).toBe(7);
    expect(await accountB()).toEqual(b);
  });

  it('messages older than a date: a conversation whose last message went no longer quotes it in the list', async () => {
    await seed();
    const before = T - 5 * DAY;
    await db.conversations.update(convA2.id, { updatedTime: T - 6 * DAY, snippet: 'message old2' });
    await db.conversations.update(convA.id, { updatedTime: T, snippet: 'message new' });
    await db.conversations.update(convB.id, { updatedTime: T - 30 * DAY, snippet: 'message oldB' });
    await wipeChecked({ accountId: 'a', kind: 'messages', before });
    expect((await db.conversations.get(convA2.id))?.snippet).toBeUndefined();
    expect((await db.conversations.get(convA.id))?.snippet).toBe('message new');
    expect((await db.conversations.get(convB.id))?.snippet).toBe('message oldB');
  });

  it('messages older than a date including the unsent reply: its outbox entry goes with its message', async () => {
    await seed();
    const r = await wipeChecked({
      accountId: 'a',
      kind: 'messages',
      before: T - 5 * DAY,
      includeUnsent: true,
    });
    expect(r.lines.map((l) => [l.kind, l.count])).toEqual([
      ['messages', 3],
      ['outbox', 1],
    ]);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.messages.get('local:c1')).toBeUndefined();
  });

  it('an unsent reply newer than the date is neither counted nor touched', async () => {
    await seed();
    const r = await wipeChecked({
      accountId: 'a',
      kind: 'messages',
      before: T - 15 * DAY,
      includeUnsent: true,
    });
    expect(r.unsentReplies).toBe(0);
    expect(r.lines.map((l) => [l.kind, l.count])).toEqual([
      ['messages', 1],
      ['outbox', 0],
    ]);
    expect(await db.outbox.count()).toBe(1);
  });

  it('refuses a messages wipe without a usable date, and an absurd future date keeps only unsent replies', async () => {
    await seed();
    for (const before of [undefined, Number.NaN, Number.POSITIVE_INFINITY])
      await expect(runWipe(db, { accountId: 'a', kind: 'messages', before })).rejects.toThrow(RangeError);
    expect(await db.messages.count()).toBe(6);
    await wipeChecked({ accountId: 'a', kind: 'messages', before: Number.MAX_SAFE_INTEGER });
    const left = (await db.messages.toArray()).map((m) => m.nativeId).sort();
    expect(left).toEqual(['local-c1', 'oldB']);
  });

  it.each([
    ['posts', ['posts'], ['feed']],
    ['media', ['media'], ['gallery']],
    ['stories', ['stories'], ['stories']],
    ['comments', ['comments', 'commentMarks'], ['comments']],
  ] as const)('%s: only that kind goes, and only its stream starts over', async (kind, kinds, streams) => {
    await seed();
    const b = await accountB();
    const prior = await counts('a');
    const r = await wipeChecked({ accountId: 'a', kind });
    expect(r.lines.map((l) => l.kind)).toEqual(kinds);
    expect(r.lines.every((l) => l.count > 0)).toBe(true);
    const after = await counts('a');
    for (const k of Object.keys(prior)) expect(after[k]).toBe(kinds.includes(k as never) ? 0 : prior[k]);
    const states = await db.syncState.where('accountId').equals('a').toArray();
    expect(states.map((s) => s.stream).sort()).toEqual(
      ['feed', 'gallery', 'stories', 'messenger', 'comments', 'insights', 'messenger messages']
        .filter((s) => !streams.includes(s as never))
        .sort(),
    );
    expect(await accountB()).toEqual(b);
  });
});
