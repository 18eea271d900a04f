// insights/*: Page and Instagram account numbers, per-item numbers and demographics.
import type { HostParts, NamespaceHandlers } from './types';

/** The insights/* handlers. */
export function insightsHandlers({ gateway }: HostParts): NamespaceHandlers<'insights'> {
  return {
    'insights/account': (args) => gateway.insights.account(args),
    'insights/demographics': (args) => gateway.insights.demographics(args),
    'insights/items': (args) => gateway.insights.items(args),
  };
}
