// app/*: what the shell needs from its host (about, external links, notifications, the badge).
import { z } from 'zod';
import { COMMAND_IDS } from '../../commands';
import { call, event } from '../define';

/** Facts about the running app, for the About and Diagnostics screens. */
export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  host: z.enum(['electron', 'browser']),
  platform: z.string(),
  versions: z.object({ electron: z.string().optional(), chrome: z.string().optional(), node: z.string() }),
  dataDir: z.string(),
  demo: z.boolean(),
});
export type AppInfo = z.infer<typeof AppInfo>;

/** What a notification is about: a conversation (a new message) or a comment (store ids). */
export const NotificationTarget = z.object({
  conversationId: z.string().max(300).optional(),
  commentId: z.string().max(300).optional(),
});

export const appCalls = {
  'app/info': call({
    summary: 'Name, version and host of the running app.',
    request: z.object({}).strict(),
    response: AppInfo,
  }),
  'app/open-external': call({
    summary: 'Opens an allow-listed https link in the system browser.',
    request: z.object({ url: z.string().max(4096) }).strict(),
    response: z.object({ opened: z.boolean(), reason: z.string().optional() }),
  }),
  'app/notify': call({
    summary:
      'Shows a desktop notification about a conversation or a comment (exactly one); clicking it emits app/notification-clicked with the same id.',
    request: NotificationTarget.extend({ title: z.string().max(200), body: z.string().max(500) })
      .strict()
      .refine((n) => (n.conversationId === undefined) !== (n.commentId === undefined), {
        message: 'A notification is about one conversation or one comment.',
      }),
    response: z.object({ shown: z.boolean() }),
  }),
  'app/set-badge': call({
    summary: 'Sets the unread count on the app badge / tray.',
    request: z.object({ count: z.number().int().min(0).max(1_000_000) }).strict(),
    response: z.object({ applied: z.boolean() }),
  }),
} as const;

export const appEvents = {
  'app/notification-clicked': event({
    summary: 'The user clicked a Duet notification (what it was about: a conversation or a comment).',
    payload: NotificationTarget,
  }),
  'app/command-chosen': event({
    summary: 'The user picked a command in the app menu (Electron only; shared/commands.ts lists them).',
    payload: z.object({ id: z.enum(COMMAND_IDS) }),
  }),
} as const;
