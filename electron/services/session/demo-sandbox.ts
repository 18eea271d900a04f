// The embedded sandbox behind demo mode: started on demand, pointed at through session overrides of the settings,
// and stopped (overrides dropped) when the demo ends.
import type { SettingsService } from './settings';

/** A running embedded sandbox (demo mode). */
export interface DemoSandbox {
  url: string;
  close(): Promise<void>;
}

/** Starts and stops the one demo sandbox. */
export interface DemoSandboxSlot {
  /** Stops a running sandbox, starts a new one and points the settings at it. */
  start(): Promise<void>;
  stop(): Promise<void>;
  running(): boolean;
}

export function createDemoSandboxSlot(
  settings: SettingsService,
  startSandbox: () => Promise<DemoSandbox>,
): DemoSandboxSlot {
  let sandbox: DemoSandbox | null = null;

  async function stop() {
    if (!sandbox) return;
    const s = sandbox;
    sandbox = null;
    settings.setSessionOverrides(null);
    await s.close().catch(() => undefined);
  }

  return {
    async start() {
      await stop();
      const sb = await startSandbox();
      sandbox = sb;
      settings.setSessionOverrides({
        graphBaseUrl: sb.url,
        loginDialogUrl: sb.url,
        appId: settings.get().appId || 'duet-demo',
      });
    },
    stop,
    running: () => sandbox !== null,
  };
}
