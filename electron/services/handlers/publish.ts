// publish/*: media uploads and publishing to the Page and its Instagram account.
// Contract-only for now: every call answers a typed "not available yet" until its host side is built.
import { BridgeError, type CallName } from '../../../shared/bridge/contract';
import { publishCalls } from '../../../shared/bridge/calls/publish';
import type { HostParts, NamespaceHandlers } from './types';

function notYet(name: CallName): never {
  throw new BridgeError('unknown-call', `${name} is not available in this build yet.`);
}

/** The publish/* handlers. */
export function publishHandlers(_parts: HostParts): NamespaceHandlers<'publish'> {
  const out = {} as Record<string, () => Promise<never>>;
  for (const name of Object.keys(publishCalls) as CallName[]) out[name] = async () => notYet(name);
  return out as unknown as NamespaceHandlers<'publish'>;
}
