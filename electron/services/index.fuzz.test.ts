// Bridge fuzzing against the real services: random and near-miss payloads to every bridge call, through both hosts
// (the browser host over HTTP and the Electron IPC registration), signed out and signed in to a sandbox. Every
// invalid payload must come back as `invalid-request` — never a 500, a crash or a hang — and must write nothing:
// the settings file, the token vault and the media cache stay exactly as they were.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { startSandbox, type SandboxHandle } from '../../sandbox/index';
import {
  callNames,
  calls,
  channelOf,
  type BridgeErrorShape,
  type CallName,
} from '../../shared/bridge/contract';
import { browserPlatformBase } from '../browser-host/platform';
import { startBrowserHost, type BrowserHost } from '../browser-host/server';
import { registerBridge } from '../main/ipc';
import { createHostCore } from './index';

const RUNS = 25;

/** Every file under `dir` with a hash of its content (what "nothing was written" is checked against). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of readdirSync(d)) {
      const full = join(d, entry);
      if (statSync(full).isDirectory()) walk(full);
      else out[full.slice(dir.length)] = createHash('sha1').update(readFileSync(full)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

/** True when the contract rejects `payload` (as both hosts see it: a missing payload means `{}`). */
function isInvalid(name: CallName, payload: unknown): boolean {
  return !calls[name].request.safeParse(payload ?? {}).success;
}

/** Values that look almost right for some field of some call. */
const plausible = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom(
    '',
    'messenger',
    'instagram',
    'HUMAN_AGENT',
    'dark',
    'v25.0',
    'https://graph.facebook.com',
    '12345678',
  ),
  fc.integer({ min: -5, max: 200_000 }),
  fc.boolean(),
  fc.constant(null),
  fc.constant('x'.repeat(9000)),
  fc.anything({ maxDepth: 2 }),
);

/** Near-miss payloads: the call's own field names with plausible but (after filtering) invalid values. */
function nearMiss(name: CallName): fc.Arbitrary<unknown> {
  const schema = calls[name].request as unknown;
  const keys = schema instanceof z.ZodObject ? Object.keys(schema.shape as object) : [];
  const fields = fc.record(Object.fromEntries(keys.map((k) => [k, plausible])), { requiredKeys: [] });
  return fc.oneof(
    fields,
    fields.map((f) => ({ ...f, unexpected: true })),
    fields.map((f) => ({ ...f, __proto__: { polluted: 1 } })),
  );
}

/** Any value at all, or a near miss — only the ones the contract rejects. */
function invalidPayload(name: CallName): fc.Arbitrary<unknown> {
  return fc
    .oneof(fc.anything({ maxDepth: 3 }), fc.array(fc.anything({ maxDepth: 1 })), nearMiss(name))
    .filter((p) => isInvalid(name, p));
}

/** As an HTTP body: JSON text whose parsed value the contract rejects. */
function invalidBody(name: CallName): fc.Arbitrary<string> {
  return fc
    .oneof(fc.jsonValue({ maxDepth: 3 }), nearMiss(name))
    .map((p) => JSON.stringify(p) as string | undefined)
    .filter((text): text is string => text !== undefined && isInvalid(name, JSON.parse(text)));
}

let sandbox: SandboxHandle;
let host: BrowserHost;
let dataDir: string;
const hostLog: string[] = [];
const ipcLog: string[] = [];
const ipcListeners = new Map<string, (event: IpcMainInvokeEvent, payload: unknown) => Promise<unknown>>();
const appEvent = { senderFrame: { url: 'app://duet/index.html' } } as unknown as IpcMainInvokeEvent;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 7, scale: 'small', live: false });
  const root = mkdtempSync(join(tmpdir(), 'duet-bridge-fuzz-'));
  dataDir = join(root, 'data');
  const rendererDir = join(root, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Duet</title>');
  const env = { DUET_APP_ID: '1234567890', DUET_GRAPH_URL: sandbox.url, DUET_LOGIN_URL: sandbox.url };
  host = await startBrowserHost({
    rendererDir,
    platform: browserPlatformBase(dataDir, env),
    createCore: (platform) => createHostCore(platform),
    log: (line) => hostLog.push(line),
  });
  // The Electron host: the same real core behind the IPC registration, on the mocked ipcMain.
  vi.mocked(ipcMain.handle).mockImplementation((channel, listener) => {
    ipcListeners.set(channel, listener as never);
  });
  registerBridge(
    ipcMain,
    host.core.handlers,
    () => true,
    (line) => ipcLog.push(line),
  );
  // The settings file exists from the start, so "unchanged" means byte for byte.
  await host.core.handlers['settings/set']({ theme: 'light' });
}, 60_000);

afterAll(async () => {
  await host?.close();
  await sandbox?.close();
  if (dataDir) rmSync(join(dataDir, '..'), { recursive: true, force: true });
});

async function httpCall(name: string, body: string, contentType = 'application/json') {
  const res = await fetch(`${host.origin}/bridge/${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'content-type': contentType, 'x-duet-key': host.secret },
    body,
  });
  return { status: res.status, body: (await res.json()) as BridgeErrorShape };
}

async function ipcCall(name: CallName, payload: unknown): Promise<BridgeErrorShape | 'resolved'> {
  try {
    await ipcListeners.get(channelOf(name))!(appEvent, payload);
    return 'resolved';
  } catch (error) {
    const text = (error as Error).message;
    return JSON.parse(text.slice(text.indexOf('{'))) as BridgeErrorShape;
  }
}

/** The host still answers a valid call afterwards, in both hosts. */
async function stillAnswers() {
  const res = await fetch(`${host.origin}/bridge/app/info`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-duet-key': host.secret },
    body: '{}',
  });
  expect(res.status).toBe(200);
  expect(await ipcListeners.get(channelOf('session/get'))!(appEvent, {})).toMatchObject({
    status: expect.any(String),
  });
}

function fuzzEveryCall(state: () => string) {
  it.each(callNames)(
    '%s: every invalid payload is refused as invalid-request in both hosts, and nothing is written',
    async (name) => {
      const before = snapshot(dataDir);
      await fc.assert(
        fc.asyncProperty(invalidBody(name), async (body) => {
          const res = await httpCall(name, body);
          expect(res.body.code).toBe('invalid-request');
          expect(res.status).toBe(400);
        }),
        { numRuns: RUNS },
      );
      await fc.assert(
        fc.asyncProperty(invalidPayload(name), async (payload) => {
          const shape = await ipcCall(name, payload);
          expect(shape).not.toBe('resolved');
          expect((shape as BridgeErrorShape).code).toBe('invalid-request');
        }),
        { numRuns: RUNS },
      );
      // Bodies that are not JSON at all, or not declared as JSON.
      for (const body of ['{', 'null,', '\u0000', '{"a":', 'x'.repeat(2048)]) {
        expect((await httpCall(name, body)).body.code).toBe('invalid-request');
      }
      expect((await httpCall(name, '{}', 'text/plain')).body.code).toBe('invalid-request');
      expect(snapshot(dataDir)).toEqual(before);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      await stillAnswers();
      const session = (await ipcListeners.get(channelOf('session/get'))!(appEvent, {})) as { status: string };
      expect(session.status).toBe(state());
    },
  );
}

describe('bridge fuzzing, real services (signed out)', () => {
  it('starts signed out with no vault file and an empty media cache', () => {
    const files = Object.keys(snapshot(dataDir));
    expect(files.some((f) => f.includes('credentials'))).toBe(false);
    expect(files.filter((f) => f.includes('media-cache') && !f.endsWith('.json'))).toEqual([]);
  });
  fuzzEveryCall(() => 'signed-out');
  it('created no vault file, cached no media, and logged no internal error', () => {
    const files = Object.keys(snapshot(dataDir));
    expect(files.some((f) => f.includes('credentials'))).toBe(false);
    expect(host.core.media.stats().entries).toBe(0);
    expect([...hostLog, ...ipcLog].filter((l) => /internal|invalid-response/.test(l))).toEqual([]);
  });
});

describe('bridge fuzzing, real services (signed in to a sandbox)', () => {
  beforeAll(async () => {
    const res = await fetch(`${sandbox.url}/__sandbox/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const { access_token } = (await res.json()) as { access_token: string };
    const state = await host.core.handlers['session/sign-in-token']({ token: access_token });
    expect(state.status).toBe('active');
  }, 60_000);
  fuzzEveryCall(() => 'active');
  it('kept the session, cached no media, and logged no internal error', async () => {
    expect((await host.core.handlers['session/get']({})).status).toBe('active');
    expect(host.core.media.stats().entries).toBe(0);
    expect([...hostLog, ...ipcLog].filter((l) => /internal|invalid-response/.test(l))).toEqual([]);
  });
});

/** Characters that end, extend or escape a Graph path segment, or split a query. */
const PATH_BREAKERS = ['/', '?', '#', '&', '%', '\\', ' ', '\t', '\n', '=x', '.', ':', '@', ';', ','];
/** A plausible id with something hostile in it: `123/feed?message=x&method=post#` and relatives. */
const hostileId = fc
  .tuple(
    fc.constantFrom('123', 't_10223', 'aWdfZAG06', 'me', '..', ''),
    fc.constantFrom(...PATH_BREAKERS),
    fc.constantFrom('feed?message=x&method=post#', 'messages', '', '2F..', 'access_token=x', '1'),
  )
  .map(([a, b, c]) => `${a}${b}${c}`)
  // `..`-free digit strings and well-formed ids are valid; only keep what should be refused.
  .filter((id) => !/^\d{1,32}$/.test(id) && !/^[A-Za-z0-9_-]+={0,2}$/.test(id));

/** Every call field that is an id pasted into a Graph path or the Send API. */
const ID_FIELDS = [
  'accountId',
  'conversationId',
  'recipientId',
  'uploadId',
  'photoId',
  'postId',
  'videoId',
  'containerId',
  'mediaId',
];

describe('bridge fuzzing: hostile ids (signed in)', () => {
  const sample = {
    accountId: '1234567890',
    platform: 'messenger',
    conversationId: 't_10223',
    recipientId: '999',
    clientId: 'client-00000001',
    text: 'hi',
    streams: ['feed'],
    conversations: [{ platform: 'messenger', conversationId: 't_10223' }],
    uploadId: `up_${'0'.repeat(32)}`,
    photoId: '555',
    postId: '1234567890_555',
    videoId: '556',
    containerId: '557',
    mediaId: '558',
    as: 'video',
  };
  // app/notify's conversationId is the renderer's own key (`fb:t_1`), only echoed back on a click: never sent to Graph.
  const withIds = callNames
    .filter((name) => name !== 'app/notify')
    .flatMap((name) => {
      const schema = calls[name].request as unknown;
      const keys = schema instanceof z.ZodObject ? Object.keys(schema.shape as object) : [];
      return keys.filter((k) => ID_FIELDS.includes(k)).map((field) => ({ name, field, keys }));
    });

  it('covers every call that takes an id', () => {
    expect(withIds.map((c) => `${c.name}.${c.field}`).sort()).toEqual(
      [
        'feed/list.accountId',
        'gallery/list.accountId',
        'gallery/stories.accountId',
        'sync/poll.accountId',
        'inbox/conversations.accountId',
        'inbox/messages.accountId',
        'inbox/messages.conversationId',
        'inbox/messages-batch.accountId',
        'inbox/send.accountId',
        'inbox/send.conversationId',
        'inbox/send.recipientId',
        'inbox/mark-seen.accountId',
        'inbox/mark-seen.recipientId',
        'publish/fb-photo.accountId',
        'publish/fb-photo.uploadId',
        'publish/fb-post-get.accountId',
        'publish/fb-post-get.postId',
        'publish/fb-post.accountId',
        'publish/fb-scheduled-cancel.accountId',
        'publish/fb-scheduled-cancel.postId',
        'publish/fb-scheduled-update.accountId',
        'publish/fb-scheduled-update.postId',
        'publish/fb-scheduled.accountId',
        'publish/fb-stories.accountId',
        'publish/fb-story.accountId',
        'publish/fb-story.photoId',
        'publish/fb-story.videoId',
        'publish/fb-video-stage.accountId',
        'publish/fb-video-stage.uploadId',
        'publish/fb-video-status.accountId',
        'publish/fb-video-status.videoId',
        'publish/fb-video.accountId',
        'publish/fb-video.videoId',
        'publish/ig-container-status.accountId',
        'publish/ig-container-status.containerId',
        'publish/ig-media-get.accountId',
        'publish/ig-media-get.mediaId',
        'publish/ig-publish.accountId',
        'publish/ig-publish.containerId',
        'publish/ig-quota.accountId',
        'publish/upload-chunk.uploadId',
        'publish/upload-discard.uploadId',
        'publish/upload-end.uploadId',
        'comments/threads.accountId',
        'comments/act.accountId',
        'export/begin.accountId',
        'media/clear-cache.accountId',
        'media/cache-stats.accountId',
        'insights/account.accountId',
        'insights/demographics.accountId',
        'insights/items.accountId',
      ].sort(),
    );
  });

  it.each(withIds.map((c) => [`${c.name} ${c.field}`, c] as const))(
    '%s: an id with a path or query character is refused in both hosts before any handler runs',
    async (_label, { name, field, keys }) => {
      await fc.assert(
        fc.asyncProperty(hostileId, async (id) => {
          const payload = Object.fromEntries(
            keys.filter((k) => k in sample).map((k) => [k, sample[k as keyof typeof sample]]),
          );
          payload[field] = id;
          const res = await httpCall(name, JSON.stringify(payload));
          expect(res.body.code, `${name} ${field}=${JSON.stringify(id)}`).toBe('invalid-request');
          expect(res.body.issues?.map((i) => i.path)).toContain(field);
          const shape = await ipcCall(name, payload);
          expect((shape as BridgeErrorShape).code).toBe('invalid-request');
        }),
        { numRuns: 40 },
      );
    },
  );
});
