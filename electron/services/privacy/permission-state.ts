// The permission state of the signed-in token, read from Meta: `/me/permissions` (granted / declined / expired) and
// `debug_token` (token type, expiry, data-access expiry, granular scopes: which Pages and Instagram accounts each
// permission applies to). Revoking one permission and asking for it again go through here too, and so does the
// refresh after a call Meta refused for a missing permission. Every reading updates the session's granted list (what
// the renderer's "is this feature allowed" reads) and is pushed as privacy/permissions-changed.
// https://developers.facebook.com/docs/graph-api/reference/user/permissions/
// https://developers.facebook.com/docs/graph-api/reference/debug_token/
import { z } from 'zod';
import { BridgeError } from '../../../shared/bridge/contract';
import type { PermissionEntry, PermissionState } from '../../../shared/bridge/calls/privacy';
import { DUET_PERMISSIONS } from '../../../shared/graph/permissions';
import { GraphPermissions } from '../../../shared/graph/schemas';
import type { Account } from '../../../shared/models';
import { GraphCallError, graphPath, type GraphClient } from '../graph/client';
import type { SessionService } from '../session/session';

/** debug_token's answer, as far as the panel reads it. */
const DebugToken = z.object({
  data: z.object({
    type: z.string().optional(),
    expires_at: z.number().optional(),
    data_access_expires_at: z.number().optional(),
    granular_scopes: z
      .array(z.object({ scope: z.string(), target_ids: z.array(z.string()).optional() }))
      .optional(),
  }),
});

/** What the privacy service needs. */
export interface PrivacyDeps {
  graph: GraphClient;
  session: Pick<
    SessionService,
    'state' | 'userToken' | 'setPermissions' | 'reRequest' | 'lastUserToken' | 'explainExpired'
  >;
  emit: (state: PermissionState) => void;
  now: () => number;
  log: (line: string) => void;
}

/** The privacy service behind privacy/*. */
export interface PrivacyService {
  read(): Promise<PermissionState>;
  revoke(permission: string): Promise<PermissionState>;
  grantAgain(permission: string): Promise<{
    mode: 'done' | 'redirect';
    url?: string;
    message?: string;
    state?: PermissionState;
  }>;
  /** After Meta refused a call for a missing permission: re-reads the state once (calls arriving meanwhile join). */
  refreshSoon(): void;
  /**
   * After a session ended with a 190: asks debug_token whether data access ran out (the token itself may still be
   * valid), and if so replaces the session's message with that explanation and how to renew it.
   */
  explainExpiry(): Promise<void>;
}

/** What a user reads when Facebook's data access for Duet ran out (separate from the token's expiry). */
export function dataAccessExpiredMessage(at: number): string {
  return `Facebook’s permission for Duet to read your Pages’ data ended on ${new Date(at).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })} (it lasts 90 days after you last confirmed it). Sign in again and confirm to renew it; nothing stored on this computer was deleted.`;
}

/** "EAAR…9f": enough to recognise that a token is there, never enough to use it. */
export function maskToken(token: string): string {
  return token.length < 12 ? '••••' : `${token.slice(0, 4)}…${token.slice(-2)}`;
}

const STATUSES = new Set(['granted', 'declined', 'expired']);

/** Builds the panel's list: every permission Duet asks for, then any other the grant lists. */
export function permissionEntries(
  listed: Array<{ permission: string; status: string }> | null,
  granular: Array<{ scope: string; target_ids?: string[] }>,
  accounts: Account[],
): PermissionEntry[] {
  const names = new Map<string, string>();
  for (const a of accounts) {
    names.set(a.id, a.name);
    if (a.instagram) names.set(a.instagram.id, `@${a.instagram.username}`);
  }
  const status = new Map((listed ?? []).map((p) => [p.permission, p.status]));
  const all = [...new Set([...DUET_PERMISSIONS, ...status.keys()])].filter((p) => p !== 'public_profile');
  return all.map((name) => {
    const s = status.get(name);
    const entry: PermissionEntry = {
      name,
      status: s && STATUSES.has(s) ? (s as PermissionEntry['status']) : 'not-asked',
    };
    const g = granular.find((x) => x.scope === name);
    if (g?.target_ids) entry.targets = g.target_ids.map((id) => ({ id, name: names.get(id) ?? id }));
    return entry;
  });
}

/** Creates the privacy service. */
export function createPrivacyService(deps: PrivacyDeps): PrivacyService {
  let refreshing: Promise<unknown> | null = null;

  async function listed(token: string): Promise<Array<{ permission: string; status: string }> | null> {
    try {
      const res = await deps.graph.request({ path: graphPath('me', 'permissions'), token });
      const parsed = GraphPermissions.safeParse(res.data);
      return parsed.success ? parsed.data.data : null;
    } catch (err) {
      // A Page token cannot read /me/permissions; a 190 flips the session where the gateway sees it.
      if (err instanceof GraphCallError && err.info.kind === 'auth') throw toAuth(err);
      return null;
    }
  }

  async function debug(token: string): Promise<z.infer<typeof DebugToken>['data'] | null> {
    try {
      // The token may inspect itself (access_token = input_token): a desktop app has no app secret.
      const res = await deps.graph.request({
        path: graphPath('debug_token'),
        params: { input_token: token },
        token,
      });
      const parsed = DebugToken.safeParse(res.data);
      return parsed.success ? parsed.data.data : null;
    } catch {
      return null;
    }
  }

  function toAuth(err: GraphCallError): BridgeError {
    return new BridgeError('session-expired', err.info.message);
  }

  async function read(): Promise<PermissionState> {
    const token = deps.session.userToken();
    const session = deps.session.state().session;
    const accounts = session?.accounts ?? [];
    const [list, dbg] = await Promise.all([listed(token), debug(token)]);
    const permissions = permissionEntries(list, dbg?.granular_scopes ?? [], accounts);
    if (list) {
      const granted = list.filter((p) => p.status === 'granted').map((p) => p.permission);
      const declined = list.filter((p) => p.status !== 'granted').map((p) => p.permission);
      deps.session.setPermissions(granted, declined);
    }
    const state: PermissionState = {
      permissions,
      signIn: {
        type: dbg?.type ?? 'unknown',
        expiresAt: dbg?.expires_at ? dbg.expires_at * 1000 : (session?.expiresAt ?? null),
        dataAccessExpiresAt: dbg?.data_access_expires_at ? dbg.data_access_expires_at * 1000 : null,
        masked: maskToken(token),
      },
      pages: accounts.map((a) => ({ accountId: a.id, name: a.name, tasks: a.tasks })),
      complete: list !== null,
      readAt: deps.now(),
    };
    deps.emit(state);
    return state;
  }

  return {
    read,
    async revoke(permission) {
      const token = deps.session.userToken();
      const userId = deps.session.state().session?.user.id;
      if (!userId) throw new BridgeError('not-signed-in', 'Sign in to Duet first.');
      try {
        await deps.graph.request({
          method: 'DELETE',
          path: graphPath(userId, 'permissions', permission),
          token,
        });
      } catch (err) {
        if (err instanceof GraphCallError) {
          if (err.info.kind === 'auth') throw toAuth(err);
          throw new BridgeError(
            err.info.status === 0 ? 'offline' : 'upstream',
            `Facebook did not revoke ${permission}: ${err.info.message}`,
          );
        }
        throw err;
      }
      deps.log(`privacy: revoked ${permission}`);
      return read();
    },
    async grantAgain(permission) {
      const asked = await deps.session.reRequest({ permissions: [permission] });
      if (asked.mode === 'redirect') return { mode: 'redirect', url: asked.url };
      const state = await read();
      const now = state.permissions.find((p) => p.name === permission)?.status;
      return now === 'granted'
        ? { mode: 'done', state }
        : {
            mode: 'done',
            state,
            message:
              asked.state.message ??
              `Facebook did not grant ${permission}. Tick it in the Facebook window to allow it.`,
          };
    },
    async explainExpiry() {
      const token = deps.session.lastUserToken();
      const at = token ? (await debug(token))?.data_access_expires_at : undefined;
      if (at !== undefined && at * 1000 <= deps.now())
        deps.session.explainExpired(dataAccessExpiredMessage(at * 1000));
    },
    refreshSoon() {
      if (refreshing) return;
      refreshing = read()
        .catch((e: unknown) =>
          deps.log(`privacy: refresh failed: ${e instanceof Error ? e.message : 'error'}`),
        )
        .finally(() => {
          refreshing = null;
        });
    },
  };
}
