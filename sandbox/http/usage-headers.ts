/**
 * Rate-limit accounting on Graph answers: which counter a call counts against, the usage headers, and the code a
 * throttled call answers. https://developers.facebook.com/docs/graph-api/overview/rate-limiting/
 */
import { type TokenRecord } from '../tokens.js';
import { type BucType, type UsageTracker } from '../usage.js';
import { type World } from '../world.js';

/** A Business Use Case counter: the Page id and the kind of calls. */
export interface UsageKey {
  id: string;
  type: BucType;
}

/** The BUC counter a call counts against: the Page of a Page token, by kind of object; none for user tokens. */
export function usageKey(
  world: World,
  path: string,
  token: TokenRecord | undefined,
  method: string,
): UsageKey | undefined {
  if (!token || token.kind !== 'page' || !token.pageId) return undefined;
  const segs = path.split('/').filter(Boolean);
  const head = segs[0] ?? '';
  if (segs[1] === 'messages' && method === 'POST') return { id: token.pageId, type: 'messenger' };
  if (world.igAccounts.has(head) || world.media.has(head) || world.containers.has(head))
    return { id: token.pageId, type: 'instagram' };
  return { id: token.pageId, type: 'pages' };
}

/** X-App-Usage and X-Business-Use-Case-Usage; `forceFull` (regain minutes) reports 100 % as a throttle does. */
export function usageHeaders(
  usage: UsageTracker,
  now: number,
  key: UsageKey | undefined,
  forceFull?: number,
): Record<string, string> {
  const app = usage.appUsage(now);
  const h: Record<string, string> = {};
  // A throttle reports 100 % on the counter that tripped: the Page's BUC entry, or the app when there is none.
  if (forceFull !== undefined && !key) {
    h['x-app-usage'] = JSON.stringify({ call_count: 100, total_cputime: 100, total_time: 100 });
  } else h['x-app-usage'] = JSON.stringify(app);
  if (key) {
    const u = usage.objectUsage(now, key.id);
    const entry =
      forceFull !== undefined
        ? {
            type: key.type,
            call_count: 100,
            total_cputime: 100,
            total_time: 100,
            estimated_time_to_regain_access: forceFull,
          }
        : {
            type: key.type,
            call_count: u.call_count,
            total_cputime: u.total_cputime,
            total_time: u.total_time,
            estimated_time_to_regain_access: u.estimated_time_to_regain_access,
          };
    h['x-business-use-case-usage'] = JSON.stringify({ [key.id]: [entry] });
  }
  return h;
}

/** The throttling code Meta answers for this call: 613 Send API, 80002 IG, 32 Page, 17 user /me, else 4. */
export function throttleCode(
  path: string,
  method: string,
  key: { type: BucType } | undefined,
  tokenKind?: string,
): 4 | 17 | 32 | 613 | 80001 | 80002 {
  const segs = path.split('/').filter(Boolean);
  if (segs[1] === 'messages' && method === 'POST') return 613;
  if (key?.type === 'instagram') return 80002;
  if (key?.type === 'pages') return 32;
  if (segs[0] === 'me' && tokenKind === 'user') return 17;
  return 4;
}
