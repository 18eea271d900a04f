// The sandboxed preload: turns the bridge contract into `window.duet` and nothing else. It runs with `sandbox: true`,
// so it may only `require('electron')`; it is bundled into one CommonJS file (vite.electron.config.ts --mode preload)
// and imports only the call/event NAMES, never the schemas (main validates every payload anyway).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { type CallName, type DuetApi, type EventName } from '../../shared/bridge/contract';
import { CALL_NAMES, EVENT_NAMES } from '../../shared/bridge/names';

const callSet: ReadonlySet<string> = new Set(CALL_NAMES);
const eventSet: ReadonlySet<string> = new Set(EVENT_NAMES);

// The channel is built here rather than imported from contract.ts, which would pull zod into the preload bundle.
const channel = (name: string) => `duet:${name}`;

/** `window.duet`: functions only. The page never sees ipcRenderer or an IpcRendererEvent. */
export const api = {
  invoke(name, req) {
    if (!callSet.has(name)) return Promise.reject(new Error(`Unknown bridge call: ${String(name)}`));
    return ipcRenderer.invoke(channel(name), req);
  },
  on(name, listener) {
    if (!eventSet.has(name)) throw new Error(`Unknown bridge event: ${String(name)}`);
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    // Only the payload crosses: the IpcRendererEvent carries `sender` (the ipcRenderer itself).
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload as never);
    ipcRenderer.on(channel(name), wrapped);
    return () => {
      ipcRenderer.removeListener(channel(name), wrapped);
    };
  },
} satisfies DuetApi;

/** Names the preload accepts; exported for the test that compares them with the contract. */
export const exposedNames: { calls: readonly CallName[]; events: readonly EventName[] } = {
  calls: CALL_NAMES,
  events: EVENT_NAMES,
};

contextBridge.exposeInMainWorld('duet', api);
