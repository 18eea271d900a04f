import { describe, expect, it } from 'vitest';
import { MAX_WRITE_BATCH, MESSAGE_WRITE_BATCH, WRITE_BUDGET_MS, writeInBatches } from './write-batch';

/** A clock the test moves: each write takes `msPer` per item. */
function run(count: number, msPer: number) {
  let t = 0;
  const sizes: number[] = [];
  const done = writeInBatches(
    Array.from({ length: count }, (_, i) => i),
    async (chunk) => {
      sizes.push(chunk.length);
      t += chunk.length * msPer;
    },
    { now: () => t },
  );
  return done.then(() => sizes);
}

describe('writeInBatches', () => {
  it('starts with MESSAGE_WRITE_BATCH items and grows while writes finish well within the budget', async () => {
    const sizes = await run(400, 0.5);
    expect(sizes[0]).toBe(MESSAGE_WRITE_BATCH);
    expect(Math.max(...sizes)).toBe(MAX_WRITE_BATCH);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(400);
  });

  it('sizes writes to the budget when they are quick, and never below MESSAGE_WRITE_BATCH when slow', async () => {
    const quick = WRITE_BUDGET_MS / 20;
    const sizes = await run(200, quick);
    expect(sizes.slice(1).every((s) => s === 20 || s === sizes.at(-1))).toBe(true);
    expect(sizes.slice(1).every((s) => s * quick <= WRITE_BUDGET_MS)).toBe(true);
    const slow = await run(40, WRITE_BUDGET_MS);
    expect(slow.slice(0, -1).every((s) => s === MESSAGE_WRITE_BATCH)).toBe(true);
    expect(slow.reduce((a, b) => a + b, 0)).toBe(40);
  });

  it('writes every item once, in order, and stops when cancelled', async () => {
    const seen: number[] = [];
    let stop = false;
    await writeInBatches(
      Array.from({ length: 100 }, (_, i) => i),
      async (chunk) => {
        seen.push(...chunk);
        stop = seen.length >= 20;
      },
      { cancelled: () => stop },
    );
    expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => i));
    expect(seen.length).toBeGreaterThanOrEqual(20);
    expect(seen.length).toBeLessThan(100);
  });
});
