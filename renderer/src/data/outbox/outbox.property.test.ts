// Model-based property test of the outbox: random sends to a few conversations, random Send API outcomes (including
// ambiguous ones where the fake server did or did not deliver), network flaps, token expiry, poller ingests racing
// the flusher, and crashes at random points (the outbox instance and its database connection are dropped and a new
// one starts on the same data). The model is simple: what the user sent must reach the fake ledger exactly once, in
// order per conversation, unless Meta refused it (then it is visibly failed); nothing is lost or stuck once healed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DuetDb } from '../db';
import { ingestMessages } from '../repos/inbox';
import { createOutbox } from './outbox';
import { createFakeClock, createFakeMessaging, makeConversationRow, type FakeSendAction } from './testing';
import { type Outbox } from './types';

type Op =
  | { kind: 'send'; conv: number }
  | { kind: 'tick' }
  | { kind: 'crash'; after: number }
  | { kind: 'poll'; conv: number }
  | { kind: 'net'; up: boolean }
  | { kind: 'signin' };

const CONVS = 3;
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('send' as const), conv: fc.nat(CONVS - 1) }) },
  { weight: 4, arbitrary: fc.constant({ kind: 'tick' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('crash' as const), after: fc.nat(12) }) },
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

async function check(ops: Op[], actions: FakeSendAction[], seed: number) {
  const name = `outbox-prop-${++run}`;
  const clock = createFakeClock();
  const plan = [...actions];
  let healed = false;
  const fake = createFakeMessaging({
    now: clock.now,
    decide: () => (healed ? 'deliver' : (plan.shift() ?? 'deliver')),
  });
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
  await outbox.start();
  let hangsSeen = 0;

  const crash = async () => {
    bridge.kill();
    clock.clear();
    db.close();
    db = new DuetDb(name);
    await db.open();
    bridge = fake.bridge();
    outbox = make();
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
        await crash();
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
  const failed = new Set((await db.outbox.where('state').equals('failed').toArray()).map((r) => r.text));
  const messages = await db.messages.toArray();
  for (const { text } of sent) {
    const delivered = fake.ledger.filter((e) => e.text === text).length;
    const bubbles = messages.filter((m) => m.fromPage && m.text === text);
    // Exactly once, or visibly refused — never lost, never doubled (on the server or on screen).
    expect({ text, delivered: failed.has(text) ? 'failed' : delivered }).toEqual({
      text,
      delivered: failed.has(text) ? 'failed' : 1,
    });
    if (failed.has(text)) expect(delivered).toBe(0);
    expect(bubbles).toHaveLength(1);
    expect(bubbles[0]!.state).toBe(failed.has(text) ? 'failed' : 'sent');
  }
  for (let c = 0; c < CONVS; c++) {
    const expected = sent.filter((s) => s.conv === c && !failed.has(s.text)).map((s) => s.text);
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
        check,
      ),
      { numRuns: 60 },
    );
  }, 240_000);
});
