// The packaging config is data, so it is tested as data: valid against electron-builder's own JSON schema, the
// fuses and targets the security review relies on, and the files it points at exist.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { UPDATE_FEED_PLACEHOLDER, updateFeedProblem } from '../../shared/security/update-feed';
import { UPDATE_URL_MACRO } from '../../scripts/dist';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('../../', import.meta.url));
// js-yaml ships with electron-builder (no types installed); Ajv is the validator electron-builder itself uses.
const yaml = require('js-yaml') as { load(text: string): unknown };
const Ajv = require('ajv') as new (o: object) => {
  compile(s: object): ((d: unknown) => boolean) & { errors?: unknown[] | null };
};

type Config = Record<string, unknown> & {
  electronFuses: Record<string, boolean>;
  files: string[];
  linux: { target: string[]; category: string };
  mac: { target: string[]; hardenedRuntime: boolean; entitlements: string; entitlementsInherit: string };
  win: { target: string[]; verifyUpdateCodeSignature?: boolean };
  publish: { provider: string; url: string } | Array<{ provider: string; url: string }>;
};
const config = yaml.load(readFileSync(`${root}electron-builder.yml`, 'utf8')) as Config;

function pngSize(path: string): { width: number; height: number } {
  const png = readFileSync(path);
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('electron-builder.yml', () => {
  it("validates against electron-builder's schema (app-builder-lib/scheme.json)", () => {
    const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const ok = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    // Compiling electron-builder's ~300 kB schema takes seconds on a busy machine.
  }, 60_000);

  it('identifies the app and packs it into an asar', () => {
    expect(config).toMatchObject({ appId: 'app.duet.desktop', productName: 'Duet', asar: true });
    expect(config.files).toEqual(expect.arrayContaining(['dist/**/*', 'dist-electron/**/*', 'package.json']));
  });

  it('flips the security fuses at package time', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('builds AppImage + deb (Network), a hardened-runtime dmg (+ the zip updates come from) and an NSIS installer', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.linux.category).toBe('Network');
    // dmg for people to install; the zip is what Squirrel.Mac installs an update from (latest-mac.yml lists it).
    expect(config.mac.target).toEqual(['dmg', 'zip']);
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.win.target).toEqual(['nsis']);
  });

  it('publishes updates to one generic https feed whose address comes from DUET_UPDATE_URL at build time', () => {
    expect(Array.isArray(config.publish)).toBe(false);
    const publish = config.publish as { provider: string; url: string };
    expect(publish.provider).toBe('generic');
    expect(publish.url).toBe(UPDATE_URL_MACRO);
    // What `npm run dist` puts there when nobody set DUET_UPDATE_URL: https, and refused by the app (no check).
    expect(updateFeedProblem(publish.url.replace(UPDATE_URL_MACRO, UPDATE_FEED_PLACEHOLDER))).toBe(
      'placeholder',
    );
  });

  it('keeps every update verification electron-updater offers switched on', () => {
    // Windows: the downloaded installer's Authenticode publisher must match the signing certificate's.
    expect(config.win.verifyUpdateCodeSignature).not.toBe(false);
    const text = readFileSync(`${root}electron-builder.yml`, 'utf8');
    expect(text).not.toMatch(/allowDowngrade|verifyUpdateCodeSignature:\s*false|forceDevUpdateConfig/);
  });

  it('points at entitlements that exist and grant nothing beyond the JIT', () => {
    for (const path of [config.mac.entitlements, config.mac.entitlementsInherit]) {
      expect(existsSync(`${root}${path}`)).toBe(true);
      const plist = readFileSync(`${root}${path}`, 'utf8');
      expect(plist).toContain('com.apple.security.cs.allow-jit');
      expect(plist).not.toMatch(
        /<key>com\.apple\.security\.cs\.(disable-library-validation|allow-dyld-environment-variables|allow-unsigned-executable-memory)<\/key>/,
      );
    }
  });

  it('has a 1024 px app icon and its SVG source', () => {
    expect(pngSize(`${root}build/icon.png`)).toEqual({ width: 1024, height: 1024 });
    expect(readFileSync(`${root}build/icon.svg`, 'utf8')).toContain('<svg');
  });

  it("uses package.json's main, which must be the file Vite builds for the main process", () => {
    const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { main: string };
    const viteConfig = readFileSync(`${root}vite.electron.config.ts`, 'utf8');
    const mainFile = /preload \? 'preload\.cjs' : '([^']+)'/.exec(viteConfig)?.[1];
    expect(pkg.main).toBe(`dist-electron/${mainFile}`);
  });
});
