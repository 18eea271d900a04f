// Types of scripts/start-electron.mjs for the TypeScript files that import it (its test, e2e/electron).

/** The message `npm start` prints when there is no Electron binary. */
export declare const NO_ELECTRON_MESSAGE: string;

/** Finds the Electron executable without downloading it; null when there is none. */
export declare function findElectronBinary(io: {
  electronDir: string;
  env: Record<string, string | undefined>;
  exists: (p: string) => boolean;
  read: (p: string) => string;
}): string | null;

/** What `npm start` does: run Electron on the built app, or explain why it cannot. */
export declare function decideStart(
  binary: string | null,
):
  | { action: 'run'; binary: string; args: string[] }
  | { action: 'explain'; message: string; exitCode: number };

/** The real lookup for this checkout. */
export declare function electronBinaryHere(): string | null;
