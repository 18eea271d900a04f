// The comment action queue against a fake Meta: crash at every point of a write (before it leaves, after it left
// but before the answer, after the answer but before the commit) and the write is applied exactly once; offline
// actions wait and go out in order per comment; a refusal keeps Meta's reason and Retry sends it again; a queued
// delete can be undone, a sent one cannot.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommentActRequest } from '../../../../shared/bridge/calls/comments';
import type { CallName, CallRequest, CallResponse } from '../../../../shared/bridge/contract';
import { createFakeClock } from '../../test/inbox-fixtures';
import { DuetDb } from '../db';
import { getCommentAction } from '../repos/comment-actions';
import { createCommentActionQueue, type CommentActionInput, type CommentActionQueue } from './queue';

type Hook = 'before-send' | 'after-send' | 'after-ack';

/** Meta as far as comment writes go: every applied write, in order, and the state a lookup reads. */
function fakeMeta(clock: { now: () => number }) {
  const applied: Array<{ kind: string; target: string; id?: string }> = [];
  const replies: Array<{ id: string; target: string; text: string; at: number }> = [];
  const hidden = new Map<string, boolean>();
  const deleted = new Set<string>();
  let crash: { hook: Hook; then: () => void } | null = null;
  let refuse: string | null = null;
  let down = false;
  let seq = 0;
  const apply = (r: CommentActRequest) => {
    const target = r.commentNativeId ?? r.postNativeId;
    const a = r.action;
    if (a.kind === 'reply') {
      const id = `reply-${++seq}`;
      replies.push({ id, target, text: a.text, at: clock.now() });
      applied.push({ kind: 'reply', target, id });
      return { status: 'done' as const, createdId: id };
    }
    if (a.kind === 'hide') hidden.set(target, a.hidden);
    if (a.kind === 'delete') deleted.add(target);
    applied.push({ kind: a.kind, target });
    return { status: 'done' as const };
  };
  async function invoke<K extends CallName>(name: K, req: CallRequest<K>): Promise<CallResponse<K>> {
    if (down) throw new Error('The network is down.');
    if (name === 'comments/act') {
      const r = req as CommentActRequest;
      const c = crash;
      if (c?.hook === 'before-send') {
        crash = null;
        c.then();
        throw new Error('renderer died');
      }
      if (refuse) return { status: 'permanent', reason: refuse, code: 'param' } as CallResponse<K>;
      const out = apply(r);
      if (c?.hook === 'after-send') {
        crash = null;
        c.then();
        throw new Error('connection dropped');
      }
      if (c?.hook === 'after-ack') {
        crash = null;
        c.then();
      }
      return out as CallResponse<K>;
    }
    if (name === 'comments/lookup') {
      const { act, attemptAt, taken } = req as CallRequest<'comments/lookup'>;
      const target = act.commentNativeId ?? act.postNativeId;
      const a = act.action;
      if (a.kind === 'reply') {
        const m = replies.find(
          (x) =>
            x.target === target && x.text === a.text && x.at >= attemptAt && !(taken ?? []).includes(x.id),
        );
        return (m ? { state: 'done', createdId: m.id } : { state: 'not-done' }) as CallResponse<K>;
      }
      if (a.kind === 'hide')
        return { state: (hidden.get(target) ?? false) === a.hidden ? 'done' : 'not-done' } as CallResponse<K>;
      if (a.kind === 'delete') return { state: deleted.has(target) ? 'done' : 'not-done' } as CallResponse<K>;
      return { state: 'unknown' } as CallResponse<K>;
    }
    throw new Error(`unexpected ${name}`);
  }
  return {
    applied,
    bridge: { invoke },
    crashAt: (hook: Hook, then: () => void) => (crash = { hook, then }),
    refuseWith: (reason: string | null) => (refuse = reason),
    setDown: (d: boolean) => (down = d),
  };
}

let db: DuetDb;
let n = 0;
let clock: ReturnType<typeof createFakeClock>;
let meta: ReturnType<typeof fakeMeta>;
let online = true;

function makeQueue(): CommentActionQueue {
  let i = 0;
  const run = n;
  return createCommentActionQueue({
    db,
    bridge: meta.bridge,
    now: clock.now,
    setTimer: clock.setTimer,
    random: () => 0.5,
    isOnline: () => online,
    newId: () => `action-${run}-${++i}-${Math.random().toString(36).slice(2, 8)}`,
  });
}

async function settle(q: CommentActionQueue) {
  for (let i = 0; i < 5; i++) {
    await q.idle();
    await new Promise((r) => setTimeout(r, 0));
  }
}
async function drain(q: CommentActionQueue, rounds = 30) {
  await settle(q);
  for (let i = 0; i < rounds && clock.pending() > 0; i++) {
    clock.advance(clock.nextAt() - clock.now());
    await settle(q);
  }
}

const on = (comment: string, action: CommentActionInput['action']): CommentActionInput => ({
  accountId: '100',
  platform: 'fb',
  postId: 'fb:100_1',
  postNativeId: '100_1',
  commentId: `fb:${comment}`,
  commentNativeId: comment,
  action,
});

beforeEach(async () => {
  n++;
  db = new DuetDb(`comment-actions-${n}`);
  await db.open();
  clock = createFakeClock();
  meta = fakeMeta(clock);
  online = true;
});
afterEach(async () => {
  db.close();
  await DuetDb.delete(`comment-actions-${n}`);
});

describe('comment action queue', () => {
  for (const hook of ['before-send', 'after-send', 'after-ack'] as const)
    for (const kind of ['reply', 'hide', 'delete'] as const)
      it(`a ${kind} interrupted ${hook} is applied exactly once after a restart`, async () => {
        const first = makeQueue();
        await first.start();
        meta.crashAt(hook, () => first.stop());
        const action =
          kind === 'reply'
            ? ({ kind: 'reply', text: 'Thanks!' } as const)
            : kind === 'hide'
              ? ({ kind: 'hide', hidden: true } as const)
              : ({ kind: 'delete' } as const);
        const id = await first.enqueue(on('1_2', action));
        await settle(first);
        first.stop();
        clock.clear();
        // The restarted renderer: a new queue over the same store.
        const second = makeQueue();
        await second.start();
        await drain(second);
        expect(meta.applied.map((a) => a.kind)).toEqual([kind]);
        const row = await getCommentAction(db, id);
        expect(row?.state).toBe('done');
        if (kind === 'reply') expect(row?.createdId).toBe(meta.applied[0]?.id);
        second.stop();
      });

  it('offline: hide, reply and delete wait, then go out once each in the order they were made', async () => {
    online = false;
    const q = makeQueue();
    await q.start();
    await q.enqueue(on('1_2', { kind: 'hide', hidden: true }));
    await q.enqueue(on('1_2', { kind: 'reply', text: 'Sorry about that' }));
    await q.enqueue(on('1_3', { kind: 'delete' }));
    await drain(q);
    expect(meta.applied).toEqual([]);
    q.stop();
    // Reload, then the network is back.
    const again = makeQueue();
    online = true;
    await again.start();
    await drain(again);
    expect(meta.applied.map((a) => `${a.kind}:${a.target}`).sort()).toEqual([
      'delete:1_3',
      'hide:1_2',
      'reply:1_2',
    ]);
    const onFirst = meta.applied.filter((a) => a.target === '1_2').map((a) => a.kind);
    expect(onFirst).toEqual(['hide', 'reply']);
    again.stop();
  });

  it('the network coming back applies what waited, with nothing else kicking the queue; a stopped queue stays still', async () => {
    online = false;
    const q = makeQueue();
    await q.start();
    await q.enqueue(on('1_2', { kind: 'hide', hidden: true }));
    await drain(q);
    expect(meta.applied).toEqual([]);
    online = true;
    window.dispatchEvent(new Event('online'));
    await drain(q);
    expect(meta.applied.map((a) => a.kind)).toEqual(['hide']);
    q.stop();
    // After stop (the shell went) the event no longer reaches it.
    online = false;
    await q.enqueue(on('1_3', { kind: 'delete' }));
    online = true;
    window.dispatchEvent(new Event('online'));
    await drain(q);
    expect(meta.applied.map((a) => a.kind)).toEqual(['hide']);
  });

  it("a second window waiting for the store's lock works nothing, even an action it queued itself", async () => {
    // Web Locks as a browser has them: one holder per name, the next request granted when it lets go.
    const waiting: Array<() => void> = [];
    let held = false;
    const locks = {
      request(_name: string, cb: () => Promise<void>) {
        const run = () => {
          held = true;
          void cb().finally(() => {
            held = false;
            waiting.shift()?.();
          });
        };
        if (held) waiting.push(run);
        else run();
        return Promise.resolve();
      },
    };
    Object.defineProperty(navigator, 'locks', { value: locks, configurable: true });
    try {
      const deps = {
        db,
        bridge: meta.bridge,
        now: clock.now,
        setTimer: clock.setTimer,
        random: () => 0.5,
        isOnline: () => true,
        useWebLock: true,
      };
      const first = createCommentActionQueue(deps);
      const second = createCommentActionQueue(deps);
      await first.start();
      const secondStarted = second.start(); // waits for the lock the first window holds
      await second.enqueue(on('c1', { kind: 'hide', hidden: true }));
      await settle(second);
      await drain(second);
      expect(meta.applied).toEqual([]);
      // The first window goes: the second takes the lock, and the action goes out once.
      first.stop();
      await secondStarted;
      await drain(second);
      expect(meta.applied.map((x) => x.kind)).toEqual(['hide']);
      second.stop();
    } finally {
      Object.defineProperty(navigator, 'locks', { value: undefined, configurable: true });
    }
  });

  it('a refused token pauses the queue (nothing more goes out, however long it waits) until the session gate resumes it', async () => {
    const sent: string[] = [];
    let tokenOk = false;
    let calls = 0;
    const q = createCommentActionQueue({
      db,
      bridge: {
        invoke: (async (name: string, req: CommentActRequest) => {
          if (name !== 'comments/act') throw new Error(`unexpected ${name}`);
          calls++;
          if (!tokenOk) return { status: 'auth', reason: 'The session expired.' };
          sent.push(`${req.action.kind}:${req.commentNativeId}`);
          return { status: 'done' };
        }) as never,
      },
      now: clock.now,
      setTimer: clock.setTimer,
      random: () => 0.5,
      isOnline: () => true,
    });
    let lost = 0;
    q.onSessionLost(() => lost++);
    await q.start();
    await q.enqueue(on('1_2', { kind: 'hide', hidden: true }));
    await q.enqueue(on('1_3', { kind: 'delete' }));
    await drain(q);
    expect(q.pausedReason()).toBe('session-expired');
    expect(lost).toBe(1);
    const asked = calls;
    clock.advance(10 * 60_000);
    await drain(q);
    expect(calls).toBe(asked);
    // Signed in again: the gate resumes it, and both go out once.
    tokenOk = true;
    q.resume();
    await drain(q);
    expect(sent.sort()).toEqual(['delete:1_3', 'hide:1_2']);
    expect(q.pausedReason()).toBeNull();
    q.stop();
  });

  it('a bridge failure mid-call is looked up when the network is back, not sent blindly', async () => {
    const q = makeQueue();
    await q.start();
    meta.crashAt('after-send', () => meta.setDown(true));
    const id = await q.enqueue(on('1_2', { kind: 'reply', text: 'On its way' }));
    await settle(q);
    expect((await getCommentAction(db, id))?.state).toBe('unconfirmed');
    meta.setDown(false);
    await drain(q);
    expect(meta.applied).toHaveLength(1);
    expect((await getCommentAction(db, id))?.state).toBe('done');
    q.stop();
  });

  it('two identical replies to one comment are two replies: the lookup of the second skips the first', async () => {
    const q = makeQueue();
    await q.start();
    await q.enqueue(on('1_2', { kind: 'reply', text: 'Thanks!' }));
    await drain(q);
    meta.crashAt('after-send', () => q.stop());
    const second = await q.enqueue(on('1_2', { kind: 'reply', text: 'Thanks!' }));
    await settle(q);
    const q2 = makeQueue();
    await q2.start();
    await drain(q2);
    expect(meta.applied.map((a) => a.kind)).toEqual(['reply', 'reply']);
    expect((await getCommentAction(db, second))?.createdId).toBe(meta.applied[1]?.id);
    q2.stop();
  });

  it('a refusal keeps Meta’s reason; Retry sends it again', async () => {
    const q = makeQueue();
    await q.start();
    meta.refuseWith('(#100) Cannot reply to a hidden comment.');
    const id = await q.enqueue(on('1_2', { kind: 'reply', text: 'Hello' }));
    await drain(q);
    expect(await getCommentAction(db, id)).toMatchObject({
      state: 'failed',
      reason: '(#100) Cannot reply to a hidden comment.',
    });
    meta.refuseWith(null);
    await q.retry(id);
    await drain(q);
    expect((await getCommentAction(db, id))?.state).toBe('done');
    expect(meta.applied).toHaveLength(1);
    q.stop();
  });

  it('a queued delete can be undone (nothing is sent); a sent one cannot', async () => {
    online = false;
    const q = makeQueue();
    await q.start();
    const id = await q.enqueue(on('1_2', { kind: 'delete' }));
    expect(await q.undo(id)).toBe(true);
    online = true;
    q.kick();
    await drain(q);
    expect(meta.applied).toEqual([]);
    const sent = await q.enqueue(on('1_2', { kind: 'delete' }));
    await drain(q);
    expect(await q.undo(sent)).toBe(false);
    expect(meta.applied.map((a) => a.kind)).toEqual(['delete']);
    q.stop();
  });
});
