import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { callNames, channelOf, eventNames, type DuetApi } from '../../shared/bridge/contract';
import { electronMock } from '../test/electron-mock';

const { ipcRenderer, contextBridge } = electronMock;

let exposed: DuetApi;

beforeAll(async () => {
  contextBridge.exposeInMainWorld.mockClear();
  await import('./index');
  // The preload exposes its api exactly once, under `duet`, when it loads.
  expect(contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [key, api] = contextBridge.exposeInMainWorld.mock.calls[0] as unknown as [string, DuetApi];
  expect(key).toBe('duet');
  exposed = api;
});

async function loadPreload(): Promise<DuetApi> {
  return exposed;
}

describe('preload (window.duet)', () => {
  beforeEach(() => {
    ipcRenderer.invoke.mockReset();
    ipcRenderer.on.mockReset();
    ipcRenderer.removeListener.mockReset();
  });

  it('exposes exactly invoke and on, both plain functions, and never ipcRenderer', async () => {
    const api = await loadPreload();
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    expect(typeof api.invoke).toBe('function');
    expect(typeof api.on).toBe('function');
    expect(Object.values(api)).not.toContain(ipcRenderer);
  });

  it.each(callNames)('forwards %s with its payload to ipcRenderer.invoke on duet:<name>', async (name) => {
    const api = await loadPreload();
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: name });
    const req = { probe: name } as never;
    await expect(api.invoke(name, req)).resolves.toEqual({ ok: name });
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(channelOf(name), req);
    expect(channelOf(name)).toBe(`duet:${name}`);
  });

  it.each(['app/evil', 'constructor', '__proto__', 'toString', '', 'duet:app/info'])(
    'rejects the unknown call %j without touching IPC',
    async (name) => {
      const api = await loadPreload();
      await expect(api.invoke(name as never, {} as never)).rejects.toThrow(/Unknown bridge call/);
      expect(ipcRenderer.invoke).not.toHaveBeenCalled();
    },
  );

  it.each(eventNames)('delivers only the payload of %s to listeners, and unsubscribes', async (name) => {
    const api = await loadPreload();
    const received: unknown[][] = [];
    const off = api.on(name, (...args: unknown[]) => received.push(args));
    expect(ipcRenderer.on).toHaveBeenCalledTimes(1);
    const [channel, wrapped] = ipcRenderer.on.mock.calls[0] as unknown as [string, (...a: unknown[]) => void];
    expect(channel).toBe(channelOf(name));

    const fakeEvent = { sender: ipcRenderer, senderId: 0, ports: [] };
    wrapped(fakeEvent, { hello: 'world' });
    expect(received).toEqual([[{ hello: 'world' }]]);

    off();
    expect(ipcRenderer.removeListener).toHaveBeenCalledWith(channelOf(name), wrapped);
  });

  it('refuses to subscribe to an unknown event', async () => {
    const api = await loadPreload();
    expect(() => api.on('inbox/evil' as never, () => undefined)).toThrow(/Unknown bridge event/);
    expect(ipcRenderer.on).not.toHaveBeenCalled();
  });

  it('accepts exactly the calls and events of the contract', async () => {
    const { exposedNames } = await import('./index');
    expect([...exposedNames.calls].sort()).toEqual([...callNames].sort());
    expect([...exposedNames.events].sort()).toEqual([...eventNames].sort());
  });
});
