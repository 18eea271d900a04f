import { describe, expect, it } from 'vitest';
import { runLanes } from './run-lanes.mjs';

/** A step runner whose steps finish after the given delays (ms) and exit with the given codes; logs starts and ends. */
function fakeSteps(steps: Record<string, { ms: number; code?: number }>) {
  const log: string[] = [];
  const runStep = async (step: string) => {
    log.push(`start ${step}`);
    await new Promise((r) => setTimeout(r, steps[step]!.ms));
    log.push(`end ${step}`);
    return { code: steps[step]!.code ?? 0, output: `${step} said hello\n` };
  };
  return { log, runStep };
}

describe('runLanes', () => {
  it('runs the lanes side by side and the steps of one lane in order, printing each lane whole', async () => {
    const { log, runStep } = fakeSteps({ slow: { ms: 40 }, a: { ms: 5 }, b: { ms: 5 } });
    const printed: string[] = [];
    expect(await runLanes([['slow'], ['a', 'b']], runStep, (t) => printed.push(t))).toBe(true);
    // Both lanes started before the slow one ended; b waited for a.
    expect(log.indexOf('start a')).toBeLessThan(log.indexOf('end slow'));
    expect(log.indexOf('start b')).toBeGreaterThan(log.indexOf('end a'));
    expect(printed.map((t) => t.split('\n')[0])).toEqual(['a said hello', 'b said hello', 'slow said hello']);
    expect(printed[0]).toMatch(/✓ a \(\d+\.\d s\)/);
  });

  it('fails when any step fails, and skips the rest of that lane only', async () => {
    const { log, runStep } = fakeSteps({ a: { ms: 1, code: 2 }, b: { ms: 1 }, c: { ms: 10 } });
    const printed: string[] = [];
    expect(await runLanes([['a', 'b'], ['c']], runStep, (t) => printed.push(t))).toBe(false);
    expect(log).not.toContain('start b');
    expect(log).toContain('end c');
    expect(printed.join('')).toMatch(/✗ a \(\d+\.\d s, exit 2\)/);
  });
});
