// Per-account usage budgets as the client keeps them: recorded from Meta's usage headers, held after a throttle,
// and checked before each call (wait a little, or refuse before sending while the account is held).
import { BudgetBook, parseUsageHeaders, type AccountBudget } from '../../../shared/graph/rate-limit';
import { GraphCallError } from './call-error';

export interface BudgetGateDeps {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  onUsage?: (accountId: string, budget: AccountBudget) => void;
}

export interface BudgetGate {
  readonly book: BudgetBook;
  /** Reads the usage headers of an answer for the account. */
  record(accountId: string | undefined, headers: Headers): void;
  /** Before a call: waits when the budget asks for it; throws a before-send throttle while the account is held. */
  gate(accountId: string | undefined): Promise<void>;
  /** Holds the account after a throttle; `notify` pushes the new budget. */
  hold(accountId: string, ms: number, notify: boolean): void;
  /** How long the account is still held, when it is. */
  heldFor(accountId: string | undefined): number | undefined;
}

export function createBudgetGate(deps: BudgetGateDeps): BudgetGate {
  const book = new BudgetBook();
  const { now } = deps;
  return {
    book,
    record(accountId, headers) {
      if (!accountId) return;
      const usage = parseUsageHeaders((n) => headers.get(n));
      if (usage.appPct === undefined && usage.businessPct === undefined && usage.regainMs === undefined)
        return;
      if (book.update(accountId, usage, now())) deps.onUsage?.(accountId, book.get(accountId));
    },
    async gate(accountId) {
      if (!accountId) return;
      const d = book.decide(accountId, now());
      if (d.action === 'hold') {
        const ms = d.until - now();
        throw new GraphCallError(
          {
            kind: 'throttled',
            status: 0,
            message:
              'Facebook’s rate limit for this account was reached. Duet is waiting before calling again.',
            retryAfterMs: ms,
          },
          'before-send',
        );
      }
      if (d.action === 'delay') await deps.sleep(d.ms);
    },
    hold(accountId, ms, notify) {
      book.hold(accountId, ms, now());
      if (notify) deps.onUsage?.(accountId, book.get(accountId));
    },
    heldFor(accountId) {
      const held = accountId ? book.get(accountId).throttledUntil : undefined;
      return held !== undefined && held > now() ? held - now() : undefined;
    },
  };
}
