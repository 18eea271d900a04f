// Registers every bridge call on ipcMain through one guarded helper, and pushes events to the app's windows.
// Checks, in order: the sender is our top-level frame (checklist item 17), the request matches the contract's
// schema, the handler's result matches the response schema. Every failure reaches the renderer in the one wire
// shape renderer/src/bridge.ts parses, and is logged without payloads or tokens.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import {
  BridgeError,
  callNames,
  channelOf,
  events,
  type CallHandlers,
  type CallName,
  type EventName,
  type EventPayload,
} from '../../shared/bridge/contract';
import { parseRequest, parseResponse, toBridgeError } from '../../shared/bridge/validate';
import { isAppUrl } from './security';
import { redact } from '../../shared/security/redact';

/** A log sink (console.warn by default); receives already-redacted text only. */
export type LogLine = (line: string) => void;

export { redact };

/** The Error ipcMain rethrows to the renderer: the wire shape as JSON (bridge.ts parses from the first `{`). */
export function toWireError(error: BridgeError): Error {
  const shape = error.toShape();
  return new Error(JSON.stringify({ ...shape, message: redact(shape.message) }));
}

/** Runs one call through the sender check and both schema checks; returns the validated response. */
export async function handleCall<K extends CallName>(
  name: K,
  handlers: CallHandlers,
  event: IpcMainInvokeEvent,
  payload: unknown,
  isTrusted: (event: IpcMainInvokeEvent) => boolean,
  log: LogLine = console.warn,
): Promise<unknown> {
  try {
    if (!isTrusted(event)) {
      throw new BridgeError(
        'forbidden',
        `The bridge call ${name} came from a frame that is not Duet's window.`,
      );
    }
    const args = parseRequest(name, payload);
    const handler = handlers[name] as (a: typeof args) => Promise<unknown>;
    return parseResponse(name, await handler(args));
  } catch (error) {
    const bridgeError = toBridgeError(error);
    const from = event.senderFrame?.url ? ` from ${redact(event.senderFrame.url.slice(0, 200))}` : '';
    log(`[bridge] ${name} failed (${bridgeError.code})${from}: ${redact(bridgeError.message)}`);
    throw toWireError(bridgeError);
  }
}

/**
 * Registers `ipcMain.handle('duet:<name>')` for every call in the contract. `isTrusted` decides whether the
 * event's sender is our own top-level frame (see security.ts `isTrustedSender`). Returns an unregister function.
 */
export function registerBridge(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  handlers: CallHandlers,
  isTrusted: (event: IpcMainInvokeEvent) => boolean,
  log: LogLine = console.warn,
): () => void {
  for (const name of callNames) {
    if (typeof handlers[name] !== 'function') throw new Error(`No handler for bridge call ${name}`);
    ipcMain.handle(channelOf(name), (event, payload: unknown) =>
      handleCall(name, handlers, event, payload, isTrusted, log),
    );
  }
  return () => {
    for (const name of callNames) ipcMain.removeHandler(channelOf(name));
  };
}

/** The parts of a BrowserWindow that emitToWindows needs. */
export interface EventTarget {
  webContents: { isDestroyed(): boolean; getURL(): string; send(channel: string, payload: unknown): void };
}

/**
 * Validates an event payload against the contract and sends it on `duet:<name>` to every window showing the app
 * origin (never to the login window, which shows Meta's page). An invalid payload is logged and not sent.
 */
export function emitToWindows<K extends EventName>(
  windows: readonly EventTarget[],
  name: K,
  payload: EventPayload<K>,
  log: LogLine = console.warn,
): number {
  const parsed = events[name].payload.safeParse(payload);
  if (!parsed.success) {
    log(
      `[bridge] event ${name} not sent: its payload does not match the contract (${parsed.error.issues.length} issues)`,
    );
    return 0;
  }
  let sent = 0;
  for (const win of windows) {
    const wc = win.webContents;
    if (wc.isDestroyed() || !isAppUrl(wc.getURL())) continue;
    wc.send(channelOf(name), parsed.data);
    sent++;
  }
  return sent;
}
