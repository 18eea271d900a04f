// sync/usage and diagnostics: how much of Meta's rate-limit budget each Page has used, from the Graph client's books.
import type { UsageInfo } from '../../../shared/bridge/calls/sync';
import type { GatewayContext } from './context';

/** The budget of every account the Graph client has heard about (throttledUntil when the client holds calls back). */
export function usageOf(ctx: GatewayContext): UsageInfo[] {
  return ctx.opts.graph
    .budgets()
    .all(ctx.now())
    .map((b) => ({
      accountId: b.accountId,
      appPct: b.appPct,
      businessPct: b.businessPct,
      ...(b.throttledUntil !== undefined ? { throttledUntil: b.throttledUntil } : {}),
    }));
}
