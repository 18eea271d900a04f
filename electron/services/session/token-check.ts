// Checking a token with Graph, step by step: who it belongs to (`/me`), which Pages it reaches (`/me/accounts`, or
// the Page itself for a Page token) and which permissions were granted. The session builds its state from these.
import type { z } from 'zod';
import { BridgeError } from '../../../shared/bridge/contract';
import { normalizeAccount, normalizeAccounts, pageTokensOf } from '../../../shared/graph/normalize';
import { GraphMe, GraphPermissions } from '../../../shared/graph/schemas';
import { Session as SessionSchema, type Session } from '../../../shared/bridge/calls/session';
import { mediaKey, type Account, type MediaRef } from '../../../shared/models';
import { GraphCallError, graphPagingUrl, graphPath, type GraphClient, type GraphPath } from '../graph/client';

/** Fields Duet reads for each Page in `/me/accounts` (and `/{page-id}` for a Page token). */
const ACCOUNT_FIELDS =
  'id,name,category,tasks,access_token,picture{url},instagram_business_account{id,username,name,profile_picture_url,followers_count,media_count}';

/** Why a step of signing in stops: the message the user sees; the current session stays as it was. */
export class Refused {
  constructor(readonly message: string) {}
}

/** The Pages a token gives access to, with their Page tokens. */
export interface AccountsFound {
  accounts: Account[];
  pageTokens: Record<string, string>;
}

/** Turns a failed validation call into a user-readable refusal (or a BridgeError for network trouble). */
function explain(err: unknown): string {
  if (err instanceof GraphCallError) {
    if (err.info.kind === 'auth' || err.info.kind === 'invalid' || err.info.kind === 'unknown')
      return `Facebook didn’t accept this access token: ${err.info.upstreamMessage ?? err.info.message}`;
    if (err.info.kind === 'permission') return err.info.message;
    if (err.info.status === 0) throw new BridgeError('offline', err.info.message);
    throw new BridgeError(
      err.info.kind === 'throttled' ? 'throttled' : 'upstream',
      err.info.message,
      undefined,
      err.info.retryAfterMs,
    );
  }
  throw err;
}

/** The signed-in user behind a token (`/me`), or why the token is refused. */
export async function readUser(
  graph: GraphClient,
  token: string,
): Promise<z.infer<typeof GraphMe> | Refused> {
  let me;
  try {
    const res = await graph.request({
      path: graphPath('me'),
      params: { fields: 'id,name,picture{url}' },
      token,
    });
    me = GraphMe.safeParse(res.data);
  } catch (err) {
    return new Refused(explain(err));
  }
  if (!me.success)
    return new Refused('Facebook answered the token check with something Duet could not read.');
  return me.data;
}

/**
 * The Pages a user token manages (`/me/accounts`, every page of it) with their Page tokens; `pageToken` when the
 * edge is refused, which is what a Page token gets (with Meta's answer, which says why when it is not one).
 */
export async function listAccounts(
  graph: GraphClient,
  token: string,
): Promise<AccountsFound | { pageToken: true; accountsError?: GraphCallError } | Refused> {
  const accounts: Account[] = [];
  const pageTokens: Record<string, string> = {};
  try {
    let path: GraphPath | null = graphPath('me', 'accounts');
    let params: Record<string, string> | undefined = { fields: ACCOUNT_FIELDS, limit: '100' };
    for (let i = 0; path && i < 20; i++) {
      const res: { data: unknown } = await graph.request({ path, params, token });
      accounts.push(...normalizeAccounts(res.data).items);
      Object.assign(pageTokens, pageTokensOf(res.data));
      const next = (res.data as { paging?: { next?: unknown } } | null)?.paging?.next;
      path = typeof next === 'string' ? graphPagingUrl(next) : null;
      params = undefined;
    }
  } catch (err) {
    if (err instanceof GraphCallError && err.info.kind === 'auth') return new Refused(explain(err));
    if (err instanceof GraphCallError && err.phase !== 'response') explain(err);
    return err instanceof GraphCallError ? { pageToken: true, accountsError: err } : { pageToken: true };
  }
  return { accounts, pageTokens };
}

/** A Page token: /me is the Page itself; its account list is that one Page, and the token is its Page token. */
export async function pageAsAccount(
  graph: GraphClient,
  token: string,
  pageId: string,
  accountsError: GraphCallError | undefined,
): Promise<AccountsFound | Refused> {
  try {
    const res = await graph.request({
      path: graphPath(pageId),
      params: { fields: ACCOUNT_FIELDS.replace('access_token,', '') },
      token,
    });
    const acc = normalizeAccount(res.data);
    if (!acc)
      return new Refused('This token belongs to something Duet cannot use (neither a user nor a Page).');
    return { accounts: [acc], pageTokens: { [acc.id]: token } };
  } catch (err) {
    // Not a Page either: a user token that may not list Pages. Meta's answer to /me/accounts says why.
    if (accountsError?.info.kind === 'permission') return new Refused(accountsError.info.message);
    return new Refused(explain(err));
  }
}

/** The permissions granted and declined (`/me/permissions`); empty for Page tokens, which cannot read it. */
export async function readPermissions(
  graph: GraphClient,
  token: string,
): Promise<{ granted: string[]; declined: string[] }> {
  const granted: string[] = [];
  const declined: string[] = [];
  try {
    const res = await graph.request({ path: graphPath('me', 'permissions'), token });
    const perms = GraphPermissions.safeParse(res.data);
    if (perms.success)
      for (const p of perms.data.data) (p.status === 'granted' ? granted : declined).push(p.permission);
  } catch {
    // Page tokens cannot read /me/permissions; the list stays empty and features report permission errors as they occur.
  }
  return { granted, declined };
}

/** A token that passed the check: the session it gives and the Page tokens behind it. */
export interface CheckedToken {
  session: Session;
  userId: string;
  pageTokens: Record<string, string>;
}

/**
 * Validates a token and builds the session: `/me`, then `/me/accounts` for a user/system-user token; if that edge
 * is refused, the token is treated as a Page token and `/{id}` is the only account.
 */
export async function checkToken(
  graph: GraphClient,
  token: string,
  mode: Session['mode'],
  expiresAt: number | null,
): Promise<CheckedToken | Refused> {
  const user = await readUser(graph, token);
  if (user instanceof Refused) return user;
  let found = await listAccounts(graph, token);
  if (found instanceof Refused) return found;
  if ('pageToken' in found) found = await pageAsAccount(graph, token, user.id, found.accountsError);
  if (found instanceof Refused) return found;
  const { accounts, pageTokens } = found;
  if (accounts.length === 0) {
    return new Refused(
      'This Facebook account doesn’t manage any Page Duet can use. Make sure you granted access to your Page (pages_show_list) and try again.',
    );
  }
  const { granted, declined } = await readPermissions(graph, token);
  const picUrl = user.picture?.data?.url;
  const picture: MediaRef | undefined = picUrl
    ? { key: mediaKey(accounts[0]!.id, user.id, 'picture'), url: picUrl, kind: 'image' }
    : undefined;
  const session: Session = {
    user: { id: user.id, name: user.name ?? accounts[0]!.name, ...(picture ? { picture } : {}) },
    accounts,
    grantedPermissions: granted,
    declinedPermissions: declined,
    expiresAt,
    mode,
  };
  const checked = SessionSchema.safeParse(session);
  if (!checked.success)
    return new Refused('Facebook answered the token check with something Duet could not read.');
  return { session: checked.data, userId: user.id, pageTokens };
}
