// settings/*: the user-editable settings, and the endpoints that decide where Duet sends tokens.
import { z } from 'zod';
import { call, event } from '../define';
import { checkEndpointUrl } from '../../security/endpoint-url';

/**
 * An address Duet sends tokens to (Graph API, login dialog, token broker): checked by `checkEndpointUrl` (https,
 * plain http only to loopback, no credentials, query or fragment) and normalized, wherever it comes from.
 */
const endpointUrl = z
  .string()
  .max(2048)
  .transform((value, ctx) => {
    const r = checkEndpointUrl(value);
    if (r.ok) return r.url;
    ctx.addIssue({ code: 'custom', message: r.reason });
    return z.NEVER;
  });

/** The user-editable settings. Environment overrides win and are listed in `overridden`. */
export const Settings = z.object({
  graphBaseUrl: endpointUrl,
  apiVersion: z.string().regex(/^v\d+\.\d+$/, 'API version looks like v25.0'),
  loginDialogUrl: endpointUrl,
  appId: z.string(),
  /** Empty: no broker (the short-lived token from Facebook Login is kept). */
  tokenBrokerUrl: z.literal('').or(endpointUrl),
  theme: z.enum(['system', 'light', 'dark']),
  markSeen: z.boolean(),
  /** Desktop notifications for new messages. */
  notifications: z.boolean(),
  /** Desktop notifications for new comments (off by default: comments come in far more often). */
  commentNotifications: z.boolean(),
  /** What the app badge (dock, taskbar, tray) and the window title count: unread messages, new comments. */
  badgeMessages: z.boolean(),
  badgeComments: z.boolean(),
  mediaCacheMaxMb: z.number().int().min(50).max(20_000),
  selectedAccountId: z.string().optional(),
  /** Keys whose value comes from an environment variable and cannot be changed here. */
  overridden: z.array(z.string()),
});
export type Settings = z.infer<typeof Settings>;

export { ENDPOINT_KEYS, ENDPOINT_SOURCES, type EndpointKey } from '../endpoints';

/** A partial update of the settings (unknown keys rejected). */
export const SettingsPatch = Settings.omit({ overridden: true }).partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

export const settingsCalls = {
  'settings/get': call({
    summary: 'Reads the settings.',
    request: z.object({}).strict(),
    response: Settings,
  }),
  'settings/set': call({ summary: 'Updates some settings.', request: SettingsPatch, response: Settings }),
} as const;

export const settingsEvents = {
  'settings/changed': event({ summary: 'The settings changed.', payload: Settings }),
} as const;
