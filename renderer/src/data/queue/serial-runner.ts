// The serial runner the durable queues share (the outbox, the publish queue): one worker per lane (a conversation,
// an account), one row of a lane at a time, lanes in parallel; a timer wakes it for the earliest row that is not yet
// due. It knows nothing about what a row is: `step` does one row's next piece of work.

/** What the runner needs from its queue. */
export interface RunnerDeps<Row> {
  now: () => number;
  setTimer: (fn: () => void, ms: number) => () => void;
  /** Delay after a storage failure. */
  baseMs: number;
  /** False while paused or offline: nothing new is started. */
  canWork: () => boolean;
  /** Every row that still needs work (any lane). */
  pending: () => Promise<Row[]>;
  /** The lane a row belongs to: one worker per lane. */
  laneOf: (row: Row) => string;
  /** Of two rows of a lane, true when `a` goes before `b`. */
  before: (a: Row, b: Row) => boolean;
  /** When a row may next be worked on (epoch ms). */
  dueAt: (row: Row) => number;
  /** The lane's next row, read again from storage (undefined when the lane is empty). */
  headOf: (lane: string) => Promise<Row | undefined>;
  /** Does the head row's next piece of work; `gen` is the generation it was started under. */
  step: (head: Row, gen: number) => Promise<void>;
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

/** The lane's head: the row that goes first by `before`. */
export function headOfRows<Row>(rows: readonly Row[], before: (a: Row, b: Row) => boolean): Row | undefined {
  let head: Row | undefined;
  for (const r of rows) if (!head || before(r, head)) head = r;
  return head;
}

/** Timers longer than this fire at once in browsers (a signed 32-bit delay): a far-off row is woken for again. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Creates a stopped runner. */
export function createRunner<Row>(deps: RunnerDeps<Row>): Runner {
  const { now, setTimer, baseMs } = deps;
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
    ms = Math.min(Math.max(0, ms), MAX_TIMER_MS);
    const at = now() + ms;
    if (cancelTimer && timerAt <= at) return;
    cancelTimer?.();
    timerAt = at;
    cancelTimer = setTimer(() => {
      cancelTimer = null;
      timerAt = Infinity;
      kick();
    }, ms);
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
        const rows = await deps.pending();
        const heads = new Map<string, Row>();
        for (const r of rows) {
          const lane = deps.laneOf(r);
          const h = heads.get(lane);
          if (!h || deps.before(r, h)) heads.set(lane, r);
        }
        const t = now();
        let earliest = Infinity;
        for (const [lane, head] of heads) {
          if (active.has(lane)) continue;
          const due = deps.dueAt(head);
          if (due > t) earliest = Math.min(earliest, due);
          else void work(lane);
        }
        if (earliest < Infinity) schedule(earliest - t);
      } while (pumpAgain);
    } finally {
      pumping = false;
    }
  }

  /** One worker per lane: its rows are worked on strictly one after another. */
  async function work(lane: string) {
    if (active.has(lane)) return;
    active.add(lane);
    enter();
    const gen = generation;
    let failed = false;
    try {
      for (;;) {
        if (gen !== generation || !running || !deps.canWork()) return;
        const head = await deps.headOf(lane);
        if (!head || deps.dueAt(head) > now() || gen !== generation) return;
        await deps.step(head, gen);
      }
    } catch {
      // Storage failed (quota, closed database): try again later rather than spinning.
      failed = true;
    } finally {
      active.delete(lane);
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
