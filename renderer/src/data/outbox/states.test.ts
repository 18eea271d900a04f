// The state table is what the outbox obeys: the user's actions and the automatic moves only start where the README
// says they may.
import { describe, expect, it } from 'vitest';
import { type OutboxState } from '../db';
import { canMove, PENDING_STATES, TRANSITIONS, type OutboxEvent } from './states';

const ALL: OutboxState[] = ['queued', 'sending', 'sent', 'failed', 'unknown', 'unconfirmed'];
const from = (event: OutboxEvent) => ALL.filter((s) => canMove(event, s));

describe('outbox state table', () => {
  it('never discards a reply that may have gone out', () => {
    expect(from('discard')).toEqual(['queued', 'failed']);
  });

  it('leaves failed and unconfirmed replies to the user', () => {
    const automatic = (Object.keys(TRANSITIONS) as OutboxEvent[]).filter(
      (e) => !['retry', 'checkAgain', 'sendAgain', 'discard'].includes(e),
    );
    for (const e of automatic) {
      expect(canMove(e, 'failed')).toBe(false);
      expect(canMove(e, 'unconfirmed')).toBe(false);
    }
    expect(from('retry')).toEqual(['failed']);
    expect(from('checkAgain')).toEqual(['unconfirmed']);
    expect(from('sendAgain')).toEqual(['unconfirmed']);
  });

  it('sends only queued replies, and sends nothing whose fate is unknown before it is reconciled', () => {
    expect(from('attempt')).toEqual(['queued']);
    expect(TRANSITIONS.attempt.to).toBe('sending');
    expect(TRANSITIONS.interrupted).toEqual({ from: ['sending'], to: 'unknown' });
    expect(TRANSITIONS.ambiguous.to).toBe('unknown');
  });

  it('holds a conversation behind queued, sending and unknown replies only', () => {
    expect([...PENDING_STATES].sort()).toEqual(['queued', 'sending', 'unknown']);
  });
});
