// session/*: signing in (demo, pasted token, Facebook Login) and out.
import type { HostParts, NamespaceHandlers } from './types';

/** The session/* handlers. */
export function sessionHandlers({ session }: HostParts): NamespaceHandlers<'session'> {
  return {
    'session/get': async () => session.state(),
    'session/sign-in-demo': () => session.signInDemo(),
    'session/sign-in-token': ({ token }) => session.signInToken(token),
    'session/login-start': () => session.loginStart(),
    'session/login-complete': ({ callbackUrl }) => session.loginComplete(callbackUrl),
    'session/sign-out': ({ disconnect }) => session.signOut(disconnect),
  };
}
