// Auto-update with electron-updater: a check a while after the window shows (packaged builds only) and one from the
// menu ("Check for Updates…"). electron-updater downloads in the background and verifies the file (sha512 from
// latest*.yml on every OS; the code signature on macOS and Windows); Duet never restarts without the user's
// "Restart to Update". Everything Electron-specific is injected, so the tests drive it with a fake updater.
import { updateFeedProblem, type UpdateFeedProblem } from '../../shared/security/update-feed';

/** The part of electron-updater's `autoUpdater` Duet uses (a fake EventEmitter in tests). */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowDowngrade: boolean;
  allowPrerelease: boolean;
  logger: { info(m?: unknown): void; warn(m?: unknown): void; error(m?: unknown): void } | null;
  on(
    event: 'update-available' | 'update-not-available' | 'update-downloaded',
    listener: (info: { version: string }) => void,
  ): unknown;
  on(event: 'download-progress', listener: (progress: { percent: number }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  checkForUpdates(): Promise<{ downloadPromise?: Promise<unknown> | null } | null>;
  quitAndInstall(): void;
}

/** A message box Duet shows (Electron's dialog.showMessageBox options, minus the window). */
export interface UpdateMessage {
  type: 'info' | 'warning';
  message: string;
  detail: string;
  buttons: string[];
  defaultId: number;
  cancelId: number;
}

/** What setupUpdater needs from Electron and the app. */
export interface UpdaterDeps {
  /** electron-updater's `autoUpdater`; called only when updates are on (its first access builds the updater). */
  updater: () => UpdaterLike;
  /** `app.isPackaged`: dev, unpackaged and e2e runs never check. */
  enabled: boolean;
  appVersion: string;
  /** The text of the app-update.yml electron-builder wrote into the package (rejects when there is none). */
  readFeedConfig: () => Promise<string>;
  /** Shows a message box and resolves with the index of the button pressed. */
  ask: (message: UpdateMessage) => Promise<number>;
  /** A system notification (for a download the user didn't ask for). */
  notify: (title: string, body: string) => void;
  /** Download progress 0…1 on the window's taskbar/dock icon; null clears it. */
  setProgress: (fraction: number | null) => void;
  log: (line: string) => void;
  /** Runs the start check later (a timer in the app, immediate in tests). */
  schedule: (fn: () => void, ms: number) => void;
}

/** What the app calls: the once-per-run start check and the menu's check. */
export interface UpdaterControl {
  /** Schedules the start check; only the first call counts. */
  checkOnStart(): void;
  /** "Check for Updates…": always answers the user (up to date, downloading, ready, not set up, or an error). */
  checkNow(): Promise<void>;
}

/** Wait after the window shows before the start check, so it never competes with the first sync. */
const START_CHECK_DELAY_MS = 10_000;

/**
 * electron-updater settings: download in the background, install on quit once downloaded, never a downgrade (even
 * if the feed's latest*.yml names an older version), and prereleases only for a build that is itself a prerelease
 * (its feed channel, e.g. beta.yml, says so; a stable build reads latest.yml only).
 */
export function updaterSettings(
  version: string,
): Pick<UpdaterLike, 'autoDownload' | 'autoInstallOnAppQuit' | 'allowDowngrade' | 'allowPrerelease'> {
  return {
    autoDownload: true,
    autoInstallOnAppQuit: true,
    allowDowngrade: false,
    allowPrerelease: /^\d+\.\d+\.\d+-/.test(version),
  };
}

/** The feed `url:` of an app-update.yml (electron-builder writes one `key: value` per line), or null. */
export function feedUrlOf(appUpdateYml: string): string | null {
  const match = /^url:[ \t]*(['"]?)([^'"\r\n]*)\1[ \t]*$/m.exec(appUpdateYml);
  return match?.[2]?.trim() || null;
}

const NOT_SET_UP: Record<UpdateFeedProblem | 'unpackaged', string> = {
  unpackaged: 'it is not an installed release (development or test run)',
  missing: 'it was built without an update address',
  placeholder: 'it was built without an update address',
  invalid: 'its update address is not valid',
  'not-https': 'its update address is not https',
  credentials: 'its update address contains a password',
  'meta-host': 'its update address is not a Duet server',
};

function info(message: string, detail: string): UpdateMessage {
  return { type: 'info', message, detail, buttons: ['OK'], defaultId: 0, cancelId: 0 };
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? '').slice(0, 200);
}

/** Plain words for what went wrong, by electron-updater's error code. */
function errorDetail(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_UPDATER_INVALID_SIGNATURE' || code === 'ERR_CHECKSUM_MISMATCH')
    return 'The downloaded update did not pass its integrity check, so Duet did not install it and keeps this version. Try again later; if it keeps happening, download Duet again from its website.';
  return `Duet couldn't reach its update server (${firstLine(error)}). Check your internet connection and try again with Check for Updates… in the menu.`;
}

/** Wires electron-updater's events to Duet's update flow and returns the two ways to check. */
export function setupUpdater(deps: UpdaterDeps): UpdaterControl {
  let updater: UpdaterLike | null = null;
  let startScheduled = false;
  /** The user asked during the current check/download: every outcome gets a message. */
  let userAsked = false;
  let checking: Promise<void> | null = null;
  let downloaded: string | null = null;
  let restartPromptOpen = false;
  const log = (line: string) => deps.log(`[duet] updates: ${line}`);

  async function feedProblem(): Promise<UpdateFeedProblem | 'unpackaged' | null> {
    if (!deps.enabled) return 'unpackaged';
    const yml = await deps.readFeedConfig().catch(() => null);
    return updateFeedProblem(yml === null ? null : feedUrlOf(yml));
  }

  async function promptRestart(version: string): Promise<void> {
    if (restartPromptOpen) return;
    restartPromptOpen = true;
    try {
      const answer = await deps.ask({
        type: 'info',
        message: `Duet ${version} is ready to install`,
        detail:
          'Restart Duet to finish updating. Replies waiting in your outbox are kept and will be sent after the ' +
          'restart. If you choose Later, the update is installed the next time you quit Duet.',
        buttons: ['Restart to Update', 'Later'],
        defaultId: 0,
        cancelId: 1,
      });
      if (answer === 0) {
        log(`restarting to install ${version}`);
        updater?.quitAndInstall();
      } else {
        log(`${version} will be installed on quit`);
      }
    } finally {
      restartPromptOpen = false;
    }
  }

  function build(): UpdaterLike {
    if (updater) return updater;
    const u = deps.updater();
    Object.assign(u, updaterSettings(deps.appVersion));
    u.logger = {
      info: (m) => log(String(m)),
      warn: (m) => log(String(m)),
      error: (m) => log(String(m)),
    };
    u.on('update-available', (i) => {
      log(`${i.version} available, downloading`);
      if (userAsked) {
        void deps.ask(
          info(
            `Duet ${i.version} is available`,
            'It is downloading now. Duet will ask you before it restarts.',
          ),
        );
      } else {
        deps.notify(
          'Update available — downloading',
          `Duet ${i.version} is downloading. Duet will ask before it restarts.`,
        );
      }
    });
    u.on('download-progress', (p) => deps.setProgress(p.percent / 100));
    u.on('update-not-available', () => {
      if (userAsked)
        void deps.ask(info("You're up to date", `Duet ${deps.appVersion} is the newest version.`));
      userAsked = false;
    });
    u.on('update-downloaded', (i) => {
      deps.setProgress(null);
      downloaded = i.version;
      userAsked = false;
      void promptRestart(i.version);
    });
    u.on('error', (error) => {
      deps.setProgress(null);
      log(`check or download failed: ${firstLine(error)}`);
      if (userAsked) {
        void deps.ask({ ...info("Duet couldn't check for updates", errorDetail(error)), type: 'warning' });
      }
      userAsked = false;
    });
    updater = u;
    return u;
  }

  async function notSetUp(reason: string): Promise<void> {
    log(`not checking for updates: ${reason}`);
    if (!userAsked) return;
    userAsked = false;
    await deps.ask(
      info(
        "This copy of Duet can't update itself",
        `Duet can't check for updates because ${reason}. Download new versions from where you got Duet.`,
      ),
    );
  }

  async function check(): Promise<void> {
    const problem = await feedProblem();
    if (problem) return notSetUp(NOT_SET_UP[problem]);
    const u = build();
    try {
      const result = await u.checkForUpdates();
      // null: electron-updater declined without an event (e.g. an AppImage build not run as an AppImage).
      if (result === null) return notSetUp('this kind of installation does not support automatic updates');
      // electron-updater reports download failures as 'error' events too; the promise must not go unhandled.
      result.downloadPromise?.catch(() => undefined);
    } catch {
      // Already reported through the 'error' event.
    }
  }

  function run(): Promise<void> {
    checking ??= check().finally(() => (checking = null));
    return checking;
  }

  return {
    checkOnStart() {
      if (startScheduled) return;
      startScheduled = true;
      deps.schedule(() => void run(), START_CHECK_DELAY_MS);
    },
    async checkNow() {
      if (downloaded) return promptRestart(downloaded);
      userAsked = true;
      await run();
    },
  };
}
