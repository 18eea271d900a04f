import { describe, expect, it } from 'vitest';
import { publishRefusal } from './publish-refusal';

describe('a failed target refused for a permission', () => {
  it('names the network’s publishing feature and the permission Meta named', () => {
    expect(
      publishRefusal({
        network: 'instagram',
        state: 'failed',
        error:
          'Duet is missing the “instagram_content_publish” permission for this. Sign in again and grant it.',
      }),
    ).toEqual({ feature: 'instagram-publish', permission: 'instagram_content_publish' });
    expect(
      publishRefusal({ network: 'facebook', state: 'failed', error: '(#200) requires pages_manage_posts' }),
    ).toEqual({ feature: 'facebook-publish', permission: 'pages_manage_posts' });
  });

  it('other reasons, other states and permissions of no publishing feature are not', () => {
    expect(publishRefusal({ network: 'facebook', state: 'failed', error: 'Please confirm your email' })).toBe(
      undefined,
    );
    expect(
      publishRefusal({ network: 'facebook', state: 'queued', error: '(#200) requires pages_manage_posts' }),
    ).toBe(undefined);
    expect(publishRefusal({ network: 'facebook', state: 'failed', error: 'The photo is too large.' })).toBe(
      undefined,
    );
  });
});
