// The bridge's call and event NAMES without their schemas, so the sandboxed preload can check names without
// bundling zod and every schema. The type-level checks below make drift from contract.ts a compile error.
import type { CallName, EventName } from './contract';

/** Every call name in the contract (same set as `callNames` in contract.ts). */
export const CALL_NAMES = [
  'app/info',
  'app/open-external',
  'app/notify',
  'app/set-badge',
  'settings/get',
  'settings/set',
  'session/get',
  'session/sign-in-demo',
  'session/sign-in-token',
  'session/login-start',
  'session/login-complete',
  'session/sign-out',
  'feed/list',
  'gallery/list',
  'gallery/stories',
  'sync/poll',
  'sync/usage',
  'inbox/conversations',
  'inbox/messages',
  'inbox/messages-batch',
  'inbox/send',
  'inbox/send-status',
  'inbox/mark-seen',
  'diagnostics/get',
  'media/clear-cache',
  'media/cache-stats',
  'publish/upload-begin',
  'publish/upload-chunk',
  'publish/upload-end',
  'publish/upload-discard',
  'publish/fb-photo',
  'publish/fb-post',
  'publish/fb-video-stage',
  'publish/fb-video',
  'publish/fb-video-status',
  'publish/fb-story',
  'publish/fb-stories',
  'publish/fb-post-get',
  'publish/fb-scheduled',
  'publish/fb-scheduled-update',
  'publish/fb-scheduled-cancel',
  'publish/ig-container',
  'publish/ig-container-status',
  'publish/ig-publish',
  'publish/ig-media-get',
  'publish/ig-quota',
  'comments/threads',
  'comments/act',
  'comments/lookup',
  'insights/account',
  'insights/demographics',
  'insights/items',
  'privacy/permissions',
  'privacy/revoke',
  'privacy/grant-again',
  'export/begin',
  'export/append',
  'export/add-media',
  'export/finish',
  'export/cancel',
] as const satisfies readonly CallName[];

/** Every event name in the contract (same set as `eventNames` in contract.ts). */
export const EVENT_NAMES = [
  'settings/changed',
  'app/notification-clicked',
  'app/command-chosen',
  'session/changed',
  'sync/usage-changed',
  'publish/upload-progress',
  'privacy/permissions-changed',
  'export/progress',
] as const satisfies readonly EventName[];

// If one of these lines fails to compile, a call or event was added to contract.ts: add its name above
// (the error message names the missing entries).
const _allCallsListed: [Exclude<CallName, (typeof CALL_NAMES)[number]>] extends [never]
  ? true
  : Exclude<CallName, (typeof CALL_NAMES)[number]> = true;
const _allEventsListed: [Exclude<EventName, (typeof EVENT_NAMES)[number]>] extends [never]
  ? true
  : Exclude<EventName, (typeof EVENT_NAMES)[number]> = true;
void _allCallsListed;
void _allEventsListed;
