import { describe, expect, it } from 'vitest';
import { MESSAGE_WINDOW, deliveryFloor, judgeDelivery, type ThreadMessage } from './match';

describe('deliveryFloor', () => {
  it.each([
    [1_000_000, { offsetMs: -300_000, toleranceMs: 2500 }, 697_500],
    [1_000_000, { offsetMs: 300_000, toleranceMs: 2500 }, 1_297_500],
    [1_000_000, undefined, undefined],
    [1_000_000, { offsetMs: 0, toleranceMs: 120_000 }, undefined],
    [1_000_000, { offsetMs: Number.NaN, toleranceMs: 10 }, undefined],
  ])('attempt %d with %j → %s', (attemptAt, clock, floor) => {
    expect(deliveryFloor(attemptAt, clock)).toBe(floor);
  });
});

describe('judgeDelivery', () => {
  const page = (n: number, newest: number): ThreadMessage[] =>
    Array.from({ length: n }, (_, i) => ({
      id: `in${i}`,
      fromPage: false,
      text: 'hi',
      createdTime: newest - i,
    }));
  const ours = (createdTime: number, id = 'ours'): ThreadMessage => ({
    id,
    fromPage: true,
    text: 'ok',
    createdTime,
  });
  const none = () => false;
  it.each([
    ['found at the floor', [ours(100)], false, none, { kind: 'found', messageId: 'ours', createdTime: 100 }],
    ['older than the floor is not ours; short thread → absent', [ours(99)], false, none, { kind: 'absent' }],
    [
      'taken by another entry → absent',
      [ours(150)],
      false,
      (id: string) => id === 'ours',
      { kind: 'absent' },
    ],
    [
      'earliest unowned match wins',
      [ours(300, 'b'), ours(200, 'a')],
      false,
      none,
      { kind: 'found', messageId: 'a', createdTime: 200 },
    ],
    [
      'full window all newer than the floor → unconfirmed',
      page(MESSAGE_WINDOW, 1000),
      true,
      none,
      { kind: 'unconfirmed', reason: 'window' },
    ],
    [
      'full window even without hasMore → unconfirmed',
      page(MESSAGE_WINDOW, 1000),
      false,
      none,
      { kind: 'unconfirmed', reason: 'window' },
    ],
    [
      'window reaching back before the floor → absent',
      page(MESSAGE_WINDOW, 110),
      true,
      none,
      { kind: 'absent' },
    ],
    [
      'text differs / from customer → absent',
      [{ id: 'x', fromPage: false, text: 'ok', createdTime: 200 }],
      false,
      none,
      { kind: 'absent' },
    ],
  ] as const)('%s', (_l, items, hasMore, taken, verdict) => {
    expect(judgeDelivery({ text: 'ok', floor: 100, items, hasMore, taken })).toEqual(verdict);
  });
  it('unknown clock → unconfirmed, even when a same-text message exists', () => {
    expect(
      judgeDelivery({ text: 'ok', floor: undefined, items: [ours(5)], hasMore: false, taken: none }),
    ).toEqual({
      kind: 'unconfirmed',
      reason: 'clock',
    });
  });
});
