// What every part of the gateway shares: the session's accounts and tokens, one Graph read that maps failures to
// BridgeErrors, and the conversations this host session knows belong to each Page.
import { BridgeError } from '../../../shared/bridge/contract';
import type { ClassifiedGraphError } from '../../../shared/graph/errors';
import type { Normalized } from '../../../shared/graph/normalize';
import type { Account, Conversation, PageOf } from '../../../shared/models';
import {
  GraphCallError,
  graphPath,
  type GraphClient,
  type GraphParams,
  type GraphPath,
} from '../graph/client';
import type { SendRegistry } from '../send-registry';
import type { PublishUploads } from './publish-uploads';

/** Items per page when the renderer does not say. */
export const DEFAULT_LIMIT = 25;

/** What the gateway needs from the session. */
export interface GatewaySession {
  pageToken(accountId: string): string;
  accounts(): Account[];
  markExpired(message: string): void;
}

/** Options of `createGateway`. */
export interface GatewayOptions {
  graph: GraphClient;
  session: GatewaySession;
  now?: () => number;
  log?: (line: string) => void;
  /** Where sends are remembered by clientId (durable in the hosts: see send-registry.ts); in memory by default. */
  registry?: SendRegistry;
  /** The temp files of media uploads for publishing (the hosts always give one; see publish-uploads.ts). */
  uploads?: PublishUploads;
  /** The configured Graph origin (video bytes may go to rupload.facebook.com or to it: upload-hosts.ts). */
  graphBaseUrl?: () => string;
  /** fetch for uploads to rupload (tests inject one); the global fetch by default. */
  fetch?: typeof fetch;
  /** How much of a video upload has left for Meta (publish/upload-progress). */
  onUploadProgress?: (p: { uploadId: string; sentBytes: number; totalBytes: number }) => void;
}

/** An empty page (a Page without a linked IG account has no gallery, stories or IG conversations). */
export const emptyPage = <T>(): PageOf<T> => ({
  items: [],
  skipped: 0,
  paging: { hasMore: false },
  notModified: false,
});

/** A normalized Graph answer as a bridge page. */
export const asPage = <T>(n: Normalized<T>, notModified = false): PageOf<T> => ({
  items: n.items,
  skipped: n.skipped,
  paging: n.paging,
  notModified,
});

/** The shared state and helpers of one gateway (see `createGatewayContext`). */
export type GatewayContext = ReturnType<typeof createGatewayContext>;

/** Creates what the parts of one gateway share. */
export function createGatewayContext(opts: GatewayOptions) {
  const now = opts.now ?? Date.now;

  function account(accountId: string): Account {
    const acc = opts.session.accounts().find((a) => a.id === accountId);
    if (!acc) {
      opts.session.pageToken(accountId); // throws not-signed-in / session-expired when that is the reason
      throw new BridgeError('permission', 'This Page is not part of the signed-in session.');
    }
    return acc;
  }
  const selfIds = (acc: Account) => (acc.instagram ? [acc.id, acc.instagram.id] : [acc.id]);

  /**
   * Conversations this host session saw listed for each Page (native id → customer id). An id from the renderer is
   * used in a Graph path only when it is one of these or Graph confirms, with that Page's token, that the Page takes
   * part in it: a conversation of another Page (or anything else) is refused before any call is made with it.
   */
  const owned = new Map<string, Map<string, string>>();
  function learn(accountId: string, page: PageOf<Conversation>) {
    let m = owned.get(accountId);
    if (!m) owned.set(accountId, (m = new Map()));
    for (const c of page.items) m.set(c.nativeId, c.customer.id);
  }
  /** True when `customerId` is the customer of one of the listed conversations of `accountId`. */
  function isKnownCustomer(accountId: string, customerId: string): boolean {
    return [...(owned.get(accountId)?.values() ?? [])].includes(customerId);
  }
  const notOurs = () =>
    new BridgeError(
      'permission',
      'This conversation is not one of this Page’s conversations, so Duet did not open it.',
    );

  /** The customer of a conversation of `acc`, checked as described at `owned`; throws permission otherwise. */
  async function ownConversation(acc: Account, conversationId: string): Promise<string> {
    const known = owned.get(acc.id)?.get(conversationId);
    if (known !== undefined) return known;
    // Not listed by this session yet (e.g. right after a restart): ask Graph who takes part in it.
    let raw: unknown;
    try {
      raw = await get(acc.id, graphPath(conversationId), { fields: 'id,participants' });
    } catch (err) {
      if (err instanceof BridgeError && (err.code === 'upstream' || err.code === 'permission'))
        throw notOurs();
      throw err;
    }
    const r = raw as { id?: unknown; participants?: { data?: Array<{ id?: unknown }> } } | null;
    const ids = (r?.participants?.data ?? [])
      .map((p) => p?.id)
      .filter((id): id is string => typeof id === 'string');
    const self = selfIds(acc);
    const customer = ids.find((id) => !self.includes(id));
    if (r?.id !== conversationId || !ids.some((id) => self.includes(id)) || customer === undefined)
      throw notOurs();
    let m = owned.get(acc.id);
    if (!m) owned.set(acc.id, (m = new Map()));
    m.set(conversationId, customer);
    return customer;
  }

  /** Maps a classified failure to the bridge; a 190 flips the session to expired first. */
  function toBridge(info: ClassifiedGraphError): BridgeError {
    switch (info.kind) {
      case 'auth':
        opts.session.markExpired(info.message);
        return new BridgeError('session-expired', info.message);
      case 'permission':
        return new BridgeError('permission', info.message);
      case 'throttled':
        return new BridgeError('throttled', info.message, undefined, info.retryAfterMs);
      case 'transient':
        return new BridgeError(info.status === 0 ? 'offline' : 'upstream', info.message);
      default:
        return new BridgeError('upstream', info.message);
    }
  }

  async function get(accountId: string, path: GraphPath, params: GraphParams): Promise<unknown> {
    const token = opts.session.pageToken(accountId);
    try {
      const res = await opts.graph.request({ path, params, token, accountId });
      return res.data;
    } catch (err) {
      if (err instanceof GraphCallError) throw toBridge(err.info);
      throw err;
    }
  }

  const pageParams = (fields: string, after: string | undefined, limit: number | undefined): GraphParams => ({
    fields,
    limit: limit ?? DEFAULT_LIMIT,
    after,
  });

  return {
    opts,
    now,
    account,
    selfIds,
    learn,
    isKnownCustomer,
    ownConversation,
    toBridge,
    get,
    pageParams,
    /** Forgets the conversations learned (sign-out). */
    forgetConversations: () => owned.clear(),
  };
}
