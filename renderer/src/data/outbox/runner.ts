// The outbox's per-conversation serial runner: one worker per conversation, entries strictly one after another in
// `seq` order, conversations in parallel; a timer wakes it for the earliest entry that is not yet due. It knows
// nothing about sending: `step` does one entry's next piece of work.
import { type DuetDb, type OutboxRow } from '../db';
import { entriesIn, firstEntryIn } from '../repos/outbox';
import { PENDING_STATES } from './states';

/** What the runner needs from the outbox. */
export interface RunnerDeps {
  db: DuetDb;
  now: () => number;
  setTimer: (fn: () => void, ms: number) => () => void;
  /** Delay after a storage failure. */
  baseMs: number;
  /** False while paused or offline: nothing new is started. */
  canWork: () => boolean;
  /** Does the head entry's next piece of work; `gen` is the generation it was started under. */
  step: (head: OutboxRow, gen: number) => Promise<void>;
}

/** The runner's controls. */
export interface Runner {
  /** True between start() and stop(). */
  readonly running: boolean;
  /** Bumped by stop(): work started by an older generation drops its results (the next start reconciles). */
  readonly generation: number;
  /** True while `gen` is the current generation. */
  current(gen: number): boolean;
  start(): number;
  stop(): void;
  kick(): void;
  idle(): Promise<void>;
}

/** Creates a stopped runner. */
export function createRunner(deps: RunnerDeps): Runner {
  const { db, now, setTimer, baseMs } = deps;
  let running = false;
  let generation = 0;
  const active = new Set<string>();
  let busy = 0;
  let idleWaiters: Array<() => void> = [];
  let cancelTimer: (() => void) | null = null;
  let timerAt = Infinity;
  let pumping = false;
  let pumpAgain = false;

  const enter = () => void busy++;
  const leave = () => {
    busy--;
    if (busy === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      waiters.forEach((w) => w());
    }
  };

  function schedule(ms: number) {
    if (!running) return;
    const at = now() + Math.max(0, ms);
    if (cancelTimer && timerAt <= at) return;
    cancelTimer?.();
    timerAt = at;
    cancelTimer = setTimer(
      () => {
        cancelTimer = null;
        timerAt = Infinity;
        kick();
      },
      Math.max(0, ms),
    );
  }

  function kick() {
    if (!running) return;
    enter();
    pump()
      .catch(() => schedule(baseMs))
      .finally(leave);
  }

  async function pump(): Promise<void> {
    if (pumping) {
      pumpAgain = true;
      return;
    }
    pumping = true;
    try {
      do {
        pumpAgain = false;
        if (!running || !deps.canWork()) return;
        const rows = await entriesIn(db, PENDING_STATES);
        const heads = new Map<string, OutboxRow>();
        for (const r of rows) {
          const h = heads.get(r.conversationId);
          if (!h || r.seq < h.seq) heads.set(r.conversationId, r);
        }
        const t = now();
        let earliest = Infinity;
        for (const head of heads.values()) {
          if (active.has(head.conversationId)) continue;
          if (head.nextAttemptAt > t) earliest = Math.min(earliest, head.nextAttemptAt);
          else void work(head.conversationId);
        }
        if (earliest < Infinity) schedule(earliest - t);
      } while (pumpAgain);
    } finally {
      pumping = false;
    }
  }

  /** One worker per conversation: entries go out strictly one after another, in seq order. */
  async function work(conversationId: string) {
    if (active.has(conversationId)) return;
    active.add(conversationId);
    enter();
    const gen = generation;
    let failed = false;
    try {
      for (;;) {
        if (gen !== generation || !running || !deps.canWork()) return;
        const head = await firstEntryIn(db, conversationId, PENDING_STATES);
        if (!head || head.nextAttemptAt > now() || gen !== generation) return;
        await deps.step(head, gen);
      }
    } catch {
      // Storage failed (quota, closed database): try again later rather than spinning.
      failed = true;
    } finally {
      active.delete(conversationId);
      if (failed) schedule(baseMs);
      else kick();
      leave();
    }
  }

  return {
    get running() {
      return running;
    },
    get generation() {
      return generation;
    },
    current: (gen) => gen === generation,
    start() {
      running = true;
      return ++generation;
    },
    stop() {
      running = false;
      generation++;
      cancelTimer?.();
      cancelTimer = null;
      timerAt = Infinity;
    },
    kick,
    idle() {
      if (busy === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
  };
}
