import { describe, expect, it } from 'vitest';
import { BridgeError } from '../../../shared/bridge/contract';
import type { KeyValueStore } from '../types';
import { createSettingsService, DEFAULT_SETTINGS } from './settings';

function memoryStore(
  init: Record<string, unknown> = {},
): KeyValueStore<Record<string, unknown>> & { data: Record<string, unknown> } {
  const data = { ...init };
  return { data, get: (k) => data[k], set: (k, v) => void (data[k] = v), delete: (k) => void delete data[k] };
}

describe('settings service', () => {
  it('starts from Meta defaults', () => {
    const s = createSettingsService({ store: memoryStore(), env: {} }).get();
    expect(s).toMatchObject({
      graphBaseUrl: 'https://graph.facebook.com',
      apiVersion: 'v27.0',
      loginDialogUrl: 'https://www.facebook.com',
      appId: '',
      tokenBrokerUrl: '',
    });
    expect(s.overridden).toEqual([]);
  });

  it('applies env overrides, lists them, and refuses to change them', () => {
    const env = {
      DUET_GRAPH_URL: 'http://127.0.0.1:9999',
      DUET_API_VERSION: 'v24.0',
      DUET_APP_ID: '42',
      DUET_LOGIN_URL: 'http://127.0.0.1:9999',
      DUET_TOKEN_BROKER_URL: 'https://broker.example/exchange',
    };
    const svc = createSettingsService({
      store: memoryStore({ settings: { graphBaseUrl: 'https://other.example' } }),
      env,
    });
    const s = svc.get();
    expect(s.graphBaseUrl).toBe('http://127.0.0.1:9999');
    expect(s.apiVersion).toBe('v24.0');
    expect(s.appId).toBe('42');
    expect(s.tokenBrokerUrl).toBe('https://broker.example/exchange');
    expect(s.overridden.sort()).toEqual([
      'apiVersion',
      'appId',
      'graphBaseUrl',
      'loginDialogUrl',
      'tokenBrokerUrl',
    ]);
    expect(() => svc.set({ graphBaseUrl: 'https://x.example' })).toThrow(BridgeError);
    // Other keys still change.
    expect(svc.set({ theme: 'dark' }).theme).toBe('dark');
  });

  it('ignores an invalid env value instead of failing', () => {
    const lines: string[] = [];
    const s = createSettingsService({
      store: memoryStore(),
      env: { DUET_API_VERSION: '25' },
      log: (l) => lines.push(l),
    }).get();
    expect(s.apiVersion).toBe(DEFAULT_SETTINGS.apiVersion);
    expect(lines.join()).toMatch(/DUET_API_VERSION/);
  });

  it('persists a patch, validates it, and emits the new settings', () => {
    const store = memoryStore();
    const seen: string[] = [];
    const svc = createSettingsService({ store, env: {}, onChange: (s) => seen.push(s.theme) });
    svc.set({ theme: 'light', mediaCacheMaxMb: 200 });
    expect(store.data.settings).toEqual({ theme: 'light', mediaCacheMaxMb: 200 });
    expect(seen).toEqual(['light']);
    expect(() => svc.set({ mediaCacheMaxMb: 1 })).toThrow(/mediaCacheMaxMb/);
    // A fresh service over the same store reads it back; a corrupt stored value falls back to its default.
    store.data.settings = { ...(store.data.settings as object), apiVersion: 'banana' };
    const again = createSettingsService({ store, env: {} }).get();
    expect(again.theme).toBe('light');
    expect(again.apiVersion).toBe('v27.0');
  });

  it('session overrides (demo) win but are not persisted', () => {
    const store = memoryStore();
    const svc = createSettingsService({ store, env: {} });
    svc.setSessionOverrides({
      graphBaseUrl: 'http://127.0.0.1:1234',
      loginDialogUrl: 'http://127.0.0.1:1234',
    });
    expect(svc.get().graphBaseUrl).toBe('http://127.0.0.1:1234');
    expect(svc.get().overridden).toContain('graphBaseUrl');
    expect(store.data.settings).toBeUndefined();
    svc.setSessionOverrides(null);
    expect(svc.get().graphBaseUrl).toBe('https://graph.facebook.com');
  });
});

describe('where tokens go', () => {
  it.each(['graphBaseUrl', 'loginDialogUrl', 'tokenBrokerUrl'] as const)(
    'refuses a plain-http, non-loopback %s and keeps the old value',
    (key) => {
      const store = memoryStore();
      const svc = createSettingsService({ store, env: {} });
      expect(() => svc.set({ [key]: 'http://collector.example/steal' })).toThrow(BridgeError);
      expect(svc.get()[key]).toBe(DEFAULT_SETTINGS[key]);
      expect(store.data.settings).toBeUndefined();
    },
  );

  it('stores endpoints normalized (no trailing slash, lower-case host)', () => {
    const svc = createSettingsService({ store: memoryStore(), env: {} });
    expect(svc.set({ tokenBrokerUrl: 'https://Broker.Example/exchange/' }).tokenBrokerUrl).toBe(
      'https://broker.example/exchange',
    );
  });

  it('ignores an unsafe endpoint in the settings file or the environment', () => {
    const lines: string[] = [];
    const svc = createSettingsService({
      store: memoryStore({ settings: { tokenBrokerUrl: 'http://collector.example/steal' } }),
      env: { DUET_GRAPH_URL: 'http://collector.example' },
      log: (l) => lines.push(l),
    });
    expect(svc.get().tokenBrokerUrl).toBe('');
    expect(svc.get().graphBaseUrl).toBe('https://graph.facebook.com');
    expect(lines.join('\n')).toMatch(/DUET_GRAPH_URL/);
  });

  it('lists which endpoints a patch would change (unchanged values and other keys are not listed)', () => {
    const svc = createSettingsService({
      store: memoryStore(),
      env: { DUET_LOGIN_URL: 'http://127.0.0.1:5' },
    });
    expect(
      svc.endpointChanges({
        graphBaseUrl: 'https://graph.facebook.com/',
        tokenBrokerUrl: 'https://broker.example',
        theme: 'dark',
      }),
    ).toEqual([{ key: 'tokenBrokerUrl', from: '', to: 'https://broker.example' }]);
  });
});
