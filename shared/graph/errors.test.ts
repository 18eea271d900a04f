import { describe, expect, it } from 'vitest';
import { classifyGraphError, classifyNetworkError, missingPermissionOf, parseGraphErrorBody } from './errors';

const env = (code: number, subcode?: number, message = 'msg', extra: Record<string, unknown> = {}) => ({
  error: {
    message,
    type: 'OAuthException',
    code,
    ...(subcode !== undefined ? { error_subcode: subcode } : {}),
    fbtrace_id: 'A1',
    ...extra,
  },
});

describe('classifyGraphError', () => {
  it.each([
    [190, undefined],
    [190, 458],
    [190, 460],
    [190, 463],
    [190, 467],
    [102, undefined],
  ])('%i/%s → auth, telling the user to sign in again', (code, sub) => {
    const c = classifyGraphError(400, env(code, sub));
    expect(c.kind).toBe('auth');
    expect(c.message).toMatch(/Sign in again/);
  });
  it('says "expired" for subcode 463', () => {
    expect(classifyGraphError(400, env(190, 463)).message).toMatch(/expired/);
  });

  it.each([10, 200, 210, 230, 299])('%i → permission', (code) => {
    expect(classifyGraphError(403, env(code)).kind).toBe('permission');
  });
  it('(#283) without pages_read_user_content → permission, naming it', () => {
    const c = classifyGraphError(400, {
      error: {
        message: '(#283) Requires pages_read_user_content permission',
        type: 'OAuthException',
        code: 283,
      },
    });
    expect(c).toMatchObject({ kind: 'permission', permission: 'pages_read_user_content' });
  });
  it('names the missing permission from the message', () => {
    const c = classifyGraphError(
      400,
      env(
        10,
        undefined,
        "(#10) This endpoint requires the 'pages_read_engagement' permission or the 'Page Public Content Access' feature.",
      ),
    );
    expect(c.permission).toBe('pages_read_engagement');
    expect(c.message).toContain('pages_read_engagement');
    expect(
      classifyGraphError(
        400,
        env(200, undefined, '(#200) Requires instagram_manage_messages permission to manage the object'),
      ).permission,
    ).toBe('instagram_manage_messages');
    expect(missingPermissionOf('(#200) Permissions error')).toBeUndefined();
  });

  it.each([4, 17, 32, 613, 80001, 80002, 80006, 80014])('%i → throttled with a retry-after', (code) => {
    const c = classifyGraphError(400, env(code));
    expect(c.kind).toBe('throttled');
    expect(c.retryAfterMs).toBeGreaterThan(0);
  });
  it('uses the retry-after derived from headers when given', () => {
    expect(classifyGraphError(400, env(32), { retryAfterMs: 5 * 60_000 }).retryAfterMs).toBe(300_000);
  });
  it('80015 is not a throttling code', () => {
    expect(classifyGraphError(400, env(80015)).kind).not.toBe('throttled');
  });

  it.each([
    [500, 1],
    [500, 2],
    [503, 999],
  ])('HTTP %i code %i → transient', (status, code) => {
    expect(classifyGraphError(status, env(code)).kind).toBe('transient');
  });
  it('is_transient → transient; 5xx without a body → transient', () => {
    expect(
      classifyGraphError(400, env(1200, undefined, 'Temporary send message failure', { is_transient: true }))
        .kind,
    ).toBe('transient');
    expect(classifyGraphError(502, '<html>Bad gateway</html>').kind).toBe('transient');
  });

  it('100 → invalid', () => {
    expect(classifyGraphError(400, env(100, 33)).kind).toBe('invalid');
  });
  it('4/2207051 (Instagram "action blocked") → blocked, not throttling: no rate-limit wait follows it', () => {
    const c = classifyGraphError(400, env(4, 2207051));
    expect(c.kind).toBe('blocked');
    expect(c.retryAfterMs).toBeUndefined();
  });

  it('368 → blocked', () => {
    expect(classifyGraphError(400, env(368, 1390008)).kind).toBe('blocked');
  });
  it.each([
    [10, 2018278],
    [10, 2018108],
    [10, 2018065],
  ])('%i/%i → outside-window (not permission)', (code, sub) => {
    const c = classifyGraphError(400, env(code, sub));
    expect(c.kind).toBe('outside-window');
    expect(c.message).toMatch(/24 hours/);
  });
  it.each([
    [551, 1545041],
    [551, undefined],
    [100, 2018001],
    [200, 1545041],
  ])('%i/%s → recipient', (code, sub) => {
    expect(classifyGraphError(400, env(code, sub)).kind).toBe('recipient');
  });
  it('an unknown code → unknown; 429 without body → throttled', () => {
    expect(classifyGraphError(400, env(12345)).kind).toBe('unknown');
    expect(classifyGraphError(429, null).kind).toBe('throttled');
    expect(classifyGraphError(404, 'nope').kind).toBe('unknown');
  });
});

describe('parseGraphErrorBody', () => {
  it('reads the envelope and tolerates junk', () => {
    expect(parseGraphErrorBody(env(190, 463))).toMatchObject({ code: 190, subcode: 463, fbtraceId: 'A1' });
    expect(parseGraphErrorBody({ error: 'x' })).toBeNull();
    expect(parseGraphErrorBody(null)).toBeNull();
  });
});

describe('classifyNetworkError', () => {
  it('is transient with a phase-specific message', () => {
    expect(classifyNetworkError('before-send', 'ECONNREFUSED')).toMatchObject({
      kind: 'transient',
      status: 0,
    });
    expect(classifyNetworkError('after-send', 'ECONNRESET').message).toMatch(/broke/);
  });
});
