// Interfaces between the host-independent services (this folder) and the two hosts (electron/main and
// electron/browser-host). Services never import `electron`; whatever differs per host comes in a HostPlatform.
import type { Readable } from 'node:stream';
import type { CallHandlers, EventName, EventPayload } from '../../shared/bridge/contract';
import type { VaultInfo } from '../../shared/bridge/calls/session';

/** What the vault stores: the user token and the Page tokens from /me/accounts. Never leaves the host. */
export interface StoredCredentials {
  userId: string;
  mode: 'facebook' | 'token' | 'demo';
  userToken: string;
  /** Epoch ms or null when the token does not expire. */
  expiresAt: number | null;
  pageTokens: Record<string, string>;
  /** Graph base URL the token belongs to (a sandbox token is useless against Meta and vice versa). */
  graphBaseUrl: string;
}

/** Keeps credentials at rest: safeStorage in Electron, a 0600 file in the browser host. */
export interface TokenVault {
  info(): VaultInfo;
  load(): Promise<StoredCredentials | null>;
  save(credentials: StoredCredentials): Promise<void>;
  clear(): Promise<void>;
}

/** A small typed persistent key-value store (electron-store in Electron, a JSON file in the browser host). */
export interface KeyValueStore<T extends object> {
  get<K extends keyof T>(key: K): T[K];
  set<K extends keyof T>(key: K, value: T[K]): void;
  delete<K extends keyof T>(key: K): void;
}

/** Everything a host provides to the services. */
export interface HostPlatform {
  kind: 'electron' | 'browser';
  /** The app's private data folder (settings, vault file, media cache). */
  dataDir: string;
  appVersion: string;
  versions: { electron?: string; chrome?: string; node: string };
  env: Record<string, string | undefined>;
  /** Persistent store for settings and small host state. */
  store: KeyValueStore<Record<string, unknown>>;
  vault: TokenVault;
  /** Pushes an event to the renderer(s). */
  emit<K extends EventName>(name: K, payload: EventPayload<K>): void;
  /** Opens an already allow-listed URL in the system browser; false when this host cannot. */
  openExternal(url: string): Promise<boolean>;
  /** Shows a desktop notification; false when this host leaves that to the page. */
  notify(n: { title: string; body: string; conversationId?: string; commentId?: string }): boolean;
  /** Sets the app badge / tray count; false when this host leaves that to the page. */
  setBadge(count: number): boolean;
  /**
   * Electron only: opens the login window at `url` and resolves with the first URL for which `isDone` is true
   * (the login_success.html redirect), or null when the user closed the window. Absent in the browser host,
   * where the page opens the dialog itself and calls session/login-complete.
   */
  runLoginWindow?(url: string, isDone: (url: string) => boolean): Promise<string | null>;
  /**
   * Asks the user a yes/no question in UI the renderer cannot script (Electron: a native message box on the main
   * window); resolves true only for an explicit "yes". Absent in the browser host: there is no such UI, so what needs
   * it (changing where tokens go) is possible only from the command line / environment.
   */
  confirm?(question: {
    title: string;
    message: string;
    detail: string;
    confirmLabel: string;
  }): Promise<boolean>;
  /**
   * Electron only: asks where to save an export (a native save dialog); resolves with the chosen path, or null when
   * the user cancelled. Absent in the browser host, which offers the finished archive as a download instead.
   */
  chooseExportPath?(suggestedName: string): Promise<string | null>;
  /** Where a browser-host login dialog should redirect back to (browser host only). */
  loginRedirectUri?: string;
}

/** A request for cached media: the stable key, the latest upstream URL, which variant. */
export interface MediaRequest {
  key: string;
  url: string;
  variant: 'thumb' | 'full';
  /** The HTTP Range header, if any (videos seek with it). */
  range?: string;
}

/** What the media cache answers; hosts turn it into an HTTP or protocol response. */
export interface MediaResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | Readable | null;
}

/** Bounded LRU of pictures and videos on disk. */
export interface MediaCacheService {
  serve(req: MediaRequest): Promise<MediaResponse>;
  stats(): { bytes: number; entries: number; maxBytes: number; hits: number; misses: number };
  /** The files cached for one account (its media keys start with its id) and their bytes. */
  accountStats(accountId: string): { entries: number; bytes: number };
  /** Deletes every cached file, or only those of `accountId`; resolves with the bytes freed once on disk. */
  clear(accountId?: string): Promise<number>;
  /**
   * Puts the cached file of `key` (the original, else its thumbnail) at `dest` (a new path), for an export; null
   * when neither is cached. Never downloads.
   */
  exportFile(
    key: string,
    dest: string,
  ): Promise<{ variant: 'full' | 'thumb'; mime: string; size: number } | null>;
  setMaxBytes(maxBytes: number): void;
  close(): Promise<void>;
}

/** What `createHostCore` returns to a host: the call handlers plus the media cache for its media route. */
export interface HostCore {
  handlers: CallHandlers;
  media: MediaCacheService;
  /** Finished exports waiting for their one-time download (the browser host's download route). */
  exports?: ExportDownloads;
  dispose(): Promise<void>;
}

/** A finished export the browser host hands out once. */
export interface ExportDownloads {
  /** The archive of `exportId` if `ticket` is its download ticket; spends the ticket (at most one download). */
  take(
    exportId: string,
    ticket: string,
  ): { path: string; fileName: string; size: number; done(): void } | null;
}
