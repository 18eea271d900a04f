// The settings service: stored user settings + environment overrides + session-only overrides (demo mode).
import { BridgeError } from '../../../shared/bridge/contract';
import {
  ENDPOINT_KEYS,
  Settings,
  SettingsPatch,
  type EndpointKey,
} from '../../../shared/bridge/calls/settings';
import type { KeyValueStore } from '../types';

type Editable = Omit<Settings, 'overridden'>;
type EditableKey = keyof Editable;

/** Defaults for a fresh install: Meta's production hosts and the current Graph API version. */
export const DEFAULT_SETTINGS: Editable = {
  graphBaseUrl: 'https://graph.facebook.com',
  apiVersion: 'v27.0',
  loginDialogUrl: 'https://www.facebook.com',
  appId: '',
  tokenBrokerUrl: '',
  theme: 'system',
  markSeen: true,
  notifications: true,
  commentNotifications: false,
  badgeMessages: true,
  badgeComments: true,
  mediaCacheMaxMb: 1024,
};

export { ENDPOINT_KEYS, ENDPOINT_SOURCES, type EndpointKey } from '../../../shared/bridge/calls/settings';

/** Environment variables that override a setting (automation, tests, the sandbox). */
const ENV_OVERRIDES: Record<string, EditableKey> = {
  DUET_GRAPH_URL: 'graphBaseUrl',
  DUET_API_VERSION: 'apiVersion',
  DUET_LOGIN_URL: 'loginDialogUrl',
  DUET_APP_ID: 'appId',
  DUET_TOKEN_BROKER_URL: 'tokenBrokerUrl',
};

const STORE_KEY = 'settings';

/** An endpoint a patch would change, with its current and its new (normalized) value. */
export interface EndpointChange {
  key: EndpointKey;
  from: string;
  to: string;
}

/** Reads, updates and overrides settings; see `createSettingsService`. */
export interface SettingsService {
  /** The effective settings (stored, then env overrides, then session overrides). */
  get(): Settings;
  /** Applies a patch to the stored settings; overridden keys are refused. Emits through `onChange`. */
  set(patch: SettingsPatch): Settings;
  /** Session-only overrides (demo mode points Graph/login at the sandbox without persisting it); null clears. */
  setSessionOverrides(
    values: Partial<Pick<Editable, 'graphBaseUrl' | 'loginDialogUrl' | 'apiVersion' | 'appId'>> | null,
  ): void;
  /** True while session overrides are active (demo). */
  hasSessionOverrides(): boolean;
  /** The endpoints `patch` would really change (normalized values compared; overridden keys left out). */
  endpointChanges(patch: SettingsPatch): EndpointChange[];
}

/** Options for `createSettingsService`. */
export interface SettingsServiceOptions {
  store: KeyValueStore<Record<string, unknown>>;
  env: Record<string, string | undefined>;
  onChange?: (settings: Settings) => void;
  /** Writes a log line (invalid env values are reported, not fatal). */
  log?: (line: string) => void;
  /**
   * False where endpoints are set only at start-up (the browser host): stored values of ENDPOINT_KEYS are ignored, so
   * one left in the settings file (by an older version that let the page set them) cannot redirect tokens.
   */
  endpointsFromStore?: boolean;
}

/** Keeps only the stored values that are still valid (a bad value falls back to its default). */
function readStored(raw: unknown, endpoints = true): Partial<Editable> {
  if (!raw || typeof raw !== 'object') return {};
  const out: Record<string, unknown> = {};
  const shape = Settings.shape as Record<
    string,
    { safeParse(v: unknown): { success: boolean; data?: unknown } }
  >;
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (k === 'overridden' || !(k in shape)) continue;
    if (!endpoints && (ENDPOINT_KEYS as readonly string[]).includes(k)) continue;
    const r = shape[k]!.safeParse(v);
    if (r.success) out[k] = r.data;
  }
  return out as Partial<Editable>;
}

/** Creates the settings service over a host's key-value store. */
export function createSettingsService(opts: SettingsServiceOptions): SettingsService {
  const envValues: Partial<Record<EditableKey, unknown>> = {};
  const shape = Settings.shape as Record<
    string,
    { safeParse(v: unknown): { success: boolean; data?: unknown } }
  >;
  for (const [name, key] of Object.entries(ENV_OVERRIDES)) {
    const v = opts.env[name];
    if (v === undefined || v === '') continue;
    const r = shape[key]!.safeParse(v.trim());
    if (r.success) envValues[key] = r.data;
    else opts.log?.(`settings: ignoring invalid ${name}`);
  }
  let session: Partial<Editable> | null = null;
  const stored = () => readStored(opts.store.get(STORE_KEY), opts.endpointsFromStore ?? true);

  function get(): Settings {
    const merged = { ...DEFAULT_SETTINGS, ...stored(), ...envValues, ...(session ?? {}) } as Editable;
    const overridden = [...new Set([...Object.keys(envValues), ...Object.keys(session ?? {})])];
    return { ...merged, overridden };
  }

  return {
    get,
    set(patch) {
      const parsed = SettingsPatch.safeParse(patch);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => ({
          path: i.path.join('.') || '(root)',
          message: i.message,
        }));
        throw new BridgeError(
          'invalid-request',
          issues.map((i) => `${i.path}: ${i.message}`).join('; '),
          issues,
        );
      }
      const current = get();
      const blocked = Object.keys(parsed.data).filter(
        (k) =>
          current.overridden.includes(k) &&
          (parsed.data as Record<string, unknown>)[k] !== (current as Record<string, unknown>)[k],
      );
      if (blocked.length) {
        throw new BridgeError(
          'invalid-request',
          `${blocked.join(', ')} ${blocked.length > 1 ? 'are' : 'is'} set by the environment or the demo session and cannot be changed here.`,
          blocked.map((path) => ({ path, message: 'Overridden' })),
        );
      }
      const next: Record<string, unknown> = { ...stored() };
      for (const [k, v] of Object.entries(parsed.data)) {
        if (current.overridden.includes(k)) continue;
        if (v === undefined) delete next[k];
        else next[k] = v;
      }
      opts.store.set(STORE_KEY, next);
      const s = get();
      opts.onChange?.(s);
      return s;
    },
    setSessionOverrides(values) {
      session = values ? { ...values } : null;
      opts.onChange?.(get());
    },
    hasSessionOverrides: () => session !== null,
    endpointChanges(patch) {
      const parsed = SettingsPatch.safeParse(patch);
      if (!parsed.success) return [];
      const current = get();
      const out: EndpointChange[] = [];
      for (const key of ENDPOINT_KEYS) {
        const to = parsed.data[key];
        if (to === undefined || current.overridden.includes(key) || to === current[key]) continue;
        out.push({ key, from: current[key], to });
      }
      return out;
    },
  };
}
