// privacy/*: the permission state, revoking one permission and asking for it again.
import type { HostParts, NamespaceHandlers } from './types';

/** The privacy/* handlers. */
export function privacyHandlers({ privacy }: HostParts): NamespaceHandlers<'privacy'> {
  return {
    'privacy/permissions': () => privacy.read(),
    'privacy/revoke': ({ permission }) => privacy.revoke(permission),
    'privacy/grant-again': ({ permission }) => privacy.grantAgain(permission),
  };
}
