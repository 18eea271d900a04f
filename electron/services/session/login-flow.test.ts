import { describe, expect, it } from 'vitest';
import type { Settings } from '../../../shared/bridge/calls/settings';
import { LOGIN_SCOPES, loginDialogUrl } from './login-flow';

const settings = {
  loginDialogUrl: 'https://www.facebook.com',
  apiVersion: 'v27.0',
  appId: '123',
} as Settings;

describe('the login dialog address', () => {
  it('asks for every scope on a sign-in, and for one permission with auth_type=rerequest to grant it again', () => {
    const first = new URL(loginDialogUrl(settings, 'https://x.test/cb', 's1'));
    expect(first.searchParams.get('scope')!.split(',')).toEqual([...LOGIN_SCOPES]);
    expect(first.searchParams.has('auth_type')).toBe(false);
    const again = new URL(
      loginDialogUrl(settings, 'https://x.test/cb', 's2', { permissions: ['instagram_manage_messages'] }),
    );
    expect(again.pathname).toBe('/v27.0/dialog/oauth');
    expect(again.searchParams.get('scope')).toBe('instagram_manage_messages');
    expect(again.searchParams.get('auth_type')).toBe('rerequest');
    expect(again.searchParams.get('state')).toBe('s2');
  });
});
