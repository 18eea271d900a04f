// The publish outcome table: which failure of which kind of call may have gone live. Pure, no network.
import { describe, expect, it } from 'vitest';
import { classifyGraphError, classifyNetworkError } from '../../../shared/graph/errors';
import { GraphCallError } from '../graph/client';
import { publishFailure, type PublishCallKind } from './publish-outcomes';

const env = (code: number, subcode?: number, message = 'x') => ({
  error: { message, type: 'OAuthException', code, ...(subcode ? { error_subcode: subcode } : {}) },
});
const answered = (status: number, code: number, subcode?: number) =>
  new GraphCallError(classifyGraphError(status, env(code, subcode)), 'response');
const lost = new GraphCallError(classifyNetworkError('after-send', 'ECONNRESET'), 'after-send');
const neverLeft = new GraphCallError(classifyNetworkError('before-send', 'ECONNREFUSED'), 'before-send');

const cases: Array<[string, GraphCallError, Record<PublishCallKind, string>]> = [
  ['connection refused', neverLeft, { live: 'retryable', staging: 'retryable', read: 'retryable' }],
  ['answer lost after sending', lost, { live: 'ambiguous', staging: 'retryable', read: 'retryable' }],
  ['500 transient', answered(500, 2), { live: 'ambiguous', staging: 'retryable', read: 'retryable' }],
  [
    '4/2207051 action blocked',
    answered(400, 4, 2207051),
    { live: 'ambiguous', staging: 'permanent', read: 'permanent' },
  ],
  [
    '100/33 does not exist',
    answered(400, 100, 33),
    { live: 'ambiguous', staging: 'permanent', read: 'retryable' },
  ],
  ['80002 throttled', answered(400, 80002), { live: 'retryable', staging: 'retryable', read: 'retryable' }],
  ['4 app throttled', answered(400, 4), { live: 'retryable', staging: 'retryable', read: 'retryable' }],
  ['190 expired', answered(400, 190, 463), { live: 'auth', staging: 'auth', read: 'auth' }],
  ['190/459 checkpoint', answered(400, 190, 459), { live: 'auth', staging: 'auth', read: 'auth' }],
  ['368 policy', answered(400, 368, 1390008), { live: 'permanent', staging: 'permanent', read: 'permanent' }],
  ['100 invalid', answered(400, 100), { live: 'permanent', staging: 'permanent', read: 'permanent' }],
  [
    '9/2207042 daily limit',
    answered(400, 9, 2207042),
    { live: 'retryable', staging: 'retryable', read: 'retryable' },
  ],
];

describe('publish outcomes', () => {
  it.each(cases)('%s', (_label, err, expected) => {
    for (const kind of ['live', 'staging', 'read'] as const) {
      const expired: string[] = [];
      const out = publishFailure(err, kind, (m) => expired.push(m));
      expect(out.status, kind).toBe(expected[kind]);
      expect(expired.length > 0, `${kind} marks the session expired`).toBe(expected[kind] === 'auth');
    }
  });

  it('a lost answer of a live write is never retryable, whatever the error says', () => {
    for (const info of [classifyNetworkError('after-send', 'timeout'), classifyGraphError(503, null)])
      expect(publishFailure(new GraphCallError(info, 'after-send'), 'live', () => {}).status).toBe(
        'ambiguous',
      );
  });

  it('Instagram’s daily-limit refusal waits (an hour at least) instead of failing the post', () => {
    for (const kind of ['live', 'staging'] as const)
      expect(publishFailure(answered(400, 9, 2207042), kind, () => {})).toMatchObject({
        status: 'retryable',
        limit: 'ig-daily',
        retryAfterMs: 3_600_000,
      });
  });

  it('a staging write whose answer was lost says it may have made something (a container counts a day)', () => {
    expect(publishFailure(lost, 'staging', () => {})).toMatchObject({ status: 'retryable', spent: true });
    expect(publishFailure(neverLeft, 'staging', () => {})).not.toHaveProperty('spent');
  });

  it('a permanent refusal keeps Meta’s words, code and subcode', () => {
    const out = publishFailure(
      new GraphCallError(
        classifyGraphError(400, env(100, 1366046, 'Photos should be less than 4 MB')),
        'response',
      ),
      'staging',
      () => {},
    );
    expect(out).toMatchObject({
      status: 'permanent',
      code: 'invalid',
      graphCode: 100,
      graphSubcode: 1366046,
      metaMessage: 'Photos should be less than 4 MB',
      reason: expect.stringContaining('Photos should be less than 4 MB'),
    });
  });
});
