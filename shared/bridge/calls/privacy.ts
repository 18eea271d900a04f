// privacy/*: what Duet may do on Facebook and Instagram (the permission state), revoking one permission and asking
// for it again. The state is read by the host from /me/permissions and debug_token; no schema here carries a token.
import { z } from 'zod';
import { call, event } from '../define';

/** A permission name as Meta spells them (`instagram_manage_messages`). */
const PermissionName = z
  .string()
  .regex(/^[a-z][a-z_]{1,60}$/, 'This is not a permission name.')
  .max(64);

/**
 * One permission: granted, declined in the dialog (or revoked since), expired (data access ran out) or never asked
 * (`not-asked`: Duet needs it but the grant does not list it, e.g. after an older sign-in).
 */
export const PermissionEntry = z.object({
  name: z.string(),
  status: z.enum(['granted', 'declined', 'expired', 'not-asked']),
  /** Which Pages / Instagram accounts it applies to (debug_token's granular_scopes); absent = all of them. */
  targets: z.array(z.object({ id: z.string(), name: z.string() })).optional(),
});
export type PermissionEntry = z.infer<typeof PermissionEntry>;

/** The permission state of the signed-in token, as the Privacy & data panel shows it. */
export const PermissionState = z.object({
  permissions: z.array(PermissionEntry),
  signIn: z.object({
    /** debug_token's type: USER, PAGE or SYSTEM_USER; unknown when it could not be read. */
    type: z.string(),
    /** Epoch ms; null when the token does not expire. */
    expiresAt: z.number().nullable(),
    /** When data access ends (separate from the token's expiry); null when unknown. */
    dataAccessExpiresAt: z.number().nullable(),
    /** Always masked (`EAAR…9f`): shown as present, never the token. */
    masked: z.string(),
  }),
  /** The person's tasks on each Page (/me/accounts?fields=tasks). */
  pages: z.array(z.object({ accountId: z.string(), name: z.string(), tasks: z.array(z.string()) })),
  /** False when Meta would not list the permissions (a Page token cannot read /me/permissions). */
  complete: z.boolean(),
  /** Epoch ms of the reading. */
  readAt: z.number(),
});
export type PermissionState = z.infer<typeof PermissionState>;

export const privacyCalls = {
  'privacy/permissions': call({
    summary: 'Reads the permission state from Meta (/me/permissions and debug_token).',
    request: z.object({}).strict(),
    response: PermissionState,
  }),
  'privacy/revoke': call({
    summary:
      'Revokes one permission on Facebook (DELETE /{user-id}/permissions/{name}) and re-reads the state.',
    request: z.object({ permission: PermissionName }).strict(),
    response: PermissionState,
  }),
  'privacy/grant-again': call({
    summary:
      'Asks for one permission again through Facebook Login (auth_type=rerequest, scope=<that one>). Electron and the demo finish here; the browser host returns the dialog address to open.',
    request: z.object({ permission: PermissionName }).strict(),
    response: z.object({
      mode: z.enum(['done', 'redirect']),
      url: z.string().optional(),
      /** Words for the user when the dialog did not grant it (closed, declined). */
      message: z.string().optional(),
      state: PermissionState.optional(),
    }),
  }),
} as const;

export const privacyEvents = {
  'privacy/permissions-changed': event({
    summary: 'The permission state changed (a revoke, a grant, or a call refused for a missing permission).',
    payload: PermissionState,
  }),
} as const;
