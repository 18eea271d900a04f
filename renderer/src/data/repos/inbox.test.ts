import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuetDb } from '../db';
import { makeConversation, makeMessage } from '../../test/inbox-fixtures';
import {
  countMessages,
  ingestConversationPage,
  ingestMessageBatch,
  ingestMessages,
  listConversations,
  markReadLocally,
  messagesBefore,
  searchMessages,
  threadWindow,
  totalUnread,
} from './inbox';

let db: DuetDb;
let n = 0;
beforeEach(async () => {
  db = new DuetDb(`repo-test-${++n}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

describe('conversation list', () => {
  it('merges both platforms by last activity and filters by platform and unread', async () => {
    await ingestConversationPage(db, [
      makeConversation(1, { platform: 'messenger', updatedTime: 100 }),
      makeConversation(2, { platform: 'instagram', updatedTime: 300, unreadCount: 2 }),
      makeConversation(3, { platform: 'messenger', updatedTime: 200, unreadCount: 1 }),
      makeConversation(4, { platform: 'messenger', updatedTime: 400, accountId: 'other' }),
    ]);
    const ids = async (filter: Parameters<typeof listConversations>[2]) =>
      (await listConversations(db, 'page1', filter)).map((c) => c.id);
    expect(await ids({})).toEqual(['instagram:t_2', 'messenger:t_3', 'messenger:t_1']);
    expect(await ids({ filter: 'messenger' })).toEqual(['messenger:t_3', 'messenger:t_1']);
    expect(await ids({ filter: 'instagram' })).toEqual(['instagram:t_2']);
    expect(await ids({ filter: 'unread' })).toEqual(['instagram:t_2', 'messenger:t_3']);
    expect(await ids({ limit: 1 })).toEqual(['instagram:t_2']);
    expect(await ids({ before: 300 })).toEqual(['messenger:t_3', 'messenger:t_1']);
    expect(await totalUnread(db, 'page1')).toBe(3);
  });

  it('keeps local facts across re-ingest and reports only conversations whose updated_time moved', async () => {
    const c1 = makeConversation(1, { updatedTime: 100, unreadCount: 1 });
    const c2 = makeConversation(2, { updatedTime: 200 });
    const first = await ingestConversationPage(db, [c1, c2]);
    expect(first.moved.map((c) => c.id)).toEqual([c2.id, c1.id]);
    // Fetched (in Meta's time) well after both updated_times: complete.
    await ingestMessages(db, c1, [makeMessage(c1, 'a', 90)], 5_000);
    await ingestMessages(db, c2, [makeMessage(c2, 'b', 190)], 5_000);
    await markReadLocally(db, c1.id);
    // Meta still says unread (mark_seen may be off): the local read marker wins until something newer arrives.
    const again = await ingestConversationPage(db, [c1, { ...c2, updatedTime: 250 }]);
    expect(again.moved.map((c) => c.id)).toEqual([c2.id]);
    const stored = await db.conversations.get(c1.id);
    expect(stored).toMatchObject({ unread: 0, lastCustomerMessageAt: 90, messagesSyncedFor: 100 });
    await ingestConversationPage(db, [{ ...c1, updatedTime: 150, unreadCount: 1 }]);
    expect((await db.conversations.get(c1.id))?.unread).toBe(1);
  });

  it('reports a conversation again while its last fetch may have missed a same-second message', async () => {
    const c = makeConversation(1, { updatedTime: 10_000 });
    await ingestConversationPage(db, [c]);
    // Began within updated_time's second (10.0–11.0 s): a message later in it would leave updated_time unchanged.
    await ingestMessages(db, c, [makeMessage(c, 'a', 10_000)], 10_400);
    expect((await ingestConversationPage(db, [c])).moved.map((x) => x.id)).toEqual([c.id]);
    // Meta's clock unknown: the same.
    await ingestMessages(db, c, [makeMessage(c, 'a', 10_000)]);
    expect((await ingestConversationPage(db, [c])).moved.map((x) => x.id)).toEqual([c.id]);
    // Began after the second ended: settled, and stays settled across re-ingest.
    await ingestMessages(db, c, [makeMessage(c, 'a', 10_000)], 11_000);
    expect((await ingestConversationPage(db, [c])).moved).toEqual([]);
    expect((await ingestConversationPage(db, [c])).moved).toEqual([]);
  });
});

describe('messages', () => {
  it('keeps every message ever seen although Meta returns only the 20 newest', async () => {
    const c = makeConversation(1);
    await ingestConversationPage(db, [c]);
    const all = Array.from({ length: 30 }, (_, i) => makeMessage(c, `m${i}`, 1000 + i));
    await ingestMessages(db, c, all.slice(0, 20));
    await ingestMessages(db, c, all.slice(10, 30));
    expect(await countMessages(db, c.id)).toBe(30);
    const window = await threadWindow(db, c.id, 5);
    expect(window.map((m) => m.nativeId)).toEqual(['m25', 'm26', 'm27', 'm28', 'm29']);
    const older = await messagesBefore(db, c.id, window[0]!.createdTime, 3);
    expect(older.map((m) => m.nativeId)).toEqual(['m22', 'm23', 'm24']);
    expect((await db.conversations.get(c.id))?.lastCustomerMessageAt).toBe(1029);
  });

  it('adopts a Page message matching a pending outbox entry instead of showing it twice', async () => {
    const c = makeConversation(1);
    await ingestConversationPage(db, [c]);
    await db.outbox.put({
      clientId: 'client-0001',
      accountId: 'page1',
      platform: 'messenger',
      conversationId: c.id,
      conversationNativeId: c.nativeId,
      recipientId: 'u1',
      text: 'on my way',
      state: 'unknown',
      seq: 1,
      createdAt: 500_000,
      attemptAt: 500_000,
      // The delivery floor in Meta's time (the outbox sets it from the host's reading of Meta's clock).
      matchFrom: 499_000,
      attempts: 1,
      nextAttemptAt: 500_000,
    });
    await db.messages.put({
      ...makeMessage(c, 'client-0001', 500_000, { fromPage: true, text: 'on my way' }),
      id: 'local:client-0001',
      words: ['on', 'my', 'way'],
      clientId: 'client-0001',
      state: 'unknown',
    });
    const res = await ingestMessages(db, c, [
      makeMessage(c, 'old', 1000, { fromPage: true, text: 'on my way' }), // before the attempt: not ours
      makeMessage(c, 'real', 500_100, { fromPage: true, text: 'on my way' }),
    ]);
    expect(res.adopted).toEqual(['client-0001']);
    const thread = await threadWindow(db, c.id, 10);
    expect(thread.map((m) => [m.id, m.state])).toEqual([
      ['messenger:old', undefined],
      ['messenger:real', 'sent'],
    ]);
    expect(await db.outbox.count()).toBe(0);
    // The poller's later copy is an upsert that keeps the delivery fields.
    await ingestMessages(db, c, [makeMessage(c, 'real', 500_100, { fromPage: true, text: 'on my way' })]);
    expect(await countMessages(db, c.id)).toBe(2);
    expect((await db.messages.get('messenger:real'))?.clientId).toBe('client-0001');
  });
});

describe("adoption needs Meta's time", () => {
  it("never adopts an older identical Page message while the delivery floor in Meta's time is unknown", async () => {
    // The computer's clock is 90 s behind Meta's and the host has not read Meta's clock yet: a fixed tolerance on
    // the local attempt time would take the Page's earlier identical message for this reply (and lose the reply).
    const c = makeConversation(1);
    await ingestConversationPage(db, [c]);
    await db.outbox.put({
      clientId: 'client-0002',
      accountId: 'page1',
      platform: 'messenger',
      conversationId: c.id,
      conversationNativeId: c.nativeId,
      recipientId: 'u1',
      text: 'thanks!',
      state: 'sending',
      seq: 1,
      createdAt: 500_000,
      attemptAt: 500_000,
      attempts: 1,
      nextAttemptAt: 500_000,
    });
    const res = await ingestMessages(db, c, [
      makeMessage(c, 'earlier', 500_000 + 90_000 - 60_000, { fromPage: true, text: 'thanks!' }),
    ]);
    expect(res.adopted).toEqual([]);
    expect((await db.outbox.get('client-0002'))?.state).toBe('sending');
    expect((await db.messages.get('messenger:earlier'))?.clientId).toBeUndefined();
  });
});

describe('batch ingest', () => {
  it('writes several conversations at once: each adopts only its own reply, and a repeat is not new twice', async () => {
    const a = makeConversation(1, { updatedTime: 600_000 });
    const b = makeConversation(2, { updatedTime: 600_000 });
    await ingestConversationPage(db, [a, b]);
    await db.outbox.put({
      clientId: 'client-a',
      accountId: 'page1',
      platform: 'messenger',
      conversationId: a.id,
      conversationNativeId: a.nativeId,
      recipientId: 'u1',
      text: 'on my way',
      state: 'sending',
      seq: 1,
      createdAt: 500_000,
      attemptAt: 500_000,
      matchFrom: 499_000,
      attempts: 1,
      nextAttemptAt: 500_000,
    });
    const inA = makeMessage(a, 'a1', 400_000, { text: 'Where is my order?' });
    const results = await ingestMessageBatch(db, [
      // The same text sent from the Page in conversation B is not conversation A's reply.
      { conversation: b, items: [makeMessage(b, 'b1', 500_100, { fromPage: true, text: 'on my way' })] },
      { conversation: a, items: [inA, makeMessage(a, 'a2', 500_100, { fromPage: true, text: 'on my way' })] },
      // Conversation A fetched twice in one batch: its messages are new only once.
      { conversation: a, items: [inA] },
    ]);
    expect(results.map((r) => r.adopted)).toEqual([[], ['client-a'], []]);
    expect(results.map((r) => r.added.map((m) => m.id))).toEqual([['messenger:b1'], ['messenger:a1'], []]);
    expect(await db.outbox.count()).toBe(0);
    expect((await db.messages.get('messenger:a2'))?.clientId).toBe('client-a');
    expect((await db.messages.get('messenger:b1'))?.clientId).toBeUndefined();
    expect(await db.conversations.get(a.id)).toMatchObject({
      messagesSyncedFor: 600_000,
      lastCustomerMessageAt: 400_000,
    });
    expect((await db.conversations.get(b.id))?.messagesSyncedFor).toBe(600_000);
  });
});

describe('search', () => {
  it('finds messages offline by word prefix across both platforms, newest first', async () => {
    const m = makeConversation(1, { platform: 'messenger' });
    const i = makeConversation(2, { platform: 'instagram' });
    await ingestConversationPage(db, [m, i]);
    await ingestMessages(db, m, [makeMessage(m, 'a', 10, { text: 'Is the blue jacket still available?' })]);
    await ingestMessages(db, i, [
      makeMessage(i, 'b', 20, { text: 'Blue JACKETS restocked 🎉' }),
      makeMessage(i, 'c', 30, { text: 'Thanks!' }),
    ]);
    const hits = await searchMessages(db, 'page1', 'jack blue');
    expect(hits.map((h) => h.message.id)).toEqual(['instagram:b', 'messenger:a']);
    expect(hits[0]?.conversation?.id).toBe(i.id);
    expect(await searchMessages(db, 'page1', 'refund')).toEqual([]);
    expect(await searchMessages(db, 'other', 'blue')).toEqual([]);
  });
});
