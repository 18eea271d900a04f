// The renderer's only door to its host. In Electron the preload exposes `window.duet`; in the browser host the
// same calls go over HTTP (POST /bridge/<call>) and events arrive over SSE (/events). No other renderer module
// knows which host it runs in.
import {
  type BridgeErrorShape,
  type CallName,
  type CallRequest,
  type CallResponse,
  type DuetApi,
  type EventName,
  type EventPayload,
} from '../../shared/bridge/contract';
import { type MediaRef } from '../../shared/models';
import { mediaQuery } from '../../shared/media-url';

declare global {
  interface Window {
    duet?: DuetApi;
  }
}

/** A failed bridge call, with the host's typed error code. */
export class BridgeCallError extends Error implements BridgeErrorShape {
  code: BridgeErrorShape['code'];
  issues?: BridgeErrorShape['issues'];
  retryAfterMs?: number;
  constructor(shape: BridgeErrorShape) {
    super(shape.message);
    this.name = 'BridgeCallError';
    this.code = shape.code;
    this.issues = shape.issues;
    this.retryAfterMs = shape.retryAfterMs;
  }
}

/** The bridge as the rest of the renderer uses it (also implemented by fakes in unit tests). */
export interface Bridge {
  kind: 'electron' | 'browser';
  invoke<K extends CallName>(name: K, req: CallRequest<K>): Promise<CallResponse<K>>;
  on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void;
  /** A URL the page can put in <img>/<video> for a cached picture or video. */
  mediaSrc(ref: MediaRef, variant: 'thumb' | 'full'): string;
  /**
   * Shows a desktop notification (Electron Notification, or the web Notification API in the browser host). A click
   * on it arrives, in both hosts, as the `app/notification-clicked` event.
   */
  notify(n: CallRequest<'app/notify'>): Promise<boolean>;
}

function isErrorShape(v: unknown): v is BridgeErrorShape {
  return typeof v === 'object' && v !== null && 'code' in v && 'message' in v;
}

function electronBridge(api: DuetApi): Bridge {
  return {
    kind: 'electron',
    async invoke(name, req) {
      try {
        return await api.invoke(name, req);
      } catch (error) {
        // ipcRenderer.invoke wraps thrown errors as "Error invoking remote method '…': Error: {json}".
        const text = error instanceof Error ? error.message : String(error);
        const json = text.slice(text.indexOf('{'));
        try {
          const parsed: unknown = JSON.parse(json);
          if (isErrorShape(parsed)) throw new BridgeCallError(parsed);
        } catch (inner) {
          if (inner instanceof BridgeCallError) throw inner;
        }
        throw new BridgeCallError({ code: 'internal', message: text });
      }
    },
    on: (name, listener) => api.on(name, listener),
    mediaSrc: (ref, variant) => `duet-media://media/?${mediaQuery(ref, variant)}`,
    async notify(n) {
      // Electron shows it; the click comes back as the app/notification-clicked event.
      return (await api.invoke('app/notify', n)).shown;
    },
  };
}

function browserBridge(): Bridge {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let source: EventSource | null = null;
  const ensureEvents = () => {
    if (source) return;
    source = new EventSource('./events');
    source.onmessage = (e: MessageEvent<string>) => {
      try {
        const { name, payload } = JSON.parse(e.data) as { name: string; payload: unknown };
        listeners.get(name)?.forEach((l) => l(payload));
      } catch {
        // A malformed event is ignored; the next state change brings a fresh one.
      }
    };
  };
  return {
    kind: 'browser',
    async invoke(name, req) {
      let res: Response;
      try {
        res = await fetch(`./bridge/${name}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-duet-bridge': '1' },
          body: JSON.stringify(req ?? {}),
          credentials: 'same-origin',
        });
      } catch {
        throw new BridgeCallError({ code: 'offline', message: 'Duet cannot reach its host process.' });
      }
      const body: unknown = await res.json().catch(() => null);
      if (!res.ok) {
        throw new BridgeCallError(
          isErrorShape(body) ? body : { code: 'internal', message: `HTTP ${res.status}` },
        );
      }
      return body as CallResponse<typeof name>;
    },
    on(name, listener) {
      ensureEvents();
      const set = listeners.get(name) ?? new Set();
      set.add(listener as (p: unknown) => void);
      listeners.set(name, set);
      return () => set.delete(listener as (p: unknown) => void);
    },
    mediaSrc: (ref, variant) => `./media?${mediaQuery(ref, variant)}`,
    async notify(n) {
      if (typeof Notification === 'undefined') return false;
      if (Notification.permission === 'default') await Notification.requestPermission();
      if (Notification.permission !== 'granted') return false;
      const notification = new Notification(n.title, { body: n.body, tag: n.commentId ?? n.conversationId });
      notification.onclick = () => {
        window.focus();
        // The same event Electron main sends for a click on its notification.
        const clicked: EventPayload<'app/notification-clicked'> =
          n.commentId !== undefined ? { commentId: n.commentId } : { conversationId: n.conversationId };
        listeners.get('app/notification-clicked')?.forEach((l) => l(clicked));
        notification.close();
      };
      return true;
    },
  };
}

/** Creates the bridge for the host the page runs in. */
export function createBridge(): Bridge {
  return window.duet ? electronBridge(window.duet) : browserBridge();
}

let current: Bridge | null = null;
/** The app-wide bridge (created on first use; tests pass their own to the modules that need one). */
export function getBridge(): Bridge {
  current ??= createBridge();
  return current;
}
