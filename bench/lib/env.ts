import { createHash } from 'node:crypto';

/** The bench's options (env), its clock and log line, shared by every scenario. */

const num = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
/** Repetitions per timed figure (BENCH_RUNS, 4). */
export const RUNS = num('BENCH_RUNS', 4);
/** Length of the heap-drift run in s (BENCH_DRIFT_S, 600). */
export const DRIFT_S = num('BENCH_DRIFT_S', 600);
/** Warm-up cycles before the heap-drift baseline (BENCH_DRIFT_WARMUP, 10). */
export const DRIFT_WARMUP = num('BENCH_DRIFT_WARMUP', 10);
/** Length of each idle-CPU window in s (BENCH_IDLE_S, 30). */
export const IDLE_S = num('BENCH_IDLE_S', 30);
/** A folder to write the heap-drift run's first and last heap snapshots to, for DevTools (BENCH_SNAPSHOTS, none). */
export const SNAPSHOTS = process.env.BENCH_SNAPSHOTS;
/** Stop after this step (`ingest`, `small-feed`, … `drift-idle`; see run.ts) and write what was measured. */
export const STOP_AFTER = process.env.BENCH_STOP_AFTER;
/**
 * Where the renderer and the bench page are built (never `dist/`): one folder per checkout, so benches of two
 * working copies on one machine never overwrite each other's build (BENCH_BUILD_DIR overrides).
 */
export const BUILD_DIR =
  process.env.BENCH_BUILD_DIR ??
  `/tmp/duet-bench-renderer-${createHash('sha256').update(process.cwd()).digest('hex').slice(0, 8)}`;

/** When the run started (ms). */
export const started = Date.now();
/** Prints a line with the seconds since the start. */
export const log = (line: string) =>
  console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
/** Waits `ms`. */
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
