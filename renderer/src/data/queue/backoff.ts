// Retry delays for the durable queues (the outbox, the publish queue).

/**
 * Full jitter (AWS architecture blog, "Exponential Backoff and Jitter"): uniform in [0, min(cap, base·2^n)] after
 * `attempts` attempts.
 */
export function fullJitterBackoff(
  random: () => number,
  { baseMs, capMs }: { baseMs: number; capMs: number },
): (attempts: number) => number {
  return (attempts) => Math.floor(random() * Math.min(capMs, baseMs * 2 ** Math.min(attempts, 20)));
}
