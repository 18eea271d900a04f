// The one list of permissions Duet asks for, derived from the feature → permission map
// (shared/permissions/features.ts): a feature's needs are written once, and the scope list is every permission some
// feature needs. Facebook Login sends it as `scope` (electron/services/session), and the Graph sandbox grants it by
// default, like a person accepting the whole dialog (sandbox/tokens.ts), so the two can never drift apart;
// sandbox/conformance-auth.test.ts checks every permission a sandbox endpoint requires is here.
// Permissions reference: https://developers.facebook.com/docs/permissions
import { allFeaturePermissions } from '../permissions/features';

/** Every permission Duet asks for in Facebook Login (and the sandbox's default grant). */
export const DUET_PERMISSIONS: readonly string[] = Object.freeze(allFeaturePermissions());
