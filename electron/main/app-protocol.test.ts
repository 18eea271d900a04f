import { join, resolve, sep } from 'node:path';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RENDERER_CSP } from '../../shared/security/csp';
import { createAppProtocolHandler, resolveAppPath } from './app-protocol';

const root = resolve('/opt/duet/dist/renderer');

describe('resolveAppPath', () => {
  it('maps app URLs to files inside the renderer folder', () => {
    expect(resolveAppPath(root, 'app://duet/index.html')).toBe(`${root}${sep}index.html`);
    expect(resolveAppPath(root, 'app://duet/assets/index-Dx1.js?v=1#x')).toBe(
      `${root}${sep}assets${sep}index-Dx1.js`,
    );
    expect(resolveAppPath(root, 'app://duet/assets/a%20b.png')).toBe(`${root}${sep}assets${sep}a b.png`);
  });

  it('serves index.html for the bare origin', () => {
    expect(resolveAppPath(root, 'app://duet/')).toBe(`${root}${sep}index.html`);
    expect(resolveAppPath(root, 'app://duet')).toBe(`${root}${sep}index.html`);
  });

  it.each([
    ['parent segments', 'app://duet/../../etc/passwd'],
    ['parent segment in the middle', 'app://duet/assets/../../secret'],
    ['encoded dots', 'app://duet/%2e%2e/%2e%2e/etc/passwd'],
    ['mixed-case encoded dots', 'app://duet/%2E%2e/secret'],
    ['half-encoded dots', 'app://duet/.%2e/secret'],
    ['encoded slash', 'app://duet/..%2f..%2fetc%2fpasswd'],
    ['encoded slash inside a name', 'app://duet/assets%2F..%2F..%2Fsecret'],
    ['backslashes', 'app://duet/..\\..\\windows\\win.ini'],
    ['encoded backslashes', 'app://duet/..%5c..%5cwindows%5cwin.ini'],
    ['drive letter', 'app://duet/C:/Windows/win.ini'],
    ['encoded drive letter', 'app://duet/C%3A%2FWindows%2Fwin.ini'],
    ['NUL byte', 'app://duet/index.html%00.png'],
    ['broken escape', 'app://duet/%E0%A4%A'],
    ['an absolute file path', '/etc/passwd'],
    ['a file URL', 'file:///etc/passwd'],
    ['another app host', 'app://evil/index.html'],
    ['a web URL', 'https://duet/index.html'],
  ])('rejects %s', (_label, url) => {
    expect(resolveAppPath(root, url)).toBeNull();
  });
});

describe('app protocol handler', () => {
  const files: Record<string, string> = {
    [`${root}${sep}index.html`]: '<!doctype html><title>Duet</title>',
    [`${root}${sep}assets${sep}app.js`]: 'console.log(1)',
  };
  const readFile = vi.fn(async (p: string) => {
    const text = files[p];
    if (text === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    return Buffer.from(text);
  });
  // No real folder here: paths are their own real paths (the symlink tests below use a real one).
  const handle = createAppProtocolHandler({ root, readFile, realpath: async (p: string) => p });

  it('serves index.html with the strict CSP and the right content type', async () => {
    const res = await handle(new Request('app://duet/index.html'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect(res.headers.get('content-security-policy')).not.toMatch(/unsafe-eval|unsafe-inline/);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<title>Duet</title>');
  });

  it('serves scripts as JavaScript', async () => {
    const res = await handle(new Request('app://duet/assets/app.js'));
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it('answers 404 for a missing file', async () => {
    expect((await handle(new Request('app://duet/nope.js'))).status).toBe(404);
  });

  it('never reads outside the renderer folder, whatever the request URL says', async () => {
    readFile.mockClear();
    // Request() folds plain and %2e dot segments itself: what is left resolves inside the root (and is not found).
    expect((await handle(new Request('app://duet/%2e%2e/%2e%2e/etc/passwd'))).status).toBe(404);
    // Encoded slashes and backslashes survive URL parsing and must be refused outright.
    const raw = (url: string) => ({ method: 'GET', url, headers: new Headers() }) as unknown as Request;
    expect((await handle(raw('app://duet/..%2f..%2fetc%2fpasswd'))).status).toBe(400);
    expect((await handle(raw('app://duet/..\\..\\etc\\passwd'))).status).toBe(400);
    expect((await handle(raw('app://duet/../../etc/passwd'))).status).toBe(400);
    for (const [path] of readFile.mock.calls) expect(path.startsWith(`${root}${sep}`)).toBe(true);
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await handle(new Request('app://duet/index.html', { method: 'POST', body: 'x' }))).status).toBe(
      405,
    );
  });
});

describe('app protocol handler on a real folder with symlinks', () => {
  // A renderer folder with a file, a symlink to a file outside it, a symlinked folder pointing outside, and a
  // symlink that stays inside (allowed: it is still the renderer's own file).
  let base: string;
  let handle: (request: Request) => Promise<Response>;
  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'duet-app-'));
    const rootDir = join(base, 'renderer');
    const outside = join(base, 'secret');
    mkdirSync(join(rootDir, 'assets'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(rootDir, 'index.html'), '<!doctype html><title>Duet</title>');
    writeFileSync(join(rootDir, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(outside, 'token.txt'), 'SECRET-TOKEN');
    symlinkSync(join(outside, 'token.txt'), join(rootDir, 'leak.txt'));
    symlinkSync(outside, join(rootDir, 'linked-dir'));
    symlinkSync(join(rootDir, 'assets', 'app.js'), join(rootDir, 'alias.js'));
    handle = createAppProtocolHandler({ root: rootDir });
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('serves the real files of the folder, and symlinks that stay inside it', async () => {
    expect(await (await handle(new Request('app://duet/index.html'))).text()).toContain(
      '<title>Duet</title>',
    );
    expect(await (await handle(new Request('app://duet/alias.js'))).text()).toBe('console.log(1)');
  });

  it.each(['app://duet/leak.txt', 'app://duet/linked-dir/token.txt'])(
    'refuses %s, a symlink out of the folder',
    async (url) => {
      const res = await handle(new Request(url));
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('SECRET-TOKEN');
    },
  );
});
