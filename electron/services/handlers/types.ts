// What the handler slices share: the slice type (one contract namespace, checked against the contract) and the parts
// of the host core a handler may use.
import type { CallHandlers, CallName } from '../../../shared/bridge/contract';
import type { ExportService } from '../export/service';
import type { Gateway } from '../gateway';
import type { LogRing } from '../log-ring';
import type { PrivacyService } from '../privacy/permission-state';
import type { SessionService } from '../session/session';
import type { SettingsService } from '../session/settings';
import type { HostPlatform, MediaCacheService } from '../types';

/** The handlers of one contract namespace: exactly its calls (`<namespace>/<action>`), each typed by the contract. */
export type NamespaceHandlers<N extends string> = Pick<CallHandlers, Extract<CallName, `${N}/${string}`>>;

/** The parts of the host core the handlers work with (built once by createHostCore). */
export interface HostParts {
  platform: HostPlatform;
  settings: SettingsService;
  session: SessionService;
  gateway: Gateway;
  media: MediaCacheService;
  log: LogRing;
  privacy: PrivacyService;
  exports: ExportService;
}
