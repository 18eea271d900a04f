// Rate-limit budget from Meta's usage headers, and the pure decision of how long to wait before the next call.
// Source: https://developers.facebook.com/docs/graph-api/overview/rate-limiting/ — `X-App-Usage` holds
// {call_count,total_time,total_cputime} as percentages; `X-Business-Use-Case-Usage` holds, per business object id,
// a list of {type,call_count,total_time,total_cputime,estimated_time_to_regain_access} where the estimate is minutes.

/** Usage parsed from one response's headers (percentages 0–100+; `regainMs` > 0 means throttled for that long). */
export interface ParsedUsage {
  appPct?: number;
  businessPct?: number;
  regainMs?: number;
}

/** What the caller should do before its next request for an account. */
export type RateDecision =
  { action: 'go' } | { action: 'delay'; ms: number } | { action: 'hold'; until: number };

/** Usage at which Duet starts to slow down (Meta throttles at 100). */
export const SLOWDOWN_PCT = 80;
/** Smallest and largest delay applied between 80 % and 100 %. */
export const MIN_DELAY_MS = 500;
export const MAX_DELAY_MS = 30_000;
/** How long to hold an account at 100 % when Meta gives no `estimated_time_to_regain_access`. */
export const HOLD_AT_FULL_MS = 60_000;

function pctOf(o: unknown): number | undefined {
  if (!o || typeof o !== 'object') return undefined;
  const r = o as Record<string, unknown>;
  const vals = [r.call_count, r.total_time, r.total_cputime].filter(
    (v): v is number => typeof v === 'number' && Number.isFinite(v),
  );
  return vals.length ? Math.max(...vals) : undefined;
}

function parseJson(text: string | null | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Parses `X-App-Usage`: the highest of its three percentages, or undefined when absent/garbled. */
export function parseAppUsage(header: string | null | undefined): number | undefined {
  return pctOf(parseJson(header));
}

/**
 * Parses `X-Business-Use-Case-Usage`: the highest percentage over all objects and types, and the longest
 * `estimated_time_to_regain_access` (minutes → ms).
 */
export function parseBusinessUsage(header: string | null | undefined): { pct?: number; regainMs?: number } {
  const parsed = parseJson(header);
  if (!parsed || typeof parsed !== 'object') return {};
  let pct: number | undefined;
  let regainMs: number | undefined;
  for (const list of Object.values(parsed as Record<string, unknown>)) {
    const entries = Array.isArray(list) ? list : [list];
    for (const entry of entries) {
      const p = pctOf(entry);
      if (p !== undefined) pct = Math.max(pct ?? 0, p);
      const eta = (entry as Record<string, unknown> | null)?.estimated_time_to_regain_access;
      if (typeof eta === 'number' && Number.isFinite(eta) && eta > 0)
        regainMs = Math.max(regainMs ?? 0, eta * 60_000);
    }
  }
  return { pct, regainMs };
}

/** Parses both usage headers from a header getter (e.g. `(n) => response.headers.get(n)`). */
export function parseUsageHeaders(get: (name: string) => string | null | undefined): ParsedUsage {
  const appPct = parseAppUsage(get('x-app-usage'));
  const buc = parseBusinessUsage(get('x-business-use-case-usage'));
  const out: ParsedUsage = {};
  if (appPct !== undefined) out.appPct = appPct;
  if (buc.pct !== undefined) out.businessPct = buc.pct;
  if (buc.regainMs !== undefined) out.regainMs = buc.regainMs;
  return out;
}

/** The budget state of one account as Duet keeps it. */
export interface AccountBudget {
  appPct: number;
  businessPct: number;
  /** Epoch ms until which calls are held back; absent when not throttled. */
  throttledUntil?: number;
}

/**
 * The pure decision: below 80 % → go; 80–100 % → a delay growing linearly from 0.5 s to 30 s with usage;
 * at/over 100 % or while `throttledUntil` is in the future → hold until then (a minute at 100 % without an estimate);
 * once a hold has passed, one call goes through to refresh the budget.
 */
export function decide(budget: AccountBudget, now: number): RateDecision {
  if (budget.throttledUntil !== undefined) {
    if (budget.throttledUntil > now) return { action: 'hold', until: budget.throttledUntil };
    // The hold is over: let one call through; its headers tell whether the budget recovered (else it would
    // never be refreshed and the account would stay held on a stale 100 %).
    return { action: 'go' };
  }
  const pct = Math.max(budget.appPct, budget.businessPct);
  if (pct >= 100) return { action: 'hold', until: now + HOLD_AT_FULL_MS };
  if (pct < SLOWDOWN_PCT) return { action: 'go' };
  const f = (pct - SLOWDOWN_PCT) / (100 - SLOWDOWN_PCT);
  return { action: 'delay', ms: Math.round(MIN_DELAY_MS + f * (MAX_DELAY_MS - MIN_DELAY_MS)) };
}

/** Per-account budgets; one throttled Page never holds back another. */
export class BudgetBook {
  private readonly budgets = new Map<string, AccountBudget>();

  /** Applies a response's parsed usage; returns true when the visible budget changed. */
  update(accountId: string, usage: ParsedUsage, now: number): boolean {
    const prev = this.budgets.get(accountId);
    const next: AccountBudget = {
      appPct: usage.appPct ?? prev?.appPct ?? 0,
      businessPct: usage.businessPct ?? prev?.businessPct ?? 0,
    };
    if (usage.regainMs !== undefined && usage.regainMs > 0) next.throttledUntil = now + usage.regainMs;
    else if (Math.max(next.appPct, next.businessPct) >= 100) next.throttledUntil = now + HOLD_AT_FULL_MS;
    else if (
      prev?.throttledUntil !== undefined &&
      prev.throttledUntil > now &&
      usage.businessPct === undefined
    )
      next.throttledUntil = prev.throttledUntil;
    this.budgets.set(accountId, next);
    return (
      !prev ||
      prev.appPct !== next.appPct ||
      prev.businessPct !== next.businessPct ||
      prev.throttledUntil !== next.throttledUntil
    );
  }

  /** Records a throttling error: hold this account for `ms`. */
  hold(accountId: string, ms: number, now: number): void {
    const prev = this.budgets.get(accountId) ?? { appPct: 0, businessPct: 0 };
    this.budgets.set(accountId, { ...prev, throttledUntil: Math.max(prev.throttledUntil ?? 0, now + ms) });
  }

  /** The current budget of an account (zeros when never seen). */
  get(accountId: string): AccountBudget {
    return this.budgets.get(accountId) ?? { appPct: 0, businessPct: 0 };
  }

  /** What to do before the next call for this account. */
  decide(accountId: string, now: number): RateDecision {
    return decide(this.get(accountId), now);
  }

  /** Every known account's budget; expired holds are dropped from the view. */
  all(now: number): Array<{ accountId: string } & AccountBudget> {
    return [...this.budgets].map(([accountId, b]) => {
      const out: { accountId: string } & AccountBudget = {
        accountId,
        appPct: b.appPct,
        businessPct: b.businessPct,
      };
      if (b.throttledUntil !== undefined && b.throttledUntil > now) out.throttledUntil = b.throttledUntil;
      return out;
    });
  }

  /** Forgets everything (sign-out). */
  clear(): void {
    this.budgets.clear();
  }
}
