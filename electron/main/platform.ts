// The Electron HostPlatform: what the host-independent services (electron/services) get from Electron — a store,
// the safeStorage vault, events to the app windows, the system browser, notifications, the badge and the login
// window. Every Electron object comes in through ElectronPlatformDeps so this module is tested with fakes.
import { join } from 'node:path';
import type { EventName, EventPayload } from '../../shared/bridge/contract';
import type { HostPlatform, KeyValueStore, TokenVault } from '../services/types';
import { emitToWindows, type EventTarget } from './ipc';
import { isExternalLinkAllowed } from '../../shared/security/links';

/** The parts of an Electron Notification the platform uses. */
export interface NotificationLike {
  on(event: 'click' | 'close' | 'failed', listener: () => void): unknown;
  show(): void;
}

/** Electron objects and app services the platform is built from (index.ts passes the real ones). */
export interface ElectronPlatformDeps {
  appVersion: string;
  dataDir: string;
  versions: HostPlatform['versions'];
  env: Record<string, string | undefined>;
  store: KeyValueStore<Record<string, unknown>>;
  vault: TokenVault;
  /** All BrowserWindows (BrowserWindow.getAllWindows); events go to those showing the app origin. */
  windows(): readonly EventTarget[];
  /** Shows, restores and focuses the main window (creating it if needed). */
  focusMainWindow(): void;
  openExternal(url: string): Promise<void>;
  notification: {
    isSupported(): boolean;
    create(options: { title: string; body: string }): NotificationLike;
  };
  setBadgeCount(count: number): boolean;
  /** Sets the tray tooltip, when there is a tray. */
  setTrayTooltip?(text: string): void;
  runLoginWindow(url: string, isDone: (url: string) => boolean): Promise<string | null>;
  /** Electron's `dialog.showMessageBox`, bound to the main window (index.ts). */
  showMessageBox(options: {
    type: 'warning';
    title: string;
    message: string;
    detail: string;
    buttons: string[];
    defaultId: number;
    cancelId: number;
    noLink: boolean;
  }): Promise<{ response: number }>;
  /** Electron's `dialog.showSaveDialog`, bound to the main window (index.ts). */
  showSaveDialog?(options: {
    title: string;
    defaultPath: string;
    buttonLabel: string;
    filters: Array<{ name: string; extensions: string[] }>;
  }): Promise<{ canceled: boolean; filePath?: string }>;
  /** Where the save dialog starts (the user's Downloads folder). */
  downloadsDir?: string;
  log?: (line: string) => void;
}

/** Builds the Electron HostPlatform. */
export function createElectronPlatform(deps: ElectronPlatformDeps): HostPlatform {
  const log = deps.log ?? console.warn;
  // Electron drops click handlers of notifications that were garbage-collected; keep each until it is done.
  const live = new Set<NotificationLike>();

  const emit = <K extends EventName>(name: K, payload: EventPayload<K>) => {
    emitToWindows(deps.windows(), name, payload, log);
  };

  return {
    kind: 'electron',
    dataDir: deps.dataDir,
    appVersion: deps.appVersion,
    versions: deps.versions,
    env: deps.env,
    store: deps.store,
    vault: deps.vault,
    emit,
    async openExternal(url) {
      // Checked again here (services check too): this is the last step before the OS opens a URL.
      if (!isExternalLinkAllowed(url)) return false;
      try {
        await deps.openExternal(url);
        return true;
      } catch {
        return false;
      }
    },
    notify({ title, body, conversationId, commentId }) {
      if (!deps.notification.isSupported()) return false;
      const n = deps.notification.create({ title, body });
      live.add(n);
      n.on('click', () => {
        deps.focusMainWindow();
        emit('app/notification-clicked', commentId !== undefined ? { commentId } : { conversationId });
        live.delete(n);
      });
      n.on('close', () => live.delete(n));
      n.on('failed', () => live.delete(n));
      n.show();
      return true;
    },
    setBadge(count) {
      const n = Math.max(0, Math.floor(count));
      deps.setBadgeCount(n);
      deps.setTrayTooltip?.(n > 0 ? `Duet — ${n} unread` : 'Duet');
      return true;
    },
    runLoginWindow: (url, isDone) => deps.runLoginWindow(url, isDone),
    async confirm({ title, message, detail, confirmLabel }) {
      // A native box in the main process: the renderer can neither draw it nor click it. Cancel is the default
      // (Enter / Esc keep things as they are).
      try {
        const { response } = await deps.showMessageBox({
          type: 'warning',
          title,
          message,
          detail,
          buttons: ['Cancel', confirmLabel],
          defaultId: 0,
          cancelId: 0,
          noLink: true,
        });
        return response === 1;
      } catch {
        return false;
      }
    },
    async chooseExportPath(suggestedName) {
      // A native dialog: the renderer cannot pick a path itself, so it can only ever write where the user chose.
      if (!deps.showSaveDialog) return null;
      const { canceled, filePath } = await deps.showSaveDialog({
        title: 'Save the export',
        defaultPath: join(deps.downloadsDir ?? deps.dataDir, suggestedName),
        buttonLabel: 'Save export',
        filters: [{ name: 'Zip archive', extensions: ['zip'] }],
      });
      if (canceled || !filePath) return null;
      return filePath.toLowerCase().endsWith('.zip') ? filePath : `${filePath}.zip`;
    },
  };
}

/** Wraps an electron-store instance as the services' KeyValueStore. */
export function storeAdapter(store: {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}): KeyValueStore<Record<string, unknown>> {
  return {
    get: (key) => store.get(String(key)),
    set: (key, value) => store.set(String(key), value),
    delete: (key) => store.delete(String(key)),
  };
}
