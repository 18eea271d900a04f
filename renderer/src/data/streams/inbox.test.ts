import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Conversation, type Message } from '../../../../shared/models';
import { DuetDb } from '../db';
import { makeConversation, makeMessage } from '../../test/inbox-fixtures';
import { countMessages, listConversations } from '../repos/inbox';
import { createFakeBridge, type FakeBridge } from '../../test/fake-bridge';
import { metaNow, noteMetaClock } from '../meta-clock';
import { type SyncContext } from '../sync/types';
import { inboxStreams, type InboundMessage } from './inbox';

let db: DuetDb;
let bridge: FakeBridge;
let n = 0;
/** What the streams reported as new inbound messages. */
const reported: InboundMessage[] = [];
const onInbound = (m: InboundMessage[]) => reported.push(...m);
let threads: Map<string, Message[]>;
/** Meta's time minus the computer's, as the host reports it with each answer (Date headers). */
let metaOffset = 0;

const ctx = (): SyncContext => ({
  db,
  bridge,
  accountId: 'page1',
  progress: () => {},
  cancelled: () => false,
});
const page = <T>(items: T[], after?: string) => ({
  items,
  skipped: 0,
  paging: { hasMore: !!after, ...(after ? { after } : {}) },
  notModified: false,
});
const poll = (messenger: Conversation[]) => ({
  pages: { messenger: page(messenger) },
  errors: [],
});
/** How many conversations' messages were fetched (in inbox/messages-batch calls). */
const fetchedThreads = () =>
  bridge.callsOf('inbox/messages-batch').reduce((sum, req) => sum + req.conversations.length, 0);

beforeEach(async () => {
  db = new DuetDb(`streams-inbox-${++n}`);
  await db.open();
  bridge = createFakeBridge();
  reported.length = 0;
  threads = new Map();
  metaOffset = 0;
  bridge.handle('inbox/messages-batch', (req) => ({
    clock: { offsetMs: metaOffset, toleranceMs: 0 },
    threads: req.conversations.map((c) => ({
      ok: true as const,
      conversationId: c.conversationId,
      page: page([...(threads.get(`${c.platform}:${c.conversationId}`) ?? [])].reverse()),
    })),
  }));
});
afterEach(async () => {
  db.close();
  await db.delete();
});

describe('inbox streams', () => {
  it('applies instagram only to accounts with a linked Instagram account', () => {
    const [messenger, instagram] = inboxStreams();
    expect(messenger!.appliesTo({ id: 'p' })).toBe(true);
    expect(instagram!.appliesTo({ id: 'p' })).toBe(false);
    expect(instagram!.appliesTo({ id: 'p', instagram: {} })).toBe(true);
  });

  it('backfills conversation pages newest first, resumable, and prefetches recent messages', async () => {
    const convs = Array.from({ length: 5 }, (_, i) => makeConversation(5 - i));
    for (const c of convs) threads.set(c.id, [makeMessage(c, `x${c.nativeId}`, c.updatedTime)]);
    bridge.handle('inbox/conversations', (req) => {
      const start = Number(req.after ?? 0);
      return page(convs.slice(start, start + 2), start + 2 < convs.length ? String(start + 2) : undefined);
    });
    const [messenger] = inboxStreams({ pageSize: 2, prefetchMessagesFor: 3 });
    await messenger!.backfill(ctx());
    expect((await listConversations(db, 'page1')).map((c) => c.id)).toEqual(convs.map((c) => c.id));
    expect(await db.syncState.get('page1|messenger')).toMatchObject({ backfillDone: true, itemCount: 5 });
    expect(fetchedThreads()).toBe(3);
    expect(bridge.callsOf('inbox/messages-batch')).toHaveLength(1); // in one call
    expect(await countMessages(db, convs[0]!.id)).toBe(1);
    // Done means done: a second backfill asks for nothing more.
    const before = bridge.callsOf('inbox/conversations').length;
    await messenger!.backfill(ctx());
    expect(bridge.callsOf('inbox/conversations')).toHaveLength(before);
  });

  it('fetches messages only where updated_time moved and reports new inbound messages', async () => {
    const a = makeConversation(1, { updatedTime: 100 });
    const b = makeConversation(2, { updatedTime: 200 });
    threads.set(a.id, [makeMessage(a, 'a1', 100)]);
    threads.set(b.id, [makeMessage(b, 'b1', 200)]);
    const [messenger] = inboxStreams({ onInbound });
    await messenger!.ingestPoll(poll([a, b]), ctx());
    expect(fetchedThreads()).toBe(2);
    expect(reported).toHaveLength(0); // the first fetch is history, not news

    await messenger!.ingestPoll(poll([a, b]), ctx());
    expect(fetchedThreads()).toBe(2); // nothing moved, nothing fetched

    threads.get(a.id)!.push(makeMessage(a, 'a2', 300, { text: 'Do you ship to Lyon?' }));
    threads.get(b.id)!.push(makeMessage(b, 'b2', 310, { text: 'ok thanks' }));
    threads.get(b.id)!.push(makeMessage(b, 'b3', 320, { fromPage: true, text: 'Our reply' }));
    await messenger!.ingestPoll(
      poll([
        { ...a, updatedTime: 300 },
        { ...b, updatedTime: 320 },
      ]),
      ctx(),
    );
    expect(fetchedThreads()).toBe(4);
    expect(bridge.callsOf('inbox/messages-batch')).toHaveLength(2); // one call per tick that moved
    // The newest inbound message of each conversation (most recently active first); the Page's reply is not news.
    expect(reported.map((x) => [x.conversation.id, x.message.text])).toEqual([
      [b.id, 'ok thanks'],
      [a.id, 'Do you ship to Lyon?'],
    ]);
  });

  it('fetches again when the last fetch began within the second of updated_time (a later message in it keeps it)', async () => {
    // Meta's updated_time and created_time have second resolution: a message written later in the same second as
    // the fetch leaves updated_time where it was. Only a fetch that began after that second is known complete.
    const T = 1_800_000_000_000;
    const c = makeConversation(1, { updatedTime: T });
    threads.set(c.id, [makeMessage(c, 'c1', T)]);
    const [messenger] = inboxStreams({ onInbound });
    metaOffset = T + 300 - Date.now(); // Meta's clock reads T + 0.3 s
    await messenger!.ingestPoll(poll([c]), ctx());
    expect(fetchedThreads()).toBe(1);

    // At T + 0.6 s the customer writes again: updated_time is still T (same second).
    threads.get(c.id)!.push(makeMessage(c, 'c2', T, { text: 'One more question' }));
    metaOffset = T + 700 - Date.now();
    await messenger!.ingestPoll(poll([c]), ctx());
    expect(fetchedThreads()).toBe(2);
    expect(await countMessages(db, c.id)).toBe(2);
    expect(reported.map((x) => x.message.text)).toEqual(['One more question']);

    // That fetch began within the second too; one that begins after it settles the conversation.
    metaOffset = T + 1_500 - Date.now();
    await messenger!.ingestPoll(poll([c]), ctx());
    expect(fetchedThreads()).toBe(3);
    await messenger!.ingestPoll(poll([c]), ctx());
    expect(fetchedThreads()).toBe(3);
    expect(reported).toHaveLength(1);
  });

  it("hands Meta's clock from each thread fetch to the views' Meta-time clock", async () => {
    // The views judge Meta's windows (24 h reply, 7-day private reply) in Meta's time: a computer 9 days slow must
    // not show a private reply as possible when Meta's own clock says the week is over.
    const c = makeConversation(1);
    threads.set(c.id, [makeMessage(c, 'c1', Date.now())]);
    metaOffset = 9 * 86_400_000;
    const [messenger] = inboxStreams({ onInbound });
    const before = Date.now();
    await messenger!.ingestPoll(poll([c]), ctx());
    expect(metaNow() - before).toBeGreaterThanOrEqual(9 * 86_400_000);
    expect(metaNow() - Date.now()).toBeLessThanOrEqual(9 * 86_400_000);
    noteMetaClock({ offsetMs: 0, toleranceMs: 0 });
  });

  it("fetches again when Meta's clock was unknown at the last fetch", async () => {
    const c = makeConversation(1, { updatedTime: 100 });
    threads.set(c.id, [makeMessage(c, 'c1', 100)]);
    const [messenger] = inboxStreams({ onInbound });
    bridge.handle('inbox/messages-batch', (req) => ({
      threads: req.conversations.map((x) => ({
        ok: true as const,
        conversationId: x.conversationId,
        page: page([...(threads.get(`${x.platform}:${x.conversationId}`) ?? [])]),
      })),
    }));
    await messenger!.ingestPoll(poll([c]), ctx());
    await messenger!.ingestPoll(poll([c]), ctx());
    expect(fetchedThreads()).toBe(2);
  });

  it('fetches the moved conversations of both platforms in one call per poll answer', async () => {
    const m = makeConversation(1, { updatedTime: 100 });
    const i = makeConversation(2, { updatedTime: 100, platform: 'instagram' });
    const [messenger, instagram] = inboxStreams({ onInbound });
    const answer = { pages: { messenger: page([m]), instagram: page([i]) }, errors: [] };
    await Promise.all([messenger!.ingestPoll(answer, ctx()), instagram!.ingestPoll(answer, ctx())]);
    expect(bridge.callsOf('inbox/messages-batch')).toEqual([
      {
        accountId: 'page1',
        conversations: [
          { platform: 'messenger', conversationId: m.nativeId },
          { platform: 'instagram', conversationId: i.nativeId },
        ],
      },
    ]);
  });

  it('does not keep the other platform waiting when its part of the answer failed', async () => {
    const m = makeConversation(1, { updatedTime: 100 });
    const [messenger, instagram] = inboxStreams({ onInbound });
    const answer = {
      pages: { messenger: page([m]) },
      errors: [{ stream: 'instagram' as const, kind: 'transient', message: 'Facebook did not answer.' }],
    };
    await Promise.all([messenger!.ingestPoll(answer, ctx()), instagram!.ingestPoll(answer, ctx())]);
    expect(fetchedThreads()).toBe(1);
  });
});
