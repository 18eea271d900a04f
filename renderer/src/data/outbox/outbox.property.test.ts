// Model-based property test of the outbox: random sends to a few conversations, random Send API outcomes (including
// ambiguous ones where the fake server did or did not deliver), network flaps, token expiry, poller ingests racing
// the flusher, and crashes at random points (the outbox instance and its database connection are dropped and a new
// one starts on the same data), Meta's clock minutes ahead of or behind the computer's, floods of more than 20
// inbound messages (also while the app is down, so Meta's 20-message window no longer reaches back to the attempt),
// and host restarts (calls in flight lose their connection; the durable registry answers "in doubt"). The model: a
// reply reaches the fake ledger at most once, ever; in order per conversation; and each reply ends visibly as sent
// (delivered once), failed (Meta refused it, not delivered) or unconfirmed (delivered at most once, shown to the
// user, never resent on its own); nothing is stuck once healed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DuetDb } from '../db';
import { ingestMessages } from '../repos/inbox';
import { createSessionGate } from '../session-gate';
import { createOutbox } from './outbox';
import {
  createFakeClock,
  createFakeMessaging,
  makeConversationRow,
  type FakeSendAction,
} from '../../test/inbox-fixtures';
import { type Outbox } from './types';

type Op =
  | { kind: 'send'; conv: number }
  | { kind: 'tick' }
  | { kind: 'crash'; after: number; flood: boolean }
  | { kind: 'flood'; conv: number; count: number }
  | { kind: 'host-restart' }
  | { kind: 'poll'; conv: number }
  | { kind: 'net'; up: boolean }
  | { kind: 'signin' };

const CONVS = 3;
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('send' as const), conv: fc.nat(CONVS - 1) }) },
  { weight: 4, arbitrary: fc.constant({ kind: 'tick' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('crash' as const), after: fc.nat(12), flood: fc.boolean() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('flood' as const),
      conv: fc.nat(CONVS - 1),
      count: fc.integer({ min: 3, max: 30 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'host-restart' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('poll' as const), conv: fc.nat(CONVS - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('net' as const), up: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'signin' as const }) },
);
const actionArb: fc.Arbitrary<FakeSendAction> = fc.constantFrom<FakeSendAction>(
  'deliver',
  'deliver',
  'retryable',
  'permanent',
  'auth',
  'ambiguous-delivered',
  'ambiguous-lost',
  'throw-delivered',
  'throw-lost',
  'hang-delivered',
  'hang-lost',
);

const macrotask = () => new Promise((r) => setTimeout(r, 0));
let run = 0;

/** Meta's clock minus the computer's: in step, minutes behind, minutes ahead. */
const skewArb = fc.constantFrom(0, -5 * 60_000, 5 * 60_000, -150_000, 3 * 60_000, -1500);

async function check(ops: Op[], actions: FakeSendAction[], seed: number, skewMs: number) {
  const name = `outbox-prop-${++run}`;
  const clock = createFakeClock();
  const plan = [...actions];
  let healed = false;
  const fake = createFakeMessaging({
    now: clock.now,
    decide: () => (healed ? 'deliver' : (plan.shift() ?? 'deliver')),
  });
  fake.state.metaOffsetMs = skewMs;
  const flood = (conv: number, count: number) => {
    for (let i = 0; i < count; i++) fake.inbound(convs[conv]!, `customer ${conv}.${i}`);
  };
  let rand = seed;
  const random = () => (rand = (rand * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  let ids = 0;
  let db = new DuetDb(name);
  await db.open();
  const convs = Array.from({ length: CONVS }, (_, i) =>
    makeConversationRow(i + 1, {
      platform: i % 2 ? 'instagram' : 'messenger',
      lastCustomerMessageAt: clock.now(),
    }),
  );
  await db.conversations.bulkPut(convs);

  let bridge = fake.bridge();
  const make = () =>
    createOutbox({
      db,
      bridge,
      now: clock.now,
      random,
      setTimer: clock.setTimer,
      newClientId: () => `c-${run}-${++ids}`,
      backoff: { baseMs: 100, capMs: 2000 },
    });
  let outbox: Outbox = make();
  // What the shell does: it keeps the session status from session/changed, and the one gate follows it.
  const gate = createSessionGate(() => bridge.invoke('session/get', {}).then((s) => s.status));
  const follow = () => {
    bridge.on('session/changed', (s) => gate.set(s.status));
    return gate.add(outbox);
  };
  let unfollow = follow();
  await outbox.start();
  let hangsSeen = 0;

  const crash = async (floodWhileDown = false) => {
    bridge.kill();
    clock.clear();
    db.close();
    // While the app is down the customers keep writing: more than Meta's 20-message window.
    if (floodWhileDown) for (let c = 0; c < CONVS; c++) flood(c, 21 + c);
    db = new DuetDb(name);
    await db.open();
    bridge = fake.bridge();
    unfollow();
    outbox = make();
    unfollow = follow();
    await outbox.start();
    hangsSeen = fake.hangs();
  };
  /** Runs the outbox until it is idle; a send that hangs forever means the renderer died there: crash. */
  const settle = async () => {
    for (let i = 0; i < 6; i++) {
      await Promise.race([outbox.idle(), fake.nextHang()]);
      await macrotask();
      if (fake.hangs() > hangsSeen) await crash();
    }
  };

  const sent: Array<{ conv: number; text: string }> = [];
  for (const op of ops) {
    switch (op.kind) {
      case 'send': {
        const text = `m${sent.length}`;
        const conv = (await db.conversations.get(convs[op.conv]!.id))!;
        await outbox.send(conv, text);
        sent.push({ conv: op.conv, text });
        break;
      }
      case 'tick':
        if (clock.pending()) clock.advance(clock.nextAt() - clock.now());
        break;
      case 'crash':
        for (let i = 0; i < op.after; i++) await macrotask();
        await crash(op.flood);
        break;
      case 'flood':
        flood(op.conv, op.count);
        break;
      case 'host-restart':
        fake.restartHost();
        break;
      case 'poll': {
        const c = convs[op.conv]!;
        const thread = [...(fake.threads.get(c.id) ?? [])].reverse().slice(0, 20);
        await ingestMessages(db, c, thread);
        break;
      }
      case 'net':
        fake.state.networkUp = op.up;
        break;
      case 'signin':
        fake.state.sessionActive = true;
        fake.emit('session/changed', { status: 'active', vault: { backend: 'fake', secure: true } });
        break;
    }
    await settle();
  }

  // The network heals and the user signs in again: everything pending must drain.
  healed = true;
  fake.state.networkUp = true;
  fake.state.sessionActive = true;
  fake.emit('session/changed', { status: 'active', vault: { backend: 'fake', secure: true } });
  outbox.kick();
  await settle();
  for (
    let i = 0;
    i < 200 && (await db.outbox.where('state').anyOf('queued', 'sending', 'unknown').count());
    i++
  ) {
    if (clock.pending()) clock.advance(clock.nextAt() - clock.now());
    else outbox.kick();
    await settle();
  }

  const stuck = await db.outbox.where('state').anyOf('queued', 'sending', 'unknown').toArray();
  expect(stuck.map((r) => `${r.text}:${r.state}`)).toEqual([]);
  const rows = await db.outbox.toArray();
  const failed = new Set(rows.filter((r) => r.state === 'failed').map((r) => r.text));
  const unconfirmed = new Set(rows.filter((r) => r.state === 'unconfirmed').map((r) => r.text));
  const messages = await db.messages.toArray();
  for (const { text } of sent) {
    const delivered = fake.ledger.filter((e) => e.text === text).length;
    const bubbles = messages.filter((m) => m.fromPage && m.text === text);
    const ending = failed.has(text) ? 'failed' : unconfirmed.has(text) ? 'unconfirmed' : 'sent';
    // Never doubled on the server, whatever happened.
    expect({ text, atMostOnce: delivered <= 1 }).toEqual({ text, atMostOnce: true });
    // Sent means delivered exactly once; failed means not delivered; unconfirmed may be either — but shown.
    if (ending === 'sent') expect({ text, delivered }).toEqual({ text, delivered: 1 });
    if (ending === 'failed') expect({ text, delivered }).toEqual({ text, delivered: 0 });
    // One bubble on screen (an unconfirmed one that was delivered may also show Meta's copy once polled).
    const own = bubbles.filter((m) => m.clientId !== undefined || ending !== 'unconfirmed');
    expect({ text, bubbles: own.length }).toEqual({ text, bubbles: 1 });
    expect(own[0]!.state).toBe(ending);
  }
  for (let c = 0; c < CONVS; c++) {
    const expected = sent
      .filter((s) => s.conv === c && fake.ledger.some((e) => e.text === s.text))
      .map((s) => s.text);
    const actual = fake.ledger.filter((e) => e.conversationId === convs[c]!.id).map((e) => e.text);
    expect(actual).toEqual(expected);
  }
  outbox.stop();
  db.close();
  await db.delete();
}

describe('outbox state machine (property)', () => {
  it('delivers every reply exactly once, in order per conversation, across faults and crashes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(opArb, { minLength: 1, maxLength: 30 }),
        fc.array(actionArb, { maxLength: 30 }),
        fc.integer({ min: 1, max: 2 ** 30 }),
        skewArb,
        check,
      ),
      { numRuns: 60 },
    );
  }, 240_000);
});
