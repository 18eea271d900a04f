// The browser host's bridge shows desktop notifications with the web Notification API, and a click on one reaches
// the app as the same `app/notification-clicked` event Electron main sends, so the inbox opens that conversation in
// both hosts. jsdom has neither Notification nor EventSource: both are stand-ins that record what the bridge does.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBridge } from './bridge';

/** The web Notification API as the bridge uses it: permission, requestPermission, and shown notifications. */
class FakeNotification {
  static permission: NotificationPermission = 'granted';
  static answer: NotificationPermission = 'granted';
  static shown: FakeNotification[] = [];
  static requestPermission = vi.fn(async () => {
    FakeNotification.permission = FakeNotification.answer;
    return FakeNotification.answer;
  });
  onclick: (() => void) | null = null;
  closed = false;
  constructor(
    readonly title: string,
    readonly options: NotificationOptions,
  ) {
    FakeNotification.shown.push(this);
  }
  close() {
    this.closed = true;
  }
}

class FakeEventSource {
  onmessage: ((e: MessageEvent<string>) => void) | null = null;
  constructor(readonly url: string) {}
  close() {}
}

const message = {
  title: 'Ana Lima',
  body: 'Is the blue jacket still available?',
  conversationId: 'messenger:t_1',
};

beforeEach(() => {
  FakeNotification.permission = 'granted';
  FakeNotification.answer = 'granted';
  FakeNotification.shown = [];
  FakeNotification.requestPermission.mockClear();
  vi.stubGlobal('Notification', FakeNotification);
  vi.stubGlobal('EventSource', FakeEventSource);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('browser bridge notifications', () => {
  it('shows one per conversation and turns a click into app/notification-clicked, focusing the window', async () => {
    const bridge = createBridge();
    const clicked = vi.fn();
    bridge.on('app/notification-clicked', clicked);
    const focus = vi.spyOn(window, 'focus').mockImplementation(() => undefined);

    expect(await bridge.notify(message)).toBe(true);
    const [shown] = FakeNotification.shown;
    expect(shown).toMatchObject({ title: 'Ana Lima', options: { body: message.body, tag: 'messenger:t_1' } });
    expect(clicked).not.toHaveBeenCalled();

    shown!.onclick!();
    expect(clicked).toHaveBeenCalledExactlyOnceWith({ conversationId: 'messenger:t_1' });
    expect(focus).toHaveBeenCalled();
    expect(shown!.closed).toBe(true);
  });

  it('asks for permission the first time and shows nothing when the user says no', async () => {
    FakeNotification.permission = 'default';
    FakeNotification.answer = 'denied';
    const bridge = createBridge();
    expect(await bridge.notify(message)).toBe(false);
    expect(FakeNotification.requestPermission).toHaveBeenCalledOnce();
    expect(FakeNotification.shown).toEqual([]);
    // Denied stays denied: no second prompt.
    expect(await bridge.notify(message)).toBe(false);
    expect(FakeNotification.requestPermission).toHaveBeenCalledOnce();
  });

  it('shows it once the user allows notifications at the prompt', async () => {
    FakeNotification.permission = 'default';
    expect(await createBridge().notify(message)).toBe(true);
    expect(FakeNotification.shown).toHaveLength(1);
  });

  it('reports "not shown" where the web Notification API does not exist', async () => {
    vi.stubGlobal('Notification', undefined);
    expect(await createBridge().notify(message)).toBe(false);
  });
});
