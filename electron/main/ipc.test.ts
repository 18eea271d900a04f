import type { IpcMainInvokeEvent } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { type Settings } from '../../shared/bridge/calls/settings';
import { callNames, channelOf, type BridgeErrorShape, type CallHandlers } from '../../shared/bridge/contract';
import { BridgeError } from '../../shared/bridge/contract';
import { electronMock } from '../test/electron-mock';
import { emitToWindows, redact, registerBridge, type EventTarget } from './ipc';

type Listener = (event: IpcMainInvokeEvent, payload: unknown) => Promise<unknown>;

const { ipcMain } = electronMock;
const registered = new Map<string, Listener>();

function fakeHandlers(): CallHandlers {
  return Object.fromEntries(callNames.map((n) => [n, vi.fn(async () => ({}))])) as unknown as CallHandlers;
}

function eventFrom(url: string): IpcMainInvokeEvent {
  return { senderFrame: { url } } as unknown as IpcMainInvokeEvent;
}

/** Mirrors renderer/src/bridge.ts: the JSON after the first `{` of the rethrown message. */
function wireShape(error: unknown): BridgeErrorShape {
  const text = (error as Error).message;
  return JSON.parse(text.slice(text.indexOf('{'))) as BridgeErrorShape;
}

async function callAndCatch(
  name: string,
  event: IpcMainInvokeEvent,
  payload: unknown,
): Promise<BridgeErrorShape> {
  const listener = registered.get(channelOf(name as never));
  if (!listener) throw new Error(`not registered: ${name}`);
  try {
    await listener(event, payload);
  } catch (error) {
    return wireShape(error);
  }
  throw new Error('expected the call to fail');
}

const trusted = (e: IpcMainInvokeEvent) => e.senderFrame?.url === 'app://duet/index.html';
const appFrame = eventFrom('app://duet/index.html');

describe('registerBridge', () => {
  let handlers: CallHandlers;
  let log: ReturnType<typeof vi.fn<(line: string) => void>>;

  beforeEach(() => {
    registered.clear();
    ipcMain.handle.mockReset();
    ipcMain.handle.mockImplementation((channel: string, listener: Listener) =>
      registered.set(channel, listener),
    );
    handlers = fakeHandlers();
    log = vi.fn<(line: string) => void>();
    registerBridge(ipcMain as never, handlers, trusted, log);
  });

  it('registers one ipcMain.handle per call in the contract, on duet:<name>', () => {
    expect(ipcMain.handle).toHaveBeenCalledTimes(callNames.length);
    expect([...registered.keys()].sort()).toEqual(callNames.map((n) => `duet:${n}`).sort());
  });

  it('passes a valid request to the handler and returns its validated response', async () => {
    vi.mocked(handlers['app/set-badge']).mockResolvedValueOnce({ applied: true });
    await expect(registered.get('duet:app/set-badge')!(appFrame, { count: 3 })).resolves.toEqual({
      applied: true,
    });
    expect(handlers['app/set-badge']).toHaveBeenCalledWith({ count: 3 });
  });

  it('answers a bad payload with a clear invalid-request error and never calls the handler', async () => {
    const shape = await callAndCatch('app/set-badge', appFrame, { count: 'three' });
    expect(shape.code).toBe('invalid-request');
    expect(shape.message).toMatch(/Invalid request for app\/set-badge/);
    expect(shape.issues?.[0]?.path).toBe('count');
    expect(handlers['app/set-badge']).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith(expect.stringContaining('app/set-badge failed (invalid-request)'));
  });

  it('rejects unknown fields (strict schemas) before the handler', async () => {
    const shape = await callAndCatch('app/set-badge', appFrame, { count: 1, extra: true });
    expect(shape.code).toBe('invalid-request');
    expect(handlers['app/set-badge']).not.toHaveBeenCalled();
  });

  it.each(['https://evil.example/', 'app://duet/index.html#iframe-but-untrusted', ''])(
    'answers a call from a foreign frame (%s) with forbidden and never calls the handler',
    async (url) => {
      const shape = await callAndCatch('settings/get', eventFrom(url), {});
      expect(shape.code).toBe('forbidden');
      expect(handlers['settings/get']).not.toHaveBeenCalled();
    },
  );

  it('checks the sender before the payload: a foreign frame with a bad payload is forbidden, not invalid', async () => {
    const shape = await callAndCatch('app/set-badge', eventFrom('https://evil.example/'), { count: -1 });
    expect(shape.code).toBe('forbidden');
  });

  it('refuses to pass on a handler result that breaks the response schema', async () => {
    vi.mocked(handlers['app/set-badge']).mockResolvedValueOnce({ applied: 'yes' } as never);
    const shape = await callAndCatch('app/set-badge', appFrame, { count: 1 });
    expect(shape.code).toBe('invalid-response');
  });

  it('keeps a handler BridgeError code, and turns other throws into internal errors without stacks', async () => {
    vi.mocked(handlers['settings/get']).mockRejectedValueOnce(
      new BridgeError('not-signed-in', 'Sign in first.'),
    );
    expect(await callAndCatch('settings/get', appFrame, {})).toMatchObject({
      code: 'not-signed-in',
      message: 'Sign in first.',
    });

    vi.mocked(handlers['settings/get']).mockRejectedValueOnce(new TypeError('boom'));
    const shape = await callAndCatch('settings/get', appFrame, {});
    expect(shape).toMatchObject({ code: 'internal', message: 'boom' });
    expect(JSON.stringify(shape)).not.toMatch(/at .*\.ts/);
  });

  it('redacts tokens from the error sent to the renderer and from the log', async () => {
    vi.mocked(handlers['settings/get']).mockRejectedValueOnce(
      new Error('GET https://graph.facebook.com/me?access_token=EAAB1234567890abcdefghijklmnop failed'),
    );
    const shape = await callAndCatch('settings/get', appFrame, {});
    expect(shape.message).not.toContain('EAAB1234567890');
    expect(log.mock.calls.flat().join('\n')).not.toContain('EAAB1234567890');
  });

  it('refuses to start when a call has no handler', () => {
    const incomplete = { ...fakeHandlers() } as Partial<CallHandlers>;
    delete incomplete['inbox/send'];
    expect(() => registerBridge(ipcMain as never, incomplete as CallHandlers, trusted, log)).toThrow(
      /inbox\/send/,
    );
  });

  it('removes every handler when unregistered', () => {
    ipcMain.removeHandler.mockReset();
    const off = registerBridge(ipcMain as never, fakeHandlers(), trusted, log);
    off();
    expect(ipcMain.removeHandler).toHaveBeenCalledTimes(callNames.length);
  });
});

describe('redact', () => {
  it('hides tokens in query strings, headers and bare Graph tokens', () => {
    const out = redact(
      'access_token=abc123&x=1 Authorization: Bearer abc.def EAAGm0PX4ZCpsBAKZCZBZCZCZBZC0ZD IGQWRN123456789012345678901',
    );
    expect(out).not.toMatch(/abc123|abc\.def|EAAGm0PX|IGQWRN1234/);
    expect(out).toContain('x=1');
    expect(
      redact('GET /oauth/access_token?fb_exchange_token=EAAlong&client_secret=s3cr3t&code=abc&state=xyz'),
    ).toBe(
      'GET /oauth/access_token?fb_exchange_token=[redacted]&client_secret=[redacted]&code=[redacted]&state=[redacted]',
    );
    // Error codes stay readable: they are what a developer needs from the log.
    expect(redact('Graph error_code=190 error_subcode=463')).toBe('Graph error_code=190 error_subcode=463');
  });
});

describe('emitToWindows', () => {
  const settings: Settings = {
    graphBaseUrl: 'https://graph.facebook.com',
    apiVersion: 'v25.0',
    loginDialogUrl: 'https://www.facebook.com',
    appId: '',
    tokenBrokerUrl: '',
    theme: 'system',
    markSeen: true,
    notifications: true,
    commentNotifications: false,
    badgeMessages: true,
    badgeComments: true,
    mediaCacheMaxMb: 500,
    overridden: [],
  };

  function win(url: string, destroyed = false) {
    return {
      webContents: {
        isDestroyed: () => destroyed,
        getURL: () => url,
        send: vi.fn<(channel: string, payload: unknown) => void>(),
      },
    } satisfies EventTarget;
  }

  it('sends a valid payload on duet:<name> to app windows only', () => {
    const app = win('app://duet/index.html');
    const login = win('https://www.facebook.com/dialog/oauth');
    const gone = win('app://duet/index.html', true);
    expect(emitToWindows([app, login, gone], 'settings/changed', settings)).toBe(1);
    expect(app.webContents.send).toHaveBeenCalledWith('duet:settings/changed', settings);
    expect(login.webContents.send).not.toHaveBeenCalled();
    expect(gone.webContents.send).not.toHaveBeenCalled();
  });

  it('drops (and logs) a payload that does not match the event schema', () => {
    const app = win('app://duet/index.html');
    const log = vi.fn();
    expect(emitToWindows([app], 'app/notification-clicked', { conversationId: 42 } as never, log)).toBe(0);
    expect(app.webContents.send).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith(expect.stringContaining('app/notification-clicked'));
  });
});
