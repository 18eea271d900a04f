/** Login and identity: `/me`, `/me/accounts`, `/me/permissions`, the OAuth code exchange and `debug_token`. */
import { createHash } from 'node:crypto';
import { GraphError, errors } from '../errors.js';
import { parseFields } from '../fields.js';
import { type Ctx, render } from '../render/core.js';
import { pageDef, userDef } from '../render/facebook.js';
import { DATA_ACCESS_MS, SANDBOX_APP } from '../tokens.js';
import { type Page, type User } from '../world.js';
import { grants } from './access.js';
import { fieldsOf, listResponse } from './list.js';
import { type GraphRequest } from './request.js';
import { type Route, publicRoute, route } from './router.js';

/** The routes of this area. */
export const loginRoutes: Route[] = [
  route('GET', '/{user}', ({ ctx, req, target }) => render(userDef, target.obj, fieldsOf(req), ctx)),
  route('GET', '/{user}/accounts', ({ ctx, req, target }) => meAccounts(ctx, req, target.obj)),
  route('*', '/{user}/permissions', ({ ctx, req, target, method }) =>
    permissions(ctx, req, target.obj, undefined, method),
  ),
  route('*', '/{user}/permissions/{permission}', ({ ctx, req, target, sub, method }) =>
    permissions(ctx, req, target.obj, sub, method),
  ),
  publicRoute('*', '/oauth/access_token', ({ ctx, req }) => oauthAccessToken(ctx, req)),
  publicRoute('*', '/debug_token', ({ ctx, req }) => debugToken(ctx, req)),
];

/** https://developers.facebook.com/docs/graph-api/reference/user/accounts/ */
function meAccounts(ctx: Ctx, req: GraphRequest, user: User): unknown {
  // Without pages_show_list Meta returns an empty list.
  const pages = grants(ctx, 'pages_show_list')
    ? user.pageIds.map((id) => ctx.world.pages.get(id) as Page)
    : [];
  const f = fieldsOf(req) ?? parseFields('access_token,category,category_list,name,id,tasks');
  return listResponse(
    ctx,
    req,
    pages,
    (p) => p.id,
    (p) => render(pageDef, p, f, ctx),
  );
}

/** https://developers.facebook.com/docs/graph-api/reference/user/permissions/ */
function permissions(
  ctx: Ctx,
  req: GraphRequest,
  user: User,
  sub: string | undefined,
  method: string,
): unknown {
  const grants = ctx.tokens.grants.get(user.id) ?? new Map<string, boolean>();
  if (method === 'GET') {
    // Status is granted, declined or expired (data access ran out: granted, but unusable until re-consent).
    const expired = ctx.tokens.dataAccessExpired(user.id, ctx.now);
    const list = [...grants.entries()]
      .filter(([p]) => !sub || p === sub)
      .map(([permission, granted]) => ({
        permission,
        status: !granted ? 'declined' : expired ? 'expired' : 'granted',
      }));
    return { data: list };
  }
  if (method === 'DELETE') {
    const perm = sub ?? req.params.str('permission');
    if (perm) {
      if (!grants.has(perm)) throw errors.param(`Invalid permission: ${perm}`);
      grants.set(perm, false);
    } else {
      // Revoking all permissions de-authorizes the app: every token of the user stops working (190/458).
      ctx.tokens.grants.delete(user.id);
      ctx.tokens.invalidate(458, { userId: user.id });
    }
    return { success: true };
  }
  throw errors.noObject(`${user.id}/permissions`, method);
}

/** https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived and manual-flow code exchange. */
function oauthAccessToken(ctx: Ctx, req: GraphRequest): unknown {
  const p = req.params;
  if (!p.str('client_id')) throw errors.param('Missing client_id parameter.', undefined);
  const grantType = p.str('grant_type');
  if (grantType === 'fb_exchange_token') {
    if (!p.str('client_secret')) throw new GraphError('Missing client_secret parameter.', 1);
    const old = ctx.tokens.check(p.str('fb_exchange_token'), ctx.now);
    if (old.kind !== 'user') throw errors.param('The access token must be a user access token');
    const rec = ctx.tokens.mintUser(old.userId, ctx.now, 60 * 86400, true);
    return { access_token: rec.token, token_type: 'bearer', expires_in: 60 * 86400 };
  }
  const code = p.str('code');
  if (!code) throw errors.param('Missing code parameter.');
  const rec = ctx.tokens.codes.get(code);
  if (!rec) throw errors.param('Invalid verification code format.', 36007);
  if (rec.used) throw errors.param('This authorization code has been used.', 36009);
  if (ctx.now > rec.expiresAt) throw errors.param('This authorization code has expired.', 36007);
  if (p.str('redirect_uri') !== rec.redirectUri) {
    throw errors.param(
      'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request',
      36008,
    );
  }
  if (rec.codeChallenge) {
    const verifier = p.str('code_verifier') ?? '';
    const digest = createHash('sha256').update(verifier).digest('base64url');
    if (digest !== rec.codeChallenge && verifier !== rec.codeChallenge)
      throw errors.param('Invalid code verifier', 36008);
  } else if (!p.str('client_secret')) {
    throw new GraphError('Missing client_secret parameter.', 1);
  }
  rec.used = true;
  const tok = ctx.tokens.mintUser(rec.userId, ctx.now, 5184000);
  return { access_token: tok.token, token_type: 'bearer', expires_in: 5184000 };
}

/** https://developers.facebook.com/docs/graph-api/reference/debug_token/ */
function debugToken(ctx: Ctx, req: GraphRequest): unknown {
  const input = req.params.str('input_token');
  if (!input) throw errors.param('The parameter input_token is required');
  const rec = ctx.tokens.tokens.get(input);
  if (!rec) {
    return {
      data: { error: { code: 190, message: 'Invalid OAuth access token.' }, is_valid: false, scopes: [] },
    };
  }
  const grants = ctx.tokens.grants.get(rec.userId);
  const scopes = grants ? [...grants.entries()].filter(([, g]) => g).map(([p]) => p) : [];
  const dataUntil = ctx.tokens.dataAccessUntil.get(rec.userId) ?? rec.issuedAt + DATA_ACCESS_MS;
  const data: Record<string, unknown> = {
    app_id: SANDBOX_APP.id,
    type: rec.kind === 'page' ? 'PAGE' : 'USER',
    application: SANDBOX_APP.name,
    data_access_expires_at: Math.floor(dataUntil / 1000),
    expires_at: rec.expiresAt ? Math.floor(rec.expiresAt / 1000) : 0,
    is_valid: true,
    issued_at: Math.floor(rec.issuedAt / 1000),
    scopes,
    // Page permissions apply to the Pages chosen in the dialog, Instagram ones to their linked IG accounts.
    granular_scopes: scopes
      .filter((s) => s.startsWith('pages_') || s.startsWith('instagram_'))
      .map((scope) => ({ scope, target_ids: targetsOf(ctx, rec.userId, scope) })),
    user_id: rec.userId,
  };
  if (rec.kind === 'page') data.profile_id = rec.pageId;
  try {
    ctx.tokens.check(input, ctx.now);
  } catch (e) {
    if (e instanceof GraphError) {
      data.is_valid = false;
      data.error = { code: e.code, message: e.message, subcode: e.subcode };
    }
  }
  return { data };
}

/** The Pages (or, for instagram_* scopes, the Instagram accounts linked to them) a user's grant covers. */
function targetsOf(ctx: Ctx, userId: string, scope: string): string[] {
  const pageIds = ctx.world.users.find((u) => u.id === userId)?.pageIds ?? [];
  if (!scope.startsWith('instagram_')) return pageIds;
  return pageIds.flatMap((id) => ctx.world.pages.get(id)?.igId ?? []);
}
