// The update flow against a fake electron-updater (an EventEmitter with the methods Duet calls): when it checks,
// what the user is told, and that nothing restarts without the user's "Restart".
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { feedUrlOf, setupUpdater, updaterSettings, type UpdateMessage, type UpdaterLike } from './updater';

const FEED_YML =
  'provider: generic\nurl: https://updates.example.com/duet/\nupdaterCacheDirName: duet-updater\n';
const PLACEHOLDER_YML =
  'provider: generic\nurl: https://updates.duet.invalid/\nupdaterCacheDirName: duet-updater\n';

/** What the fake's next checkForUpdates does, like electron-updater: events first, then the promise settles. */
type Script = 'none' | 'available' | 'fail' | 'inactive';

class FakeUpdater extends EventEmitter implements UpdaterLike {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  allowDowngrade = true;
  allowPrerelease = true;
  logger: UpdaterLike['logger'] = null;
  next: Script = 'none';
  checks = 0;
  quitAndInstall = vi.fn();
  checkForUpdates = vi.fn(async () => {
    this.checks++;
    // electron-updater answers null without any event when it is inactive (e.g. an AppImage build run unpacked).
    if (this.next === 'inactive') return null;
    this.emit('checking-for-update');
    await Promise.resolve();
    if (this.next === 'fail') {
      const error = new Error('net::ERR_NAME_NOT_RESOLVED');
      this.emit('error', error);
      throw error;
    }
    if (this.next === 'none') {
      this.emit('update-not-available', { version: '1.2.0' });
      return { isUpdateAvailable: false };
    }
    this.emit('update-available', { version: '1.3.0' });
    const downloadPromise = (async () => {
      await Promise.resolve();
      this.emit('download-progress', { percent: 50 });
      this.emit('update-downloaded', { version: '1.3.0' });
      return ['/tmp/update'];
    })();
    return { isUpdateAvailable: true, downloadPromise };
  });
}

function setup(
  options: { packaged?: boolean; yml?: string | null; answer?: number; fake?: FakeUpdater } = {},
) {
  const fake = options.fake ?? new FakeUpdater();
  const messages: UpdateMessage[] = [];
  const notes: Array<{ title: string; body: string }> = [];
  const log = vi.fn<(line: string) => void>();
  const setProgress = vi.fn<(fraction: number | null) => void>();
  const created = vi.fn(() => fake);
  const updates = setupUpdater({
    updater: created,
    enabled: options.packaged ?? true,
    appVersion: '1.2.0',
    readFeedConfig: async () => {
      if (options.yml === null) throw Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' });
      return options.yml ?? FEED_YML;
    },
    ask: async (m) => {
      messages.push(m);
      return options.answer ?? 1;
    },
    notify: (title, body) => notes.push({ title, body }),
    setProgress,
    log,
    schedule: (fn) => fn(),
  });
  return { fake, messages, notes, log, setProgress, created, updates };
}

const settle = () => new Promise((r) => setTimeout(r, 5));

describe('start check', () => {
  it('checks once when packaged, however often the window shows', async () => {
    const t = setup();
    t.updates.checkOnStart();
    t.updates.checkOnStart();
    await settle();
    expect(t.fake.checks).toBe(1);
    // Up to date after an automatic check: nothing shown.
    expect(t.messages).toEqual([]);
  });

  it('never checks (nor builds the updater) when not packaged: dev, unpackaged and test runs', async () => {
    const t = setup({ packaged: false });
    t.updates.checkOnStart();
    await settle();
    expect(t.created).not.toHaveBeenCalled();
    expect(t.messages).toEqual([]);
  });

  it('configures the updater: download in the background, no downgrade, prereleases only from a prerelease', async () => {
    const t = setup();
    t.updates.checkOnStart();
    await settle();
    expect(t.fake).toMatchObject({
      autoDownload: true,
      autoInstallOnAppQuit: true,
      allowDowngrade: false,
      allowPrerelease: false,
    });
    t.fake.logger!.info('Checking for update');
    expect(t.log).toHaveBeenCalledWith(expect.stringContaining('Checking for update'));
  });

  it('an error during the start check is logged, not shown', async () => {
    const fake = new FakeUpdater();
    fake.next = 'fail';
    const t = setup({ fake });
    t.updates.checkOnStart();
    await settle();
    expect(t.messages).toEqual([]);
    expect(t.log).toHaveBeenCalledWith(expect.stringMatching(/update.*ERR_NAME_NOT_RESOLVED/i));
  });

  it('no feed configured (placeholder or no app-update.yml): no check, no crash, one log line', async () => {
    for (const yml of [PLACEHOLDER_YML, null, 'provider: generic\n', 'url: http://updates.example.com/\n']) {
      const t = setup({ yml });
      t.updates.checkOnStart();
      await settle();
      expect(t.fake.checks).toBe(0);
      expect(t.messages).toEqual([]);
      expect(t.log).toHaveBeenCalledTimes(1);
      expect(t.log.mock.calls[0]![0]).toMatch(/not checking for updates/);
    }
  });

  it('an available update downloads with progress and a notification, then asks before restarting', async () => {
    const t = setup({ answer: 1 });
    t.fake.next = 'available';
    t.updates.checkOnStart();
    await settle();
    expect(t.notes).toEqual([
      { title: 'Update available — downloading', body: expect.stringContaining('1.3.0') },
    ]);
    expect(t.setProgress).toHaveBeenCalledWith(0.5);
    expect(t.setProgress).toHaveBeenLastCalledWith(null);
    expect(t.messages).toHaveLength(1);
    expect(t.messages[0]).toMatchObject({
      message: 'Duet 1.3.0 is ready to install',
      buttons: ['Restart to Update', 'Later'],
      defaultId: 0,
      cancelId: 1,
    });
    // Queued replies are durable (IndexedDB outbox); the dialog says so.
    expect(t.messages[0]!.detail).toMatch(/replies waiting in your outbox .* sent after the restart/i);
    // "Later": nothing restarts.
    expect(t.fake.quitAndInstall).not.toHaveBeenCalled();
  });
});

describe('Check for Updates… (user asked)', () => {
  it('says "You\'re up to date" with the version', async () => {
    const t = setup();
    await t.updates.checkNow();
    expect(t.fake.checks).toBe(1);
    expect(t.messages).toHaveLength(1);
    expect(t.messages[0]).toMatchObject({ message: "You're up to date", buttons: ['OK'] });
    expect(t.messages[0]!.detail).toContain('1.2.0');
  });

  it('an error shows a plain message saying what to do', async () => {
    const fake = new FakeUpdater();
    fake.next = 'fail';
    const t = setup({ fake });
    await t.updates.checkNow();
    expect(t.messages).toHaveLength(1);
    expect(t.messages[0]!.type).toBe('warning');
    expect(t.messages[0]!.message).toBe("Duet couldn't check for updates");
    expect(t.messages[0]!.detail).toMatch(/internet connection.*try again/i);
    expect(t.log).toHaveBeenCalled();
  });

  it('restarts only on "Restart to Update"', async () => {
    const t = setup({ answer: 0 });
    t.fake.next = 'available';
    await t.updates.checkNow();
    await settle();
    expect(t.messages.map((m) => m.message)).toEqual([
      'Duet 1.3.0 is available',
      'Duet 1.3.0 is ready to install',
    ]);
    expect(t.fake.quitAndInstall).toHaveBeenCalledTimes(1);
  });

  it('after "Later", asking again offers the downloaded update again instead of checking', async () => {
    const t = setup({ answer: 1 });
    t.fake.next = 'available';
    t.updates.checkOnStart();
    await settle();
    await t.updates.checkNow();
    expect(t.fake.checks).toBe(1);
    expect(t.messages.map((m) => m.message)).toEqual([
      'Duet 1.3.0 is ready to install',
      'Duet 1.3.0 is ready to install',
    ]);
    expect(t.fake.quitAndInstall).not.toHaveBeenCalled();
  });

  it('a click during the start check turns that check into an answered one (one check, one answer)', async () => {
    const t = setup();
    t.updates.checkOnStart();
    await t.updates.checkNow();
    await settle();
    expect(t.fake.checks).toBe(1);
    expect(t.messages.map((m) => m.message)).toEqual(["You're up to date"]);
  });

  it('when electron-updater itself declines to check (answers null), says so instead of staying silent', async () => {
    const t = setup();
    t.fake.next = 'inactive';
    await t.updates.checkNow();
    expect(t.fake.checks).toBe(1);
    expect(t.messages.map((m) => m.message)).toEqual(["This copy of Duet can't update itself"]);
  });

  it('without a feed, or unpackaged, says updates are not set up instead of failing', async () => {
    for (const t of [setup({ yml: PLACEHOLDER_YML }), setup({ packaged: false })]) {
      await t.updates.checkNow();
      expect(t.fake.checks).toBe(0);
      expect(t.messages).toHaveLength(1);
      expect(t.messages[0]!.message).toBe("This copy of Duet can't update itself");
    }
  });
});

describe('pure parts', () => {
  it.each([
    ['1.2.0', false],
    ['1.3.0-beta.1', true],
    ['0.1.0', false],
  ])('updaterSettings(%s) allows prereleases: %s, never a downgrade', (version, prerelease) => {
    expect(updaterSettings(version)).toEqual({
      autoDownload: true,
      autoInstallOnAppQuit: true,
      allowDowngrade: false,
      allowPrerelease: prerelease,
    });
  });

  it.each([
    [FEED_YML, 'https://updates.example.com/duet/'],
    ["provider: generic\nurl: 'https://a.example/x/'\n", 'https://a.example/x/'],
    ['provider: generic\nurl: "https://b.example/"\n', 'https://b.example/'],
    ['provider: generic\n', null],
    ['', null],
  ])('feedUrlOf reads the url of app-update.yml', (yml, url) => {
    expect(feedUrlOf(yml)).toBe(url);
  });
});
