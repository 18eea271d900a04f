// The bridge contract: every call and event between the renderer and its host, declared once.
// The Electron host (ipcMain), the preload (window.duet), the browser host (HTTP + SSE) and the renderer client are
// all typed from these maps; a unit test checks that each host registers every call. See shared/bridge/README.md.
import { type z } from 'zod';
import { appCalls, appEvents } from './calls/app';
import { commentsCalls } from './calls/comments';
import { diagnosticsCalls } from './calls/diagnostics';
import { exportCalls, exportEvents } from './calls/export';
import { feedCalls } from './calls/feed';
import { galleryCalls } from './calls/gallery';
import { inboxCalls } from './calls/inbox';
import { insightsCalls } from './calls/insights';
import { mediaCalls } from './calls/media';
import { publishCalls, publishEvents } from './calls/publish';
import { privacyCalls, privacyEvents } from './calls/privacy';
import { sessionCalls, sessionEvents } from './calls/session';
import { settingsCalls, settingsEvents } from './calls/settings';
import { syncCalls, syncEvents } from './calls/sync';

/** Every bridge call, by name (`namespace/action`): one file per namespace under calls/. */
export const calls = {
  ...appCalls,
  ...settingsCalls,
  ...sessionCalls,
  ...feedCalls,
  ...galleryCalls,
  ...syncCalls,
  ...inboxCalls,
  ...diagnosticsCalls,
  ...mediaCalls,
  ...publishCalls,
  ...commentsCalls,
  ...insightsCalls,
  ...privacyCalls,
  ...exportCalls,
} as const;

/** Every event the host pushes to the renderer, by name (past tense). */
export const events = {
  ...appEvents,
  ...settingsEvents,
  ...sessionEvents,
  ...syncEvents,
  ...publishEvents,
  ...privacyEvents,
  ...exportEvents,
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type EventName = keyof typeof events;
/** What the caller passes (before defaults are applied). */
export type CallRequest<K extends CallName> = z.input<Calls[K]['request']>;
/** What a handler receives (after validation and defaults). */
export type CallArgs<K extends CallName> = z.output<Calls[K]['request']>;
export type CallResponse<K extends CallName> = z.output<Calls[K]['response']>;
export type EventPayload<K extends EventName> = z.output<(typeof events)[K]['payload']>;

/** All call names, for hosts that register them in a loop. */
export const callNames = Object.keys(calls) as CallName[];
/** All event names. */
export const eventNames = Object.keys(events) as EventName[];

/** The IPC channel of a call or event: `duet:<domain>/<action>`. */
export function channelOf(name: CallName | EventName): `duet:${string}` {
  return `duet:${name}`;
}

/** The shape of `window.duet` in Electron and of the browser client: one typed function per call. */
export type DuetCalls = { [K in CallName]: (req: CallRequest<K>) => Promise<CallResponse<K>> };

/** `window.duet`: `invoke` for calls, `on` for events (returns its unsubscribe function). */
export interface DuetApi {
  invoke<K extends CallName>(name: K, req: CallRequest<K>): Promise<CallResponse<K>>;
  on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void;
}

/** Implementation of every call, as each host provides it (validation happens before and after). */
export type CallHandlers = { [K in CallName]: (args: CallArgs<K>) => Promise<CallResponse<K>> };

/** Error codes a bridge call can fail with, so the renderer can react without parsing messages. */
export type BridgeErrorCode =
  | 'invalid-request'
  | 'invalid-response'
  | 'forbidden'
  | 'unknown-call'
  | 'not-signed-in'
  | 'session-expired'
  | 'offline'
  | 'throttled'
  | 'permission'
  | 'upstream'
  | 'internal';

/** The one error shape that crosses the bridge. */
export interface BridgeErrorShape {
  code: BridgeErrorCode;
  message: string;
  /** Field-level problems for invalid-request. */
  issues?: Array<{ path: string; message: string }>;
  retryAfterMs?: number;
}

/** An error a handler throws to send a typed failure to the renderer. */
export class BridgeError extends Error implements BridgeErrorShape {
  constructor(
    public code: BridgeErrorCode,
    message: string,
    public issues?: Array<{ path: string; message: string }>,
    public retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'BridgeError';
  }
  /** Plain object for the wire. */
  toShape(): BridgeErrorShape {
    return { code: this.code, message: this.message, issues: this.issues, retryAfterMs: this.retryAfterMs };
  }
}
