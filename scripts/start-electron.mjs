#!/usr/bin/env node
// `npm start`: builds Duet and runs it in Electron. On machines where the Electron binary could not be downloaded
// (like our build machines) it explains that in one paragraph and points at the browser host instead — no stack
// trace. The binary is looked up without `require('electron')`, which would try to download it (and print the
// failure) as a side effect.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The message `npm start` prints when there is no Electron binary. */
export const NO_ELECTRON_MESSAGE = [
  'Duet cannot start as a desktop app here: the Electron binary is not installed on this machine (it is downloaded',
  'from GitHub when Electron is installed, and that download failed or was not possible). Run `npm run start:browser`',
  'to use the same app in your browser instead. On a machine where downloads work, install the binary with',
  '`node node_modules/electron/install.js` (or `npx install-electron`), then run `npm start` again.',
].join(' ');

/**
 * Finds the Electron executable the way node_modules/electron/index.js does (path.txt + dist/, or
 * ELECTRON_OVERRIDE_DIST_PATH) but never downloads; returns null when there is none.
 * @param {{ electronDir: string, env: Record<string, string | undefined>, exists: (p: string) => boolean, read: (p: string) => string }} io
 * @returns {string | null}
 */
export function findElectronBinary(io) {
  let relative = '';
  const pathFile = join(io.electronDir, 'path.txt');
  if (io.exists(pathFile)) {
    try {
      relative = io.read(pathFile).trim();
    } catch {
      relative = '';
    }
  }
  const override = io.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const candidate = join(override, relative || 'electron');
    return io.exists(candidate) ? candidate : null;
  }
  if (!relative) return null;
  const candidate = join(io.electronDir, 'dist', relative);
  return io.exists(candidate) ? candidate : null;
}

/**
 * What `npm start` does: run Electron on the built app, or explain why it cannot.
 * @param {string | null} binary
 * @returns {{ action: 'run', binary: string, args: string[] } | { action: 'explain', message: string, exitCode: number }}
 */
export function decideStart(binary) {
  if (!binary) return { action: 'explain', message: NO_ELECTRON_MESSAGE, exitCode: 1 };
  // `.` (not dist-electron/main.mjs): Electron then reads package.json (name Duet, main dist-electron/main.mjs), so
  // the app is called Duet and keeps its data in Duet's own userData folder.
  return { action: 'run', binary, args: ['.'] };
}

/** The real lookup for this checkout. */
export function electronBinaryHere() {
  return findElectronBinary({
    electronDir: join(root, 'node_modules', 'electron'),
    env: process.env,
    exists: existsSync,
    read: (p) => readFileSync(p, 'utf8'),
  });
}

function main() {
  const decision = decideStart(electronBinaryHere());
  if (decision.action === 'explain') {
    console.error(decision.message);
    process.exit(decision.exitCode);
  }
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const build = spawnSync(npm, ['run', 'build'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const child = spawn(decision.binary, decision.args, { cwd: root, stdio: 'inherit' });
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
  for (const sig of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(sig, () => child.kill(sig));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
