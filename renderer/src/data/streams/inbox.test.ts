import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Conversation, type Message } from '../../../../shared/models';
import { DuetDb } from '../db';
import { makeConversation, makeMessage } from '../../test/inbox-fixtures';
import { countMessages, listConversations } from '../repos/inbox';
import { createFakeBridge, type FakeBridge } from '../../test/fake-bridge';
import { type SyncContext } from '../sync/types';
import { createInboxSignals, inboxStreams, type InboxSignals } from './inbox';

let db: DuetDb;
let bridge: FakeBridge;
let signals: InboxSignals;
let focused = true;
let n = 0;
const notified: Array<{ title: string; body: string; conversationId: string; click: () => void }> = [];
let threads: Map<string, Message[]>;

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
  conversations: { messenger: page(messenger) },
  errors: [],
});

beforeEach(async () => {
  db = new DuetDb(`streams-inbox-${++n}`);
  await db.open();
  bridge = createFakeBridge();
  signals = createInboxSignals();
  focused = true;
  notified.length = 0;
  threads = new Map();
  bridge.notify = async (note, click) => {
    notified.push({ ...note, click });
    return true;
  };
  bridge.handle('settings/get', () => ({ notifications: true }) as never);
  bridge.handle('inbox/messages', (req) =>
    page([...(threads.get(`${req.platform}:${req.conversationId}`) ?? [])].reverse()),
  );
});
afterEach(async () => {
  db.close();
  await db.delete();
});

describe('inbox streams', () => {
  it('applies instagram only to accounts with a linked Instagram account', () => {
    const [messenger, instagram] = inboxStreams({ signals });
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
    const [messenger] = inboxStreams({ signals, pageSize: 2, prefetchMessagesFor: 3 });
    await messenger!.backfill(ctx());
    expect((await listConversations(db, 'page1')).map((c) => c.id)).toEqual(convs.map((c) => c.id));
    expect(await db.syncState.get('page1|messenger')).toMatchObject({ backfillDone: true, itemCount: 5 });
    expect(bridge.callsOf('inbox/messages')).toHaveLength(3);
    expect(await countMessages(db, convs[0]!.id)).toBe(1);
    // Done means done: a second backfill asks for nothing more.
    const before = bridge.callsOf('inbox/conversations').length;
    await messenger!.backfill(ctx());
    expect(bridge.callsOf('inbox/conversations')).toHaveLength(before);
  });

  it('fetches messages only where updated_time moved and notifies new inbound messages (not the open, focused one)', async () => {
    const a = makeConversation(1, { updatedTime: 100 });
    const b = makeConversation(2, { updatedTime: 200 });
    threads.set(a.id, [makeMessage(a, 'a1', 100)]);
    threads.set(b.id, [makeMessage(b, 'b1', 200)]);
    const [messenger] = inboxStreams({ signals, isFocused: () => focused });
    await messenger!.ingestPoll(poll([a, b]), ctx());
    expect(bridge.callsOf('inbox/messages')).toHaveLength(2);
    expect(notified).toHaveLength(0); // the first fetch is history, not news

    await messenger!.ingestPoll(poll([a, b]), ctx());
    expect(bridge.callsOf('inbox/messages')).toHaveLength(2); // nothing moved, nothing fetched

    threads.get(a.id)!.push(makeMessage(a, 'a2', 300, { text: 'Do you ship to Lyon?' }));
    threads.get(b.id)!.push(makeMessage(b, 'b2', 310, { text: 'ok thanks' }));
    signals.openConversationId = b.id;
    await messenger!.ingestPoll(
      poll([
        { ...a, updatedTime: 300 },
        { ...b, updatedTime: 310 },
      ]),
      ctx(),
    );
    expect(bridge.callsOf('inbox/messages')).toHaveLength(4);
    expect(notified.map((x) => [x.conversationId, x.body])).toEqual([[a.id, 'Do you ship to Lyon?']]);
    expect(notified[0]!.title).toContain('Customer 1');

    const opened: string[] = [];
    signals.onOpenRequest((id) => opened.push(id));
    notified[0]!.click();
    expect(opened).toEqual([a.id]);
  });

  it('notifies the open conversation when the window is not focused', async () => {
    const a = makeConversation(1, { updatedTime: 100 });
    threads.set(a.id, [makeMessage(a, 'a1', 100)]);
    const [messenger] = inboxStreams({ signals, isFocused: () => focused });
    await messenger!.ingestPoll(poll([a]), ctx());
    signals.openConversationId = a.id;
    focused = false;
    threads.get(a.id)!.push(makeMessage(a, 'a2', 300, { text: 'hello?' }));
    await messenger!.ingestPoll(poll([{ ...a, updatedTime: 300 }]), ctx());
    expect(notified.map((x) => x.body)).toEqual(['hello?']);
  });
});
