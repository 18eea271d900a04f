// createHostCore: wires settings, vault, Graph client, gateway, session and media cache, and returns the handlers of
// every bridge call. Both hosts (electron/main and electron/browser-host) call it with their HostPlatform.
import { join } from 'node:path';
import { BridgeError, type CallHandlers } from '../../shared/bridge/contract';
import { parseMediaKey } from '../../shared/models';
import { checkExternalLink, type LinkRefusal } from '../../shared/security/links';
import { isAllowedMediaUpstream } from '../../shared/security/media-hosts';
import { createGateway } from './gateway';
import { createGraphClient, GraphCallError, graphPath, redact } from './graph/client';
import { createMediaCache } from './media-cache/index';
import { createSessionService, type DemoSandbox } from './session/session';
import { createSendRegistry } from './send-registry';
import {
  createSettingsService,
  ENDPOINT_SOURCES,
  type EndpointChange,
  type SettingsService,
} from './session/settings';
import type { HostCore, HostPlatform } from './types';

/** What `app/open-external` tells the user when the link policy refuses a link, and what they can do. */
const LINK_REFUSAL_WORDS: Readonly<Record<LinkRefusal, string>> = {
  'not-a-link': 'That is not a web link Duet can open.',
  scheme: 'Duet opens only secure (https) web links. Copy the address into your browser if you trust it.',
  credentials: 'This link hides its real address behind a user name or password, so Duet will not open it.',
  port: 'This link points to an unusual port, so Duet will not open it. Copy it into your browser if you trust it.',
  'local-host':
    'This link points to this computer or your local network, not a website, so Duet will not open it.',
  'shim-target': 'This Facebook link leads to an address Duet will not open (not https, or a local address).',
};

/** How long a stopping host waits for sends in flight to get their answers (Graph requests time out sooner or later). */
const SETTLE_SENDS_MS = 5000;

/** The object id of a media key: a node, post (`<page>_<post>`) or message (`m_…`, IG base64url) id. */
const MEDIA_OBJECT_ID = /^[A-Za-z0-9_-]{1,300}={0,2}$/;
/** The field of a media key: one plain field name, or `attachment:<index>.<index>…` of a post. */
const MEDIA_FIELD = /^(?:[a-z_]{1,40}|attachment:\d{1,3}(?:\.\d{1,3}){0,4})$/;

/** Keeps the last `max` log lines, each redacted (no tokens). */
export function createLogRing(max = 500) {
  const lines: string[] = [];
  return {
    write(line: string) {
      lines.push(`${new Date().toISOString()} ${redact(line)}`);
      if (lines.length > max) lines.splice(0, lines.length - max);
    },
    lines: () => [...lines],
  };
}

/**
 * Changing where Duet sends tokens (Graph API, login dialog, token broker) needs the user's yes in host UI the page
 * cannot script: a script in the renderer could otherwise point the broker at its own collector and receive the next
 * Facebook Login token. Hosts without such UI (the browser host) refuse; there these are set at start-up.
 */
async function confirmEndpointChanges(
  platform: HostPlatform,
  settings: SettingsService,
  changes: EndpointChange[],
): Promise<void> {
  const names = changes.map((c) => ENDPOINT_SOURCES[c.key]);
  if (!platform.confirm) {
    throw new BridgeError(
      'forbidden',
      `In the browser version these are set when you start Duet: ${names
        .map((n) => `${n.label} with ${n.flag} or ${n.env}`)
        .join('; ')}. Nothing was changed.`,
      changes.map((c) => ({ path: c.key, message: 'Set when Duet starts' })),
    );
  }
  const yes = await platform.confirm({
    title: 'Duet',
    message:
      changes.length === 1
        ? `Send your Facebook sign-in to a new ${names[0]!.label.replace(/ URL$/, '')} address?`
        : 'Send your Facebook sign-in to new addresses?',
    detail: [
      ...changes.map((c) => `${ENDPOINT_SOURCES[c.key].label}: ${c.from || '(none)'} → ${c.to || '(none)'}`),
      '',
      'Duet will send your access token there. Change this only if you typed it yourself; if you did not, choose Cancel.',
    ].join('\n'),
    confirmLabel: 'Change',
  });
  // The settings may have changed while the question was open: ask again rather than apply an unseen change.
  if (
    yes &&
    JSON.stringify(settings.endpointChanges(Object.fromEntries(changes.map((c) => [c.key, c.to])))) !==
      JSON.stringify(changes)
  )
    throw new BridgeError(
      'forbidden',
      'The connection settings changed while Duet was asking. Nothing was changed; please try again.',
    );
  if (!yes)
    throw new BridgeError('forbidden', 'You did not confirm the new address, so nothing was changed.');
}

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
    refreshUrl: (key) => refreshMediaUrl(key),
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
  const gateway = createGateway({ graph, session, now, log: log.write, registry });

  /** Asks Graph for a fresh CDN URL of a media key (CDN URLs expire; the key does not). */
  async function refreshMediaUrl(key: string): Promise<string | null> {
    const k = parseMediaKey(key);
    // Media keys come back from the renderer: the object id goes into a Graph path, the field into `fields`.
    if (!k || !MEDIA_OBJECT_ID.test(k.objectId) || !MEDIA_FIELD.test(k.field)) return null;
    let token: string;
    try {
      token = session.pageToken(k.accountId);
    } catch {
      return null;
    }
    try {
      if (k.field.startsWith('attachment:')) {
        const res = await graph.request<{ attachments?: { data?: unknown[] } }>({
          path: graphPath(k.objectId),
          params: { fields: 'attachments' },
          token,
          accountId: k.accountId,
        });
        let node: unknown = { subattachments: res.data.attachments };
        for (const part of k.field.slice('attachment:'.length).split('.')) {
          node = (node as { subattachments?: { data?: unknown[] } } | undefined)?.subattachments?.data?.[
            Number(part)
          ];
        }
        const n = node as
          | {
              media?: { image?: { src?: string } };
              image_data?: { url?: string };
              video_data?: { url?: string };
              file_url?: string;
            }
          | undefined;
        return n?.media?.image?.src ?? n?.image_data?.url ?? n?.video_data?.url ?? n?.file_url ?? null;
      }
      const res = await graph.request<Record<string, unknown>>({
        path: graphPath(k.objectId),
        params: { fields: k.field },
        token,
        accountId: k.accountId,
      });
      const v = res.data?.[k.field];
      if (typeof v === 'string') return v;
      const url = (v as { data?: { url?: unknown } } | undefined)?.data?.url;
      return typeof url === 'string' ? url : null;
    } catch (err) {
      if (err instanceof GraphCallError && err.info.kind === 'auth') session.markExpired(err.info.message);
      return null;
    }
  }

  await session.init(platform.env.DUET_ACCESS_TOKEN);

  const handlers: CallHandlers = {
    'app/info': async () => ({
      name: 'Duet',
      version: platform.appVersion,
      host: platform.kind,
      platform: process.platform,
      versions: platform.versions,
      dataDir: platform.dataDir,
      demo: session.isDemo(),
    }),
    'app/open-external': async ({ url }) => {
      // One policy for every link that leaves the app (shared/security/links.ts); platform.openExternal checks it
      // again as the last step before the OS opens anything.
      const check = checkExternalLink(url);
      if (!check.ok) return { opened: false, reason: LINK_REFUSAL_WORDS[check.refusal] };
      const opened = await platform.openExternal(check.href);
      return opened ? { opened } : { opened, reason: 'This host cannot open links in the system browser.' };
    },
    'app/notify': async (n) => ({ shown: settings.get().notifications ? platform.notify(n) : false }),
    'app/set-badge': async ({ count }) => ({ applied: platform.setBadge(count) }),
    'settings/get': async () => settings.get(),
    'settings/set': async (patch) => {
      const changes = settings.endpointChanges(patch);
      if (changes.length) await confirmEndpointChanges(platform, settings, changes);
      return settings.set(patch);
    },

    'session/get': async () => session.state(),
    'session/sign-in-demo': () => session.signInDemo(),
    'session/sign-in-token': ({ token }) => session.signInToken(token),
    'session/login-start': () => session.loginStart(),
    'session/login-complete': ({ callbackUrl }) => session.loginComplete(callbackUrl),
    'session/sign-out': ({ disconnect }) => session.signOut(disconnect),

    'feed/list': ({ accountId, after, limit }) => gateway.feed(accountId, after, limit),
    'gallery/list': ({ accountId, after, limit }) => gateway.media(accountId, after, limit),
    'gallery/stories': ({ accountId }) => gateway.stories(accountId),
    'sync/poll': (req) => gateway.poll(req),
    'sync/usage': async () => ({ accounts: gateway.usage() }),

    'inbox/conversations': ({ accountId, platform: p, after, limit }) =>
      gateway.conversations(accountId, p, after, limit),
    'inbox/messages': ({ accountId, platform: p, conversationId }) =>
      gateway.messages(accountId, p, conversationId),
    'inbox/send': (req) => gateway.send(req),
    'inbox/send-status': async ({ clientId, attemptAt }) => gateway.sendStatus(clientId, attemptAt),
    'inbox/mark-seen': async ({ accountId, platform: p, recipientId }) => {
      if (!settings.get().markSeen) return { ok: false, reason: 'Turned off in Settings.' };
      return gateway.markSeen(accountId, p, recipientId);
    },

    'diagnostics/get': async () => {
      const m = process.memoryUsage();
      return {
        mediaCache: media.stats(),
        usage: gateway.usage(),
        log: log.lines(),
        memory: { rssBytes: m.rss, heapUsedBytes: m.heapUsed },
      };
    },
    'media/clear-cache': async () => ({ freedBytes: await media.clear() }),
  };

  return {
    handlers,
    media,
    async dispose() {
      // Sends in flight get a few seconds to finish, so a deliberate stop leaves none in doubt; then the registry
      // is closed, so nothing answered later can overwrite the file a next host on this data folder owns.
      await gateway.settle(SETTLE_SENDS_MS);
      registry.close();
      await session.dispose();
      await media.close();
    },
  };
}

/** Re-exported for hosts that build their own platform. */
export { createFileVault } from './session/file-vault';
export { BridgeError };
