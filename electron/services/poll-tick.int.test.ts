// Integration: what one poll tick costs. The renderer's sync engine and streams run against a real host core and the
// real sandbox, and the test counts the bridge calls the renderer makes and the Graph requests the sandbox received
// (its request log), after conversations moved on both platforms.
import 'fake-indexeddb/auto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BridgeError, events, type CallName } from '../../shared/bridge/contract';
import { parseRequest, parseResponse } from '../../shared/bridge/validate';
import { startSandbox, type SandboxHandle } from '../../sandbox/index';
import { sandboxControl } from '../../sandbox/test/control';
import { type LoggedRequest } from '../../sandbox/request-log';
import { BridgeCallError, type Bridge } from '../../renderer/src/bridge';
import { DuetDb } from '../../renderer/src/data/db';
import { contentStreams } from '../../renderer/src/data/streams/content';
import { inboxStreams } from '../../renderer/src/data/streams/inbox';
import { createSyncEngine } from '../../renderer/src/data/sync/engine';
import { type SyncEngine } from '../../renderer/src/data/sync/types';
import { browserPlatformBase } from '../browser-host/platform';
import { createHostCore } from './index';
import type { HostCore } from './types';

let sandbox: SandboxHandle;
let core: HostCore;
let n = 0;

const control = <T = Record<string, unknown>>(path: string, body?: unknown, method?: string) =>
  sandboxControl<T>(sandbox, path, body, method);

/** The renderer's bridge, answered by the host core's handlers with the hosts' validation; counts every call. */
function countingBridge(h: HostCore) {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const calls: CallName[] = [];
  let inFlight = 0;
  const bridge: Bridge = {
    kind: 'browser',
    async invoke(name, req) {
      calls.push(name);
      inFlight++;
      try {
        const handler = h.handlers[name] as (a: unknown) => Promise<unknown>;
        return parseResponse(name, await handler(parseRequest(name, req)));
      } catch (err) {
        if (err instanceof BridgeError) throw new BridgeCallError(err.toShape());
        throw err;
      } finally {
        inFlight--;
      }
    },
    on(name, listener) {
      const set = listeners.get(name) ?? new Set();
      set.add(listener as (p: unknown) => void);
      listeners.set(name, set);
      return () => set.delete(listener as (p: unknown) => void);
    },
    mediaSrc: () => '',
    notify: async () => false,
  };
  return { bridge, calls, busy: () => inFlight > 0 };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, ok: () => boolean, ms = 20_000) {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 42, scale: 'small' });
  const dataDir = mkdtempSync(join(tmpdir(), 'duet-tick-'));
  core = await createHostCore({
    ...browserPlatformBase(dataDir, {
      DUET_GRAPH_URL: sandbox.url,
      DUET_LOGIN_URL: sandbox.url,
      DUET_APP_ID: '1234567890123456',
    }),
    kind: 'browser',
    emit: (name, payload) => void events[name].payload.parse(payload),
    openExternal: async () => true,
    notify: () => false,
    setBadge: () => false,
    loginRedirectUri: 'http://127.0.0.1:1/login/callback',
  });
  const { access_token } = await control<{ access_token: string }>('tokens', {});
  await core.handlers['session/sign-in-token']({ token: access_token });
}, 30_000);
afterAll(async () => {
  await core.dispose();
  await sandbox.close();
});

let db: DuetDb;
let engine: SyncEngine;
afterEach(async () => {
  engine.stop();
  db.close();
  await db.delete();
});

/** A synced account (backfill finished, messages prefetched) with the sandbox's request log cleared. */
async function syncedEngine() {
  const state = await core.handlers['session/get']({});
  const account = state.session!.accounts.find((a) => a.instagram)!;
  db = new DuetDb(`poll-tick-${++n}`);
  await db.open();
  const counting = countingBridge(core);
  engine = createSyncEngine({
    db,
    bridge: counting.bridge,
    // Conversations per poll page: Meta's maximum, so every moved conversation is in this tick's answer.
    pageSize: 100,
    streams: [...contentStreams(), ...inboxStreams()],
    // No timer ever fires: the only poll is the test's pollNow.
    setTimer: () => () => undefined,
    windowEvents: null,
    documentEvents: null,
    isOnline: () => true,
  });
  engine.start(account);
  await until('backfill', () => {
    const s = engine.getStatus().streams;
    return Object.keys(s).length === 5 && Object.values(s).every((x) => x.backfillDone);
  });
  // The inbox backfill prefetches every conversation's messages after its last page (40 per platform here).
  const unfetched = () => db.conversations.filter((c) => c.messagesSyncedFor !== c.updatedTime).count();
  for (let end = Date.now() + 20_000; (await unfetched()) > 0 || counting.busy();) {
    if (Date.now() > end) throw new Error('timed out waiting for the messages prefetch');
    await sleep(20);
  }
  return { account, counting };
}

/** Makes `messenger` + `instagram` conversations move (a customer writes in each). */
async function move(pageId: string, tag: string, counts: { messenger: number; instagram: number }) {
  for (const platform of ['messenger', 'instagram'] as const) {
    const list = await core.handlers['inbox/conversations']({ accountId: pageId, platform, limit: 100 });
    const ids = list.items.map((c) => c.nativeId);
    for (let i = 0; i < counts[platform]; i++)
      await control('inbound', {
        pageId,
        platform,
        // Existing conversations first, then new ones (a new conversation is news as well).
        ...(ids[i] ? { conversationId: ids[i] } : {}),
        text: `${tag} ${platform} ${i}`,
      });
  }
}

async function tick(counting: ReturnType<typeof countingBridge>) {
  await control('requests', undefined, 'DELETE');
  counting.calls.length = 0;
  await engine.pollNow();
  const { requests } = await control<{ requests: LoggedRequest[] }>('requests');
  return { bridgeCalls: [...counting.calls], graph: requests };
}

const storedWith = (prefix: string) => db.messages.filter((m) => m.text?.startsWith(prefix) ?? false).count();

describe('one poll tick', () => {
  it('with 10 moved conversations on both platforms: 2 bridge calls and 2 Graph requests', async () => {
    const { account, counting } = await syncedEngine();
    await move(account.id, 'Ten', { messenger: 6, instagram: 4 });
    const { bridgeCalls, graph } = await tick(counting);
    expect(bridgeCalls).toEqual(['sync/poll', 'inbox/messages-batch']);
    expect(graph.map((r) => `${r.method} ${r.path} ${r.batch?.length ?? 0}`)).toEqual([
      'POST / 5', // feed, gallery, stories, messenger and instagram conversations
      'POST / 10', // the 10 moved conversations' messages
    ]);
    // And the new messages were stored: the tick did its job.
    expect(await storedWith('Ten ')).toBe(10);
  }, 60_000);

  it('with 60 moved conversations: still 2 bridge calls; Graph takes 50 per batch, so one request more', async () => {
    const { account, counting } = await syncedEngine();
    await move(account.id, 'Sixty', { messenger: 45, instagram: 15 });
    const { bridgeCalls, graph } = await tick(counting);
    expect(bridgeCalls).toEqual(['sync/poll', 'inbox/messages-batch']);
    expect(graph.map((r) => `${r.method} ${r.path} ${r.batch?.length ?? 0}`)).toEqual([
      'POST / 5',
      'POST / 50',
      'POST / 10',
    ]);
    expect(await storedWith('Sixty ')).toBe(60);
  }, 60_000);
});
