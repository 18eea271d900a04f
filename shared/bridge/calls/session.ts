// session/*: one sign-in that covers the Page and its Instagram account. No schema here carries a token.
import { z } from 'zod';
import { Account, MediaRef } from '../../models';
import { call, event } from '../define';

/** The signed-in session as the renderer sees it: who, which accounts, what was granted. Never a token. */
export const Session = z.object({
  user: z.object({ id: z.string(), name: z.string(), picture: MediaRef.optional() }),
  accounts: z.array(Account),
  grantedPermissions: z.array(z.string()),
  declinedPermissions: z.array(z.string()),
  /** Epoch ms; null for tokens that never expire (e.g. system users). */
  expiresAt: z.number().nullable(),
  mode: z.enum(['facebook', 'token', 'demo']),
});
export type Session = z.infer<typeof Session>;

/** How the token is protected at rest. */
export const VaultInfo = z.object({
  backend: z.string(),
  secure: z.boolean(),
  warning: z.string().optional(),
});
export type VaultInfo = z.infer<typeof VaultInfo>;

/** signed-out, active, or expired (error 190: cache and outbox intact, sign in again to resume). */
export const SessionState = z.object({
  status: z.enum(['signed-out', 'active', 'expired']),
  session: Session.optional(),
  /** Why the session is expired or why the last sign-in failed, in words a user understands. */
  message: z.string().optional(),
  vault: VaultInfo,
});
export type SessionState = z.infer<typeof SessionState>;

export const sessionCalls = {
  'session/get': call({
    summary: 'The current session state.',
    request: z.object({}).strict(),
    response: SessionState,
  }),
  'session/sign-in-demo': call({
    summary: 'Starts the embedded sandbox and signs in through its dialog.',
    request: z.object({}).strict(),
    response: SessionState,
  }),
  'session/sign-in-token': call({
    summary: 'Validates a pasted user, Page or system-user token and signs in with it.',
    request: z
      .object({ token: z.string().min(10, 'That is too short to be an access token.').max(4096) })
      .strict(),
    response: SessionState,
  }),
  'session/login-start': call({
    summary:
      'Starts Facebook Login. Electron opens the login window and resolves when it closes; the browser host returns the dialog URL to open.',
    request: z.object({}).strict(),
    response: z.object({
      mode: z.enum(['window', 'redirect']),
      url: z.string().optional(),
      state: SessionState,
    }),
  }),
  'session/login-complete': call({
    summary: 'Completes Facebook Login from the redirect URL (fragment or query); checks `state`.',
    request: z.object({ callbackUrl: z.string().max(8192) }).strict(),
    response: SessionState,
  }),
  'session/sign-out': call({
    summary: 'Wipes the token and cached media; with `disconnect`, also revokes Duet on Facebook.',
    request: z.object({ disconnect: z.boolean() }).strict(),
    response: SessionState,
  }),
} as const;

export const sessionEvents = {
  'session/changed': event({
    summary: 'The session state changed (sign-in, expiry, sign-out).',
    payload: SessionState,
  }),
} as const;
