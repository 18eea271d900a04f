// createHostCore: wires settings, vault, Graph client, gateway, session and media cache, and returns the handlers of
// every bridge call (one slice per contract namespace, in ./handlers/). Both hosts (electron/main and
// electron/browser-host) call it with their HostPlatform.
import { join } from 'node:path';
import { BridgeError, type CallHandlers } from '../../shared/bridge/contract';
import { isAllowedMediaUpstream } from '../../shared/security/media-hosts';
import { createExportService } from './export/service';
import { createGateway } from './gateway';
import { createPublishUploads } from './gateway/publish-uploads';
import { createGraphClient } from './graph/client';
import { appHandlers } from './handlers/app';
import { commentsHandlers } from './handlers/comments';
import { diagnosticsHandlers } from './handlers/diagnostics';
import { exportHandlers } from './handlers/export';
import { feedHandlers } from './handlers/feed';
import { galleryHandlers } from './handlers/gallery';
import { inboxHandlers } from './handlers/inbox';
import { insightsHandlers } from './handlers/insights';
import { mediaHandlers } from './handlers/media';
import { publishHandlers } from './handlers/publish';
import { privacyHandlers } from './handlers/privacy';
import { sessionHandlers } from './handlers/session';
import { settingsHandlers } from './handlers/settings';
import { syncHandlers } from './handlers/sync';
import type { HostParts } from './handlers/types';
import { createLogRing } from './log-ring';
import { createMediaCache } from './media-cache/index';
import { createPrivacyService } from './privacy/permission-state';
import { createSessionService, type DemoSandbox } from './session/session';
import { createSendRegistry } from './send-registry';
import { createSettingsService } from './session/settings';
import type { HostCore, HostPlatform } from './types';

/** How long a stopping host waits for sends in flight to get their answers (Graph requests time out sooner or later). */
const SETTLE_SENDS_MS = 5000;

/** Options for tests and embedders; production hosts pass only the platform. */
export interface HostCoreOptions {
  fetch?: typeof fetch;
  now?: () => number;
  /** Replaces the embedded sandbox of demo mode. */
  startSandbox?: () => Promise<DemoSandbox>;
  graphTimeoutMs?: number;
}

/** Starts the embedded sandbox for demo mode on a loopback port. */
async function startDemoSandbox(): Promise<DemoSandbox> {
  // Loaded on demand: the sandbox (and its seeded world) costs nothing until someone asks for the demo.
  const { startSandbox } = await import('../../sandbox/index');
  const sb = await startSandbox({
    seed: 42,
    scale: 'small',
    live: { intervalMs: 45_000 },
    host: '127.0.0.1',
    port: 0,
  });
  return { url: sb.url, close: () => sb.close() };
}

/** Every call's handler, one slice per contract namespace (a missing or extra call is a compile error). */
function handlersOf(parts: HostParts): CallHandlers {
  return {
    ...appHandlers(parts),
    ...settingsHandlers(parts),
    ...sessionHandlers(parts),
    ...feedHandlers(parts),
    ...galleryHandlers(parts),
    ...syncHandlers(parts),
    ...inboxHandlers(parts),
    ...diagnosticsHandlers(parts),
    ...mediaHandlers(parts),
    ...publishHandlers(parts),
    ...commentsHandlers(parts),
    ...insightsHandlers(parts),
    ...privacyHandlers(parts),
    ...exportHandlers(parts),
  };
}

/** Builds the host-independent core: every bridge call's handler plus the media cache. */
export async function createHostCore(
  platform: HostPlatform,
  options: HostCoreOptions = {},
): Promise<HostCore> {
  const now = options.now ?? Date.now;
  const log = createLogRing();
  const settings = createSettingsService({
    store: platform.store,
    env: platform.env,
    onChange: (s) => {
      media.setMaxBytes(s.mediaCacheMaxMb * 1024 * 1024);
      platform.emit('settings/changed', s);
    },
    log: log.write,
    endpointsFromStore: platform.confirm !== undefined,
  });
  const graph = createGraphClient({
    baseUrl: () => settings.get().graphBaseUrl,
    version: () => settings.get().apiVersion,
    fetch: options.fetch,
    now,
    timeoutMs: options.graphTimeoutMs ?? 20_000,
    log: log.write,
    onUsage: (accountId, b) =>
      platform.emit('sync/usage-changed', {
        accountId,
        appPct: b.appPct,
        businessPct: b.businessPct,
        ...(b.throttledUntil !== undefined && b.throttledUntil > now()
          ? { throttledUntil: b.throttledUntil }
          : {}),
      }),
  });
  const media = await createMediaCache({
    dir: join(platform.dataDir, 'media-cache'),
    maxBytes: settings.get().mediaCacheMaxMb * 1024 * 1024,
    fetch: options.fetch,
    // Signed out, nothing may be downloaded: sign-out promises an empty cache. The Graph origin in use is trusted
    // too: in demo mode it is the sandbox on loopback, which serves the demo's pictures.
    isAllowedUpstream: (url) =>
      session.state().status !== 'signed-out' && isAllowedMediaUpstream(url, [settings.get().graphBaseUrl]),
    refreshUrl: (key) => gateway.refreshMediaUrl(key),
  });

  const session = createSessionService({
    settings,
    vault: platform.vault,
    graph,
    store: platform.store,
    onChange: (s) => platform.emit('session/changed', s),
    onSignOut: async () => {
      graph.reset();
      gateway.reset();
      await media.clear();
      await uploads.clear();
      // An export of the account signed out of stops, and a finished one is no longer downloadable.
      await exports.clear();
    },
    // DUET_DEMO_SANDBOX_URL: demo mode signs in against an already running sandbox (e2e tests drive it) instead of
    // starting its own; it is never closed by Duet.
    startSandbox:
      options.startSandbox ??
      (platform.env.DUET_DEMO_SANDBOX_URL
        ? async () => ({
            url: platform.env.DUET_DEMO_SANDBOX_URL!.replace(/\/+$/, ''),
            close: async () => {},
          })
        : startDemoSandbox),
    runLoginWindow: platform.runLoginWindow?.bind(platform),
    loginRedirectUri: platform.loginRedirectUri,
    fetch: options.fetch,
    now,
    log: log.write,
  });
  // Durable, so a host restart does not forget what was in flight (see send-registry.ts).
  const registry = createSendRegistry({
    file: join(platform.dataDir, 'send-registry.json'),
    now,
    log: log.write,
  });
  // Media uploads for publishing: temp files in the host's own folder, emptied at start and on sign-out.
  const uploads = await createPublishUploads({ dir: join(platform.dataDir, 'publish-uploads'), now });
  const privacy = createPrivacyService({
    graph,
    session,
    emit: (state) => platform.emit('privacy/permissions-changed', state),
    now,
    log: log.write,
  });
  const gateway = createGateway({
    graph,
    // A 190 while data access has run out says so (privacy/permission-state.ts), not just "sign in again".
    session: {
      pageToken: (accountId) => session.pageToken(accountId),
      accounts: () => session.accounts(),
      markExpired: (message) => {
        session.markExpired(message);
        void privacy.explainExpiry();
      },
    },
    now,
    log: log.write,
    registry,
    uploads,
    onPermissionRefused: () => privacy.refreshSoon(),
    graphBaseUrl: () => settings.get().graphBaseUrl,
    fetch: options.fetch,
    onUploadProgress: (p) => platform.emit('publish/upload-progress', p),
  });

  // Exports in progress are staged in the host's own folder (emptied at start: an earlier run was interrupted).
  const exports = await createExportService({
    dir: join(platform.dataDir, 'exports'),
    media,
    accounts: () => session.accounts(),
    secrets: () => session.secrets(),
    chooseExportPath: platform.chooseExportPath?.bind(platform),
    emit: (p) => platform.emit('export/progress', p),
    now,
    appVersion: platform.appVersion,
    log: log.write,
  });

  await session.init(platform.env.DUET_ACCESS_TOKEN);

  return {
    handlers: handlersOf({ platform, settings, session, gateway, media, log, privacy, exports }),
    media,
    exports: exports.downloads,
    async dispose() {
      // Sends in flight get a few seconds to finish, so a deliberate stop leaves none in doubt; then the registry
      // is closed, so nothing answered later can overwrite the file a next host on this data folder owns.
      await gateway.settle(SETTLE_SENDS_MS);
      registry.close();
      await session.dispose();
      await exports.dispose();
      await media.close();
    },
  };
}

/** Re-exported for hosts that build their own platform. */
export { createFileVault } from './session/file-vault';
export { BridgeError };
