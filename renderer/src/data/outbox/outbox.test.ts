import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuetDb } from '../db';
import { threadWindow } from '../repos/inbox';
import { createSessionGate } from '../session-gate';
import { createOutbox, localMessageId } from './outbox';
import {
  createFakeClock,
  createFakeMessaging,
  makeConversationRow,
  type FakeSendAction,
} from '../../test/inbox-fixtures';
import { OutboxRejection, type Outbox } from './types';
import { noteMetaClock } from '../meta-clock';
import { HUMAN_AGENT_WINDOW_MS, STANDARD_WINDOW_MS } from './window';

let db: DuetDb;
let n = 0;
let clock: ReturnType<typeof createFakeClock>;
let fake: ReturnType<typeof createFakeMessaging>;
let outbox: Outbox;
let online = true;

function makeOutbox(bridge = fake.bridge()) {
  return createOutbox({
    db,
    bridge,
    now: clock.now,
    setTimer: clock.setTimer,
    random: () => 0.5,
    isOnline: () => online,
    newClientId: (() => {
      let i = 0;
      return () => `client-${n}-${++i}`;
    })(),
  });
}

/** Lets the outbox run until it has nothing to do before the next timer. */
async function settle(ob = outbox) {
  for (let i = 0; i < 5; i++) {
    await ob.idle();
    await new Promise((r) => setTimeout(r, 0));
  }
}

/** Advances fake time through every pending timer (backoffs, rechecks) until the outbox is quiet. */
async function drain(ob = outbox, rounds = 50) {
  await settle(ob);
  for (let i = 0; i < rounds && clock.pending() > 0; i++) {
    clock.advance(clock.nextAt() - clock.now());
    await settle(ob);
  }
}

const conv1 = () => makeConversationRow(1, { lastCustomerMessageAt: clock.now() - 60_000 });
const conv2 = () =>
  makeConversationRow(2, { platform: 'instagram', lastCustomerMessageAt: clock.now() - 60_000 });

beforeEach(async () => {
  n++;
  db = new DuetDb(`outbox-test-${n}`);
  await db.open();
  clock = createFakeClock();
  fake = createFakeMessaging({ now: clock.now });
  online = true;
  await db.conversations.bulkPut([conv1(), conv2()]);
  outbox = makeOutbox();
  await outbox.start();
});
afterEach(async () => {
  outbox.stop();
  db.close();
  await db.delete();
});

describe('send', () => {
  it('shows the reply at once as queued, then adopts Meta’s id once sent — delivered exactly once', async () => {
    online = false;
    const clientId = await outbox.send(conv1(), '  See you at 5!  ');
    const [bubble] = await threadWindow(db, conv1().id, 10);
    expect(bubble).toMatchObject({
      id: localMessageId(clientId),
      text: 'See you at 5!',
      state: 'queued',
      fromPage: true,
    });
    expect(await db.outbox.get(clientId)).toMatchObject({ state: 'queued', seq: 1 });

    online = true;
    outbox.kick();
    await drain();
    expect(fake.ledger.map((e) => e.text)).toEqual(['See you at 5!']);
    const thread = await threadWindow(db, conv1().id, 10);
    expect(thread).toHaveLength(1);
    expect(thread[0]).toMatchObject({
      id: `messenger:${fake.ledger[0]!.messageId}`,
      state: 'sent',
      clientId,
    });
    expect(await db.outbox.count()).toBe(0);
  });

  it('refuses a reply outside the 24 h window without writing anything, and allows it with HUMAN_AGENT', async () => {
    const old = makeConversationRow(3, { lastCustomerMessageAt: clock.now() - STANDARD_WINDOW_MS - 1 });
    await expect(outbox.send(old, 'hello?')).rejects.toThrow(/24-hour reply window has closed/);
    await expect(outbox.send(old, '   ')).rejects.toBeInstanceOf(OutboxRejection);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.messages.count()).toBe(0);
    await outbox.send(old, 'Sorry for the wait', { humanAgent: true });
    expect((await db.outbox.toArray())[0]).toMatchObject({ tag: 'HUMAN_AGENT' });
    const ancient = makeConversationRow(4, {
      lastCustomerMessageAt: clock.now() - HUMAN_AGENT_WINDOW_MS - 1,
    });
    await expect(outbox.send(ancient, 'hi', { humanAgent: true })).rejects.toThrow(/customer writes again/);
  });

  it("judges the window in Meta's time: a local clock 6 h fast does not refuse a reply Meta still takes", async () => {
    // 27 h ago by this computer's clock, 21 h ago by Meta's (the host measured Meta 6 h behind).
    noteMetaClock({ offsetMs: -6 * 3_600_000, toleranceMs: 1000 });
    try {
      const conv = makeConversationRow(5, {
        lastCustomerMessageAt: clock.now() - 21 * 3_600_000 - 6 * 3_600_000,
      });
      await outbox.send(conv, 'Still in time');
      expect(await db.outbox.count()).toBe(1);
    } finally {
      noteMetaClock({ offsetMs: 0, toleranceMs: 0 });
    }
  });
});

describe('outcomes', () => {
  it('keeps per-conversation order through throttling, with conversations in parallel', async () => {
    const plan: Record<string, FakeSendAction[]> = { a1: ['retryable', 'retryable'], b1: ['retryable'] };
    fake.state.decide = (text) => plan[text]?.shift() ?? 'deliver';
    online = false;
    for (const t of ['a1', 'a2', 'a3']) await outbox.send(conv1(), t);
    for (const t of ['b1', 'b2']) await outbox.send(conv2(), t);
    online = true;
    outbox.kick();
    await drain();
    const byConv = (id: string) => fake.ledger.filter((e) => e.conversationId === id).map((e) => e.text);
    expect(byConv(conv1().id)).toEqual(['a1', 'a2', 'a3']);
    expect(byConv(conv2().id)).toEqual(['b1', 'b2']);
    expect(await db.outbox.count()).toBe(0);
  });

  it('marks a refused reply failed with the reason, never retries it silently, and retries on request', async () => {
    fake.state.decide = (() => {
      let first = true;
      return (): FakeSendAction => (first ? ((first = false), 'permanent') : 'deliver');
    })();
    const clientId = await outbox.send(conv1(), 'refused');
    await drain();
    expect(await db.messages.get(localMessageId(clientId))).toMatchObject({
      state: 'failed',
      error: 'Outside the allowed window',
    });
    expect(fake.ledger).toHaveLength(0);
    await outbox.retry(clientId);
    await drain();
    expect(fake.ledger.map((e) => e.text)).toEqual(['refused']);
    expect(await db.messages.get(localMessageId(clientId))).toBeUndefined();
  });

  it('discards a failed reply and its bubble', async () => {
    fake.state.decide = () => 'permanent';
    const clientId = await outbox.send(conv1(), 'nope');
    await drain();
    await outbox.discard(clientId);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.messages.count()).toBe(0);
  });

  it('pauses on an expired token without dropping anything and resumes after sign-in', async () => {
    fake.state.decide = (() => {
      let first = true;
      return (): FakeSendAction => (first ? ((first = false), 'auth') : 'deliver');
    })();
    // The shell's part: its session status follows session/changed, and the session gate follows it.
    const gate = createSessionGate();
    const bridge = fake.bridge();
    bridge.on('session/changed', (s) => gate.set(s.status));
    gate.add(outbox);
    await outbox.send(conv1(), 'one');
    await outbox.send(conv1(), 'two');
    await settle();
    expect(outbox.pausedReason()).toBe('session-expired');
    expect((await db.outbox.toArray()).map((r) => r.state)).toEqual(['queued', 'queued']);
    fake.state.sessionActive = true;
    fake.emit('session/changed', { status: 'active', vault: { backend: 'fake', secure: true } });
    await drain();
    expect(fake.ledger.map((e) => e.text)).toEqual(['one', 'two']);
  });

  it('reconciles an ambiguous send against the thread instead of sending it twice', async () => {
    const plan: FakeSendAction[] = ['throw-delivered', 'ambiguous-lost'];
    fake.state.decide = () => plan.shift() ?? 'deliver';
    const delivered = await outbox.send(conv1(), 'maybe delivered');
    await outbox.send(conv2(), 'maybe lost');
    await drain();
    expect(fake.ledger.map((e) => e.text).sort()).toEqual(['maybe delivered', 'maybe lost']);
    const thread = await threadWindow(db, conv1().id, 10);
    expect(thread).toEqual([
      expect.objectContaining({ clientId: delivered, state: 'sent', text: 'maybe delivered' }),
    ]);
    expect(await db.outbox.count()).toBe(0);
  });

  it('after a crash while sending, reconciles the leftover entry before any retry', async () => {
    fake.state.decide = (() => {
      let first = true;
      return (): FakeSendAction => (first ? ((first = false), 'hang-delivered') : 'deliver');
    })();
    const oldBridge = fake.bridge();
    const crashed = makeOutbox(oldBridge);
    outbox.stop();
    await crashed.start();
    const hang = fake.nextHang();
    const clientId = await crashed.send(conv1(), 'sent just before the crash');
    await crashed.send(conv1(), 'second');
    await hang;
    // The renderer dies: no stop(), its pending call never answers, the database connection goes away.
    oldBridge.kill();
    clock.clear();
    db.close();
    db = new DuetDb(`outbox-test-${n}`);
    await db.open();
    expect((await db.outbox.get(clientId))?.state).toBe('sending');
    outbox = makeOutbox();
    await outbox.start();
    await drain();
    expect(fake.ledger.map((e) => e.text)).toEqual(['sent just before the crash', 'second']);
    expect(await db.outbox.count()).toBe(0);
    expect((await threadWindow(db, conv1().id, 10)).map((m) => m.state)).toEqual(['sent', 'sent']);
  });

  it('recognises its delivery when the computer’s clock is minutes ahead of Meta’s (no second copy)', async () => {
    fake.state.metaOffsetMs = -5 * 60_000;
    fake.state.decide = (() => {
      let first = true;
      return (): FakeSendAction => (first ? ((first = false), 'ambiguous-delivered') : 'deliver');
    })();
    const clientId = await outbox.send(conv1(), 'Your order shipped');
    await drain();
    expect(fake.ledger.map((e) => e.text)).toEqual(['Your order shipped']);
    expect(await db.messages.get(localMessageId(clientId))).toBeUndefined();
    expect((await threadWindow(db, conv1().id, 10)).map((m) => m.state)).toEqual(['sent']);
  });

  it('does not mistake an older identical Page message for its delivery when the clock is behind Meta’s', async () => {
    fake.state.metaOffsetMs = 5 * 60_000;
    // The Page wrote the same words three minutes ago (another device), already seen by the poller.
    fake.inbound(conv1(), 'Thanks!', {
      fromPage: true,
      at: clock.now() + fake.state.metaOffsetMs - 3 * 60_000,
    });
    fake.state.decide = (() => {
      let first = true;
      return (): FakeSendAction => (first ? ((first = false), 'ambiguous-lost') : 'deliver');
    })();
    const clientId = await outbox.send(conv1(), 'Thanks!');
    await drain();
    expect(fake.ledger.map((e) => e.clientId)).toEqual([clientId]);
    expect(await db.outbox.count()).toBe(0);
  });
});

describe('Meta’s 20-message window', () => {
  const flood = (count: number) => () => {
    for (let i = 0; i < count; i++) fake.inbound(conv1(), `are you there? ${i}`);
  };

  it('does not resend a reply it cannot find when 20+ newer messages hide the attempt: it is unconfirmed', async () => {
    fake.state.decide = () => 'ambiguous-delivered';
    fake.state.afterSend = flood(25);
    const clientId = await outbox.send(conv1(), 'Delivered, then buried');
    await drain();
    expect(fake.ledger.map((e) => e.text)).toEqual(['Delivered, then buried']);
    expect(await db.outbox.get(clientId)).toMatchObject({ state: 'unconfirmed' });
    expect(await db.messages.get(localMessageId(clientId))).toMatchObject({ state: 'unconfirmed' });
    // Never retried on its own, however long the app runs.
    clock.advance(60 * 60_000);
    await drain();
    expect(fake.ledger).toHaveLength(1);
  });

  it('lets the user check again (finds it once visible) or send again explicitly', async () => {
    fake.state.decide = () => 'ambiguous-lost';
    fake.state.afterSend = flood(25);
    const clientId = await outbox.send(conv1(), 'Lost, then buried');
    await drain();
    expect(await db.outbox.get(clientId)).toMatchObject({ state: 'unconfirmed' });
    fake.state.decide = () => 'deliver';
    fake.state.afterSend = undefined;
    await outbox.checkAgain(clientId);
    await drain();
    expect(await db.outbox.get(clientId)).toMatchObject({ state: 'unconfirmed' });
    expect(fake.ledger).toHaveLength(0);
    await outbox.sendAgain(clientId);
    await drain();
    expect(fake.ledger.map((e) => e.clientId)).toEqual([clientId]);
    expect(await db.outbox.count()).toBe(0);
  });

  it('still proves non-delivery (and resends once) when the window reaches back before the attempt', async () => {
    const plan: FakeSendAction[] = ['ambiguous-lost'];
    fake.state.decide = () => plan.shift() ?? 'deliver';
    fake.state.afterSend = flood(5);
    await outbox.send(conv1(), 'Lost, window reaches back');
    await drain();
    expect(fake.ledger.map((e) => e.text)).toEqual(['Lost, window reaches back']);
    expect(await db.outbox.count()).toBe(0);
  });

  it('sends again when the host proves it never began the send (the renderer died before the call arrived)', async () => {
    // The first renderer writes `sending`, then dies before its call reaches the host.
    const real = fake.bridge();
    let sendReached!: () => void;
    const reached = new Promise<void>((r) => (sendReached = r));
    const dying = {
      ...real,
      invoke: ((name: string, req: unknown) => {
        if (name === 'inbox/send') {
          sendReached();
          return new Promise(() => {});
        }
        return real.invoke(name as never, req as never);
      }) as typeof real.invoke,
    };
    outbox.stop();
    const crashed = makeOutbox(dying);
    await crashed.start();
    const clientId = await crashed.send(conv1(), 'Never left the app');
    await reached;
    real.kill();
    clock.clear();
    db.close();
    flood(25)();
    db = new DuetDb(`outbox-test-${n}`);
    await db.open();
    outbox = makeOutbox();
    await outbox.start();
    await drain();
    expect(fake.ledger.map((e) => e.clientId)).toEqual([clientId]);
    expect(await db.outbox.count()).toBe(0);
  });
});
