import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DuetDb } from './db';
import { createOutbox } from './outbox/outbox';
import { type Outbox } from './outbox/types';
import { createSessionGate } from './session-gate';
import { createSyncEngine } from './sync/engine';
import { type SyncEngine, type SyncStream } from './sync/types';
import { createFakeBridge, type FakeBridge } from '../test/fake-bridge';
import {
  createFakeClock,
  createFakeMessaging,
  makeConversationRow,
  type FakeSendAction,
} from '../test/inbox-fixtures';

const vault = { backend: 'fake', secure: true };
let db: DuetDb;
let n = 0;
let clock: ReturnType<typeof createFakeClock>;
let messaging: ReturnType<typeof createFakeMessaging>;
let syncBridge: FakeBridge;
let engine: SyncEngine;
let outbox: Outbox;

/** A stream with nothing to back-fill, so the engine goes straight to polling. */
const quietStream: SyncStream = {
  name: 'feed',
  appliesTo: () => true,
  ingestPoll: async () => undefined,
  backfill: async () => undefined,
};

/** Lets the outbox and the engine finish what they started before the next timer. */
async function settle() {
  for (let i = 0; i < 5; i++) {
    await outbox.idle();
    await new Promise((r) => setTimeout(r, 0));
  }
}

/** Moves fake time by `ms`, one pending timer after another, letting the work each one starts finish. */
async function advance(ms: number) {
  const until = clock.now() + ms;
  await settle();
  while (clock.pending() > 0 && clock.nextAt() <= until) {
    clock.advance(clock.nextAt() - clock.now());
    await settle();
  }
  clock.advance(until - clock.now());
  await settle();
}

/** What the host does when the session changes: pushes session/changed over both bridges. */
function hostSays(status: 'active' | 'expired') {
  messaging.state.sessionActive = status === 'active';
  messaging.emit('session/changed', { status, vault });
  syncBridge.emit('session/changed', { status, vault });
}

const polls = () => syncBridge.callsOf('sync/poll').length;

beforeEach(async () => {
  n++;
  db = new DuetDb(`session-gate-test-${n}`);
  await db.open();
  clock = createFakeClock();
  messaging = createFakeMessaging({ now: clock.now });
  syncBridge = createFakeBridge();
  syncBridge.handle('sync/poll', () => ({ pages: {}, errors: [] }));
  await db.conversations.bulkPut([makeConversationRow(1, { lastCustomerMessageAt: clock.now() - 60_000 })]);
  engine = createSyncEngine({
    db,
    bridge: syncBridge,
    streams: [quietStream],
    now: clock.now,
    setTimer: clock.setTimer,
    isFocused: () => true,
    isVisible: () => true,
    isOnline: () => true,
    windowEvents: null,
    documentEvents: null,
  });
  outbox = createOutbox({
    db,
    bridge: messaging.bridge(),
    now: clock.now,
    setTimer: clock.setTimer,
    random: () => 0.5,
    isOnline: () => true,
  });
});
afterEach(async () => {
  engine.stop();
  outbox.stop();
  db.close();
  await db.delete();
});

describe('the session gate', () => {
  it('pauses and resumes the engine and the outbox once each, and only it resumes them', async () => {
    const gate = createSessionGate();
    const enginePause = vi.spyOn(engine, 'pause');
    const engineResume = vi.spyOn(engine, 'resume');
    const outboxPause = vi.spyOn(outbox, 'pause');
    const outboxResume = vi.spyOn(outbox, 'resume');
    gate.set('active');
    gate.add(engine);
    gate.add(outbox);
    engine.start({ id: 'page1' });
    await outbox.start();
    await advance(20_000);
    expect(polls()).toBe(1);

    // Meta refuses the token on the first send (190): the outbox stops at once, nothing more goes out.
    messaging.state.decide = (() => {
      let first = true;
      return (): FakeSendAction => (first ? ((first = false), 'auth') : 'deliver');
    })();
    const conversation = makeConversationRow(1, { lastCustomerMessageAt: clock.now() - 60_000 });
    await outbox.send(conversation, 'See you at 5');
    await settle();
    expect(outbox.pausedReason()).toBe('session-expired');
    expect(messaging.ledger).toEqual([]);

    hostSays('expired');
    gate.set('expired');
    expect(engine.getStatus().paused).toBe('session-expired');
    const pollsWhileExpired = polls();
    await advance(30 * 60_000);
    expect(polls()).toBe(pollsWhileExpired);
    expect(messaging.ledger).toEqual([]);

    // The host saying so is not enough: resuming comes only through the gate (the shell's session status).
    hostSays('active');
    await advance(60_000);
    expect(engine.getStatus().paused).toBe('session-expired');
    expect(outbox.pausedReason()).toBe('session-expired');
    expect(messaging.ledger).toEqual([]);
    expect(polls()).toBe(pollsWhileExpired);

    gate.set('active');
    gate.set('active');
    await advance(1_000);
    expect(engine.getStatus().paused).toBeUndefined();
    expect(outbox.pausedReason()).toBeNull();
    expect(messaging.ledger.map((e) => e.text)).toEqual(['See you at 5']);
    expect(polls()).toBe(pollsWhileExpired + 1);

    expect([enginePause.mock.calls.length, engineResume.mock.calls.length]).toEqual([1, 1]);
    expect([outboxPause.mock.calls.length, outboxResume.mock.calls.length]).toEqual([1, 1]);
  });

  it('pauses a target added while the session is not active', () => {
    const gate = createSessionGate();
    gate.set('expired');
    gate.add(engine);
    gate.add(outbox);
    expect(engine.getStatus().paused).toBe('session-expired');
    expect(outbox.pausedReason()).toBe('session-expired');
  });

  it('resumes a target refused with a stale token once the host says the session is active', async () => {
    // What session/get answers: the fake host flips the session to expired on a 190.
    const gate = createSessionGate(async () => (messaging.state.sessionActive ? 'active' : 'expired'));
    gate.add(outbox);
    await outbox.start();
    const refuseFirst = () => {
      let first = true;
      return (): FakeSendAction => (first ? ((first = false), 'auth') : 'deliver');
    };
    const conversation = makeConversationRow(1, { lastCustomerMessageAt: clock.now() - 60_000 });
    // A real refusal: the host says expired when asked, so the queue waits for the session to change.
    messaging.state.decide = refuseFirst();
    await outbox.send(conversation, 'Hello');
    await settle();
    expect(outbox.pausedReason()).toBe('session-expired');
    expect(messaging.ledger).toEqual([]);
    gate.set('expired');
    messaging.state.sessionActive = true;
    gate.set('active');
    await advance(1_000);
    expect(messaging.ledger.map((e) => e.text)).toEqual(['Hello']);
    // A stale refusal (the request left before the user signed in again): the host's session is active.
    messaging.state.decide = refuseFirst();
    messaging.state.afterSend = () => void (messaging.state.sessionActive = true);
    await outbox.send(conversation, 'Still there?');
    await advance(1_000);
    expect(outbox.pausedReason()).toBeNull();
    expect(messaging.ledger.map((e) => e.text)).toEqual(['Hello', 'Still there?']);
  });

  it('stops following a removed target', () => {
    const gate = createSessionGate();
    gate.set('active');
    const remove = gate.add(outbox);
    remove();
    gate.set('signed-out');
    expect(outbox.pausedReason()).toBeNull();
  });
});
