// sync/*: one batched poll of every stream, and the rate-limit budget.
import type { HostParts, NamespaceHandlers } from './types';

/** The sync/* handlers. */
export function syncHandlers({ gateway }: HostParts): NamespaceHandlers<'sync'> {
  return {
    'sync/poll': (req) => gateway.poll(req),
    'sync/usage': async () => ({ accounts: gateway.usage() }),
  };
}
