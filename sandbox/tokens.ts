/**
 * Access tokens, permissions and OAuth codes.
 * Token errors: https://developers.facebook.com/docs/graph-api/guides/error-handling/#errorcodes (190 + 458/460/463/467)
 * Page tokens: https://developers.facebook.com/docs/pages-api/getting-started#page-access-tokens
 * Permissions: https://developers.facebook.com/docs/permissions
 */
import { randomBytes } from 'node:crypto';
import { DUET_PERMISSIONS } from '../shared/graph/permissions';
import { GraphError, errors } from './errors.js';

// The default grant is Duet's own scope list (one list, shared with the app's Facebook Login).
export { DUET_PERMISSIONS };

/** A minted access token. */
export interface TokenRecord {
  token: string;
  kind: 'user' | 'page';
  userId: string;
  pageId?: string;
  issuedAt: number;
  /** 0 = never expires. */
  expiresAt: number;
  /** Set when the token was invalidated: the 190 subcode to report. */
  invalid?: 458 | 460 | 463 | 467;
  longLived: boolean;
}

/** A pending authorization code from the OAuth dialog. */
export interface AuthCode {
  userId: string;
  redirectUri: string;
  expiresAt: number;
  used: boolean;
  codeChallenge?: string;
}

/**
 * How long data access lasts after the person last used or re-consented to the app: 90 days, separate from the
 * token's own expiry. https://developers.facebook.com/docs/facebook-login/auth-vs-data (the 90-day figure is from
 * Meta's "Data Access Expiration" docs; the error after expiry below is unverified).
 */
export const DATA_ACCESS_MS = 90 * 86_400_000;

/** The sandbox's app identity (used by debug_token and the dialog). */
export const SANDBOX_APP = { id: '1234567890123456', name: 'Duet' };

/** Token and permission store. */
export class TokenStore {
  readonly tokens = new Map<string, TokenRecord>();
  /** Per user: permission → granted (true) or declined (false). Missing user = app not authorized. */
  readonly grants = new Map<string, Map<string, boolean>>();
  readonly codes = new Map<string, AuthCode>();
  /** Per user: when data access ends (epoch ms); renewed by every completed login dialog and minted token. */
  readonly dataAccessUntil = new Map<string, number>();

  /** Sets a user's grant (like completing the login dialog). */
  grant(userId: string, permissions: readonly string[]): void {
    const m = new Map<string, boolean>();
    for (const p of permissions) m.set(p, true);
    m.set('public_profile', true);
    this.grants.set(userId, m);
  }

  /**
   * A re-request (`auth_type=rerequest`): the asked permissions become granted or declined as the person chose;
   * every other permission keeps its state, as Meta's dialog asks only for what it names.
   * https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow#reaskperms
   */
  regrant(userId: string, asked: readonly string[], granted: readonly string[]): void {
    const m = this.grants.get(userId) ?? new Map<string, boolean>([['public_profile', true]]);
    for (const p of asked) m.set(p, granted.includes(p));
    this.grants.set(userId, m);
  }

  /** Starts a new 90-day data-access period for the user (a completed consent). */
  renewDataAccess(userId: string, now: number): void {
    this.dataAccessUntil.set(userId, now + DATA_ACCESS_MS);
  }

  /** True when the user's data access has run out at `now` (until they consent again). */
  dataAccessExpired(userId: string, now: number): boolean {
    const until = this.dataAccessUntil.get(userId);
    return until !== undefined && now >= until;
  }

  /** True when the user currently grants `perm`. */
  has(userId: string, perm: string): boolean {
    return this.grants.get(userId)?.get(perm) === true;
  }

  /** Mints a user token. */
  mintUser(userId: string, now: number, expiresInSec: number, longLived = false): TokenRecord {
    const rec: TokenRecord = {
      token: `EAAR${randomBytes(60).toString('base64url')}`,
      kind: 'user',
      userId,
      issuedAt: now,
      expiresAt: expiresInSec > 0 ? now + expiresInSec * 1000 : 0,
      longLived,
    };
    this.tokens.set(rec.token, rec);
    return rec;
  }

  /** Returns the (stable) Page token for a user + Page, minting one when needed; inherits the user token's expiry. */
  pageToken(user: TokenRecord, pageId: string): TokenRecord {
    for (const rec of this.tokens.values()) {
      if (
        rec.kind === 'page' &&
        rec.userId === user.userId &&
        rec.pageId === pageId &&
        !rec.invalid &&
        rec.expiresAt === user.expiresAt
      ) {
        return rec;
      }
    }
    const rec: TokenRecord = {
      token: `EAAR${randomBytes(60).toString('base64url')}`,
      kind: 'page',
      userId: user.userId,
      pageId,
      issuedAt: user.issuedAt,
      // Page tokens from a long-lived user token never expire; otherwise they share the user token's expiry.
      expiresAt: user.longLived ? 0 : user.expiresAt,
      longLived: user.longLived,
    };
    this.tokens.set(rec.token, rec);
    return rec;
  }

  /** Validates a token at `now`; throws the matching 190 error. */
  check(token: string | undefined, now: number): TokenRecord {
    if (!token) throw errors.noToken();
    const rec = this.tokens.get(token);
    if (!rec) throw errors.badToken();
    if (rec.invalid === 463 || (rec.expiresAt > 0 && now >= rec.expiresAt))
      throw errors.expired(rec.expiresAt || now);
    if (rec.invalid === 460) throw errors.revoked();
    if (rec.invalid === 467) throw errors.invalidated();
    if (rec.invalid === 458 || !this.grants.has(rec.userId)) {
      throw new GraphError(
        'Error validating access token: The user has not authorized application ' + SANDBOX_APP.id + '.',
        190,
        'OAuthException',
        458,
      );
    }
    return rec;
  }

  /** Invalidates one token or every token of a user (and their Page tokens). */
  invalidate(subcode: 458 | 460 | 463 | 467, opts: { token?: string; userId?: string }): number {
    let n = 0;
    const target = opts.token ? this.tokens.get(opts.token) : undefined;
    const userId = opts.userId ?? (target && target.kind === 'user' ? target.userId : undefined);
    for (const rec of this.tokens.values()) {
      const hit = userId ? rec.userId === userId : rec === target;
      if (hit) {
        rec.invalid = subcode;
        n++;
      }
    }
    return n;
  }

  /** Issues an authorization code for the code flow. */
  issueCode(userId: string, redirectUri: string, now: number, codeChallenge?: string): string {
    const code = `AQ${randomBytes(48).toString('base64url')}`;
    const rec: AuthCode = { userId, redirectUri, expiresAt: now + 10 * 60_000, used: false };
    if (codeChallenge) rec.codeChallenge = codeChallenge;
    this.codes.set(code, rec);
    return code;
  }
}
