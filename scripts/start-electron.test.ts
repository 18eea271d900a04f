import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decideStart, findElectronBinary, NO_ELECTRON_MESSAGE } from './start-electron.mjs';

const dir = '/repo/node_modules/electron';

function io(files: Record<string, string>, env: Record<string, string | undefined> = {}) {
  return {
    electronDir: dir,
    env,
    exists: (p: string) => p in files,
    read: (p: string) => {
      if (!(p in files)) throw new Error('ENOENT');
      return files[p]!;
    },
  };
}

describe('findElectronBinary', () => {
  it('finds the downloaded binary through path.txt', () => {
    const files = { [join(dir, 'path.txt')]: 'electron\n', [join(dir, 'dist', 'electron')]: '' };
    expect(findElectronBinary(io(files))).toBe(join(dir, 'dist', 'electron'));
  });

  it('returns null when the download never happened (no path.txt)', () => {
    expect(findElectronBinary(io({}))).toBeNull();
  });

  it('returns null when path.txt exists but the binary is gone', () => {
    expect(findElectronBinary(io({ [join(dir, 'path.txt')]: 'electron' }))).toBeNull();
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH like electron itself', () => {
    const files = { '/opt/electron/electron': '' };
    expect(findElectronBinary(io(files, { ELECTRON_OVERRIDE_DIST_PATH: '/opt/electron' }))).toBe(
      '/opt/electron/electron',
    );
    expect(findElectronBinary(io({}, { ELECTRON_OVERRIDE_DIST_PATH: '/opt/electron' }))).toBeNull();
  });
});

describe('decideStart', () => {
  it('explains, names the browser-host command and exits 1 when there is no binary', () => {
    const d = decideStart(null);
    expect(d).toEqual({ action: 'explain', message: NO_ELECTRON_MESSAGE, exitCode: 1 });
    expect(NO_ELECTRON_MESSAGE).toContain('npm run start:browser');
    expect(NO_ELECTRON_MESSAGE).toContain('node node_modules/electron/install.js');
    expect(NO_ELECTRON_MESSAGE).not.toMatch(/\n/);
  });

  it('runs Electron on the app folder (package.json main) when the binary exists', () => {
    expect(decideStart('/x/electron')).toEqual({ action: 'run', binary: '/x/electron', args: ['.'] });
  });
});

describe('npm start on a machine without the Electron binary', () => {
  it('prints one paragraph naming start:browser, no stack trace, exit code 1', () => {
    // Point the lookup at a folder without Electron, so this runs the same on machines that do have the binary.
    const missing = join(fileURLToPath(new URL('.', import.meta.url)), 'no-electron-here');
    const script = fileURLToPath(new URL('./start-electron.mjs', import.meta.url));
    const run = spawnSync(process.execPath, [script], {
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: missing },
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim()).toBe(NO_ELECTRON_MESSAGE);
    expect(run.stderr).not.toMatch(/\bat .+:\d+:\d+/);
  });
});
