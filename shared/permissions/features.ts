// What each Duet feature needs from Meta, written once: the permissions (granted in Facebook Login), the Page tasks
// the signed-in person must be able to do on the Page (from `/me/accounts?fields=tasks`), the Graph endpoints the
// feature calls, and words a user understands. Used by the sign-in scope list (shared/graph/permissions.ts), the
// Privacy & data panel, every "missing permission" message and the host's permission-error handling.
//
// API (small and stable; other features use only these):
//   FEATURES[id]                    → { label, network, permissions, tasks, endpoints, source }
//   FEATURE_IDS                     → every FeatureId, in display order
//   featuresNeeding(permission)     → the features that stop when `permission` is revoked
//   missingFor(id, granted)         → the permissions of `id` not in `granted` (empty = allowed)
//   needsSentence(id, missing?)     → "Reply to Instagram messages needs instagram_manage_messages."
//   isAllowed(id, granted)          → missingFor(id, granted).length === 0
//   refusedPermission(id, message)  → the permission of `id` Meta named when it refused a call (or undefined)
//   missingTasksFor(id, held)       → the tasks of `id` the person lacks on a Page (empty = allowed or unknown)
//   tasksSentence(id, tasks, page)  → "Reply to Instagram messages needs the Messaging task on Cafe. Ask a Page …"
//
// Permissions are granted (and granted again) through Facebook Login; Page tasks are not: they come with the
// person's role on the Page, which only a Page admin changes (Meta Business Suite → Settings → People).
//
// Permissions reference: https://developers.facebook.com/docs/permissions
// Page tasks: https://developers.facebook.com/docs/pages-api/overview#tasks (a person's tasks on a Page).

import { missingPermissionOf } from '../graph/errors';

/** Page tasks Meta lists for a person's role on a Page. */
export const PAGE_TASKS = [
  'MANAGE',
  'CREATE_CONTENT',
  'MODERATE',
  'MESSAGING',
  'ADVERTISE',
  'ANALYZE',
] as const;
/** One Page task. */
export type PageTask = (typeof PAGE_TASKS)[number];

/** A task in words (as Meta Business Suite names what a person can do on a Page). */
export const TASK_WORDS: { readonly [T in PageTask]: string } = {
  MANAGE: 'Manage',
  CREATE_CONTENT: 'Create content',
  MODERATE: 'Moderate',
  MESSAGING: 'Messaging',
  ADVERTISE: 'Advertise',
  ANALYZE: 'Analyze',
};

/** One feature's requirements. */
export interface FeatureNeeds {
  /** What the user can do, as a short phrase ("Reply to Instagram messages"). */
  label: string;
  network: 'facebook' | 'instagram' | 'both';
  /** Every permission the feature needs (all of them). */
  permissions: readonly string[];
  /** Page tasks of which the person needs at least one (empty: any role on the Page). */
  tasks: readonly PageTask[];
  /**
   * The Graph routes the feature calls, as the sandbox's route table spells them (`GET /{page}/feed`). A test runs
   * the host against the sandbox and fails when a call's route is in no feature, or needs a permission its feature
   * does not list (electron/services/permission-coverage.int.test.ts).
   */
  endpoints: readonly string[];
  /** Meta's page that documents the requirement. */
  source: string;
  /** True for features the app does not offer yet (listed so their permissions can be explained already). */
  coming?: boolean;
}

/** Every feature id. */
export const FEATURE_IDS = [
  'sign-in',
  'facebook-feed',
  'instagram-gallery',
  'instagram-stories',
  'messenger-read',
  'messenger-reply',
  'instagram-messages-read',
  'instagram-messages-reply',
  'facebook-publish',
  'instagram-publish',
  'facebook-comments-read',
  'facebook-comments-moderate',
  'instagram-comments',
  'facebook-private-replies',
  'instagram-private-replies',
  'facebook-insights',
  'instagram-insights',
] as const;
/** One feature id. */
export type FeatureId = (typeof FEATURE_IDS)[number];

const ANY_ROLE: readonly PageTask[] = [];

/** The one map (a missing or extra feature is a compile error). */
export const FEATURES: { readonly [K in FeatureId]: FeatureNeeds } = {
  'sign-in': {
    label: 'Sign in and list your Pages',
    network: 'both',
    // /me/accounts returns no Page without pages_show_list; Pages a business owns also need business_management.
    permissions: ['pages_show_list', 'business_management'],
    tasks: ANY_ROLE,
    endpoints: [
      'GET /{user}',
      'GET /{user}/accounts',
      'GET /{page}',
      '* /{user}/permissions',
      '* /{user}/permissions/{permission}',
      '* /debug_token',
    ],
    source: 'https://developers.facebook.com/docs/graph-api/reference/user/accounts/',
  },
  'facebook-feed': {
    label: 'Read the Page’s posts',
    network: 'facebook',
    // Posts by visitors (not the Page) need pages_read_user_content as well.
    permissions: ['pages_read_engagement', 'pages_read_user_content'],
    tasks: ['MANAGE', 'CREATE_CONTENT', 'MODERATE'],
    endpoints: ['GET /{page}/feed', 'GET /{post}'],
    source: 'https://developers.facebook.com/docs/graph-api/reference/page/feed/',
  },
  'instagram-gallery': {
    label: 'See your Instagram posts',
    network: 'instagram',
    permissions: ['instagram_basic', 'pages_read_engagement'],
    tasks: ANY_ROLE,
    endpoints: ['GET /{ig}', 'GET /{ig}/media', 'GET /{media}', 'GET /{media}/children'],
    source:
      'https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media',
  },
  'instagram-stories': {
    label: 'See your Instagram stories',
    network: 'instagram',
    permissions: ['instagram_basic', 'pages_read_engagement'],
    tasks: ANY_ROLE,
    endpoints: ['GET /{ig}/stories'],
    source:
      'https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/stories',
  },
  'messenger-read': {
    label: 'Read Messenger conversations',
    network: 'facebook',
    // Conversations API: pages_manage_metadata, pages_read_engagement and pages_messaging, MESSAGING task.
    permissions: ['pages_messaging', 'pages_manage_metadata', 'pages_read_engagement'],
    tasks: ['MESSAGING'],
    endpoints: [
      'GET /{page}/conversations',
      'GET /{conversation}',
      'GET /{conversation}/messages',
      'GET /{message}',
    ],
    source: 'https://developers.facebook.com/docs/messenger-platform/conversations',
  },
  'messenger-reply': {
    label: 'Reply to Messenger messages',
    network: 'facebook',
    permissions: ['pages_messaging'],
    tasks: ['MESSAGING'],
    endpoints: ['POST /{page}/messages'],
    source: 'https://developers.facebook.com/docs/messenger-platform/reference/send-api/',
  },
  'instagram-messages-read': {
    label: 'Read Instagram messages',
    network: 'instagram',
    permissions: ['instagram_basic', 'instagram_manage_messages', 'pages_manage_metadata'],
    tasks: ['MESSAGING'],
    endpoints: [
      'GET /{page}/conversations',
      'GET /{conversation}',
      'GET /{conversation}/messages',
      'GET /{message}',
    ],
    source: 'https://developers.facebook.com/docs/messenger-platform/instagram/features/conversations',
  },
  'instagram-messages-reply': {
    label: 'Reply to Instagram messages',
    network: 'instagram',
    permissions: ['instagram_basic', 'instagram_manage_messages'],
    tasks: ['MESSAGING'],
    endpoints: ['POST /{page}/messages', 'POST /{ig}/messages'],
    source: 'https://developers.facebook.com/docs/messenger-platform/instagram/features/send-message',
  },
  'facebook-publish': {
    label: 'Publish posts to the Page',
    network: 'facebook',
    permissions: ['pages_manage_posts', 'pages_read_engagement', 'pages_show_list'],
    tasks: ['CREATE_CONTENT'],
    endpoints: [
      // Posts and photos, and editing or deleting a (scheduled) post:
      // https://developers.facebook.com/docs/pages-api/posts
      'POST /{page}/feed',
      'POST /{page}/photos',
      'POST /{post}',
      'DELETE /{post}',
      // Natively scheduled posts: https://developers.facebook.com/docs/graph-api/reference/page/scheduled_posts/
      'GET /{page}/scheduled_posts',
      // Plain videos (start / transfer / finish): https://developers.facebook.com/docs/graph-api/reference/page/videos/
      'POST /{page}/videos',
      // Reels (start / finish phases) and their processing status:
      // https://developers.facebook.com/documentation/video-api/guides/reels-publishing
      'POST /{page}/video_reels',
      'GET /{video}',
      // Photo and video stories, and the Page's stories (reconciling a lost answer):
      // https://developers.facebook.com/docs/page-stories-api
      'POST /{page}/photo_stories',
      'POST /{page}/video_stories',
      'GET /{page}/stories',
    ],
    source: 'https://developers.facebook.com/docs/pages-api/posts',
  },
  'instagram-publish': {
    label: 'Publish to Instagram',
    network: 'instagram',
    // Also ads_read / ads_management when the Page role comes through Business Manager (not asked for by Duet).
    // pages_manage_posts: Instagram fetches an image only from a public address, so Duet uploads it first as an
    // unpublished Page photo and passes that photo's CDN address (https://developers.facebook.com/docs/graph-api/reference/photo/).
    permissions: [
      'instagram_basic',
      'instagram_content_publish',
      'pages_read_engagement',
      'pages_manage_posts',
    ],
    tasks: ['CREATE_CONTENT', 'MANAGE'],
    endpoints: [
      // Containers, their status, media_publish:
      // https://developers.facebook.com/documentation/instagram-platform/instagram-graph-api/reference/ig-container
      'POST /{ig}/media',
      'GET /{container}',
      'POST /{ig}/media_publish',
      // https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/content_publishing_limit/
      'GET /{ig}/content_publishing_limit',
      // The published media's address: https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-media
      'GET /{media}',
      // The image's unpublished Page photo and its CDN address (see above).
      'POST /{page}/photos',
      'GET /{photo}',
    ],
    source:
      'https://developers.facebook.com/documentation/instagram-platform/instagram-graph-api/reference/ig-container',
  },
  'facebook-comments-read': {
    label: 'Read comments on Page posts',
    network: 'facebook',
    permissions: ['pages_read_engagement', 'pages_read_user_content'],
    tasks: ['MODERATE'],
    endpoints: ['GET /{post}/comments', 'GET /{comment}'],
    source: 'https://developers.facebook.com/docs/graph-api/reference/object/comments/',
  },
  'facebook-comments-moderate': {
    label: 'Reply to, hide, delete and like Facebook comments',
    network: 'facebook',
    // Reading a comment's replies back (the lookup after an ambiguous reply) needs pages_read_engagement too.
    permissions: ['pages_manage_engagement', 'pages_read_user_content', 'pages_read_engagement'],
    tasks: ['MODERATE'],
    // Replies, hide/unhide, delete, like/unlike (Page token) and reading back their state for reconciliation:
    // https://developers.facebook.com/docs/graph-api/reference/comment/ ,
    // https://developers.facebook.com/docs/graph-api/reference/object/likes
    endpoints: [
      'POST /{post}/comments',
      'GET /{post}/comments',
      'POST /{comment}/comments',
      // The reply lookup after an ambiguous answer reads the thread root's replies.
      'GET /{comment}/comments',
      'POST /{comment}',
      'DELETE /{comment}',
      'GET /{comment}',
      'POST /{comment}/likes',
      'DELETE /{comment}/likes',
    ],
    source: 'https://developers.facebook.com/docs/pages-api/comments-mentions',
  },
  'instagram-comments': {
    label: 'Read, reply to and hide Instagram comments',
    network: 'instagram',
    permissions: ['instagram_basic', 'instagram_manage_comments', 'pages_read_engagement'],
    tasks: ['MODERATE', 'CREATE_CONTENT', 'MANAGE'],
    // Replies (top-level comments only), hide, delete, comments on/off, and the read-back of each.
    endpoints: [
      'GET /{media}/comments',
      'POST /{media}/comments',
      'GET /{comment}/replies',
      'POST /{comment}/replies',
      'POST /{comment}',
      'DELETE /{comment}',
      'GET /{comment}',
      'POST /{media}',
      'GET /{media}',
    ],
    source:
      'https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-comment/replies',
  },
  'facebook-private-replies': {
    label: 'Answer a Facebook comment privately in Messenger',
    network: 'facebook',
    permissions: ['pages_messaging'],
    tasks: ['MESSAGING'],
    endpoints: ['POST /{page}/messages'],
    source:
      'https://developers.facebook.com/documentation/business-messaging/messenger-platform/discovery/private-replies',
  },
  'instagram-private-replies': {
    label: 'Answer an Instagram comment privately',
    network: 'instagram',
    permissions: ['instagram_basic', 'instagram_manage_messages'],
    tasks: ['MESSAGING'],
    endpoints: ['POST /{page}/messages', 'POST /{ig}/messages'],
    source: 'https://developers.facebook.com/docs/messenger-platform/instagram/features/private-replies',
  },
  'facebook-insights': {
    label: 'See Page insights',
    network: 'facebook',
    permissions: ['read_insights', 'pages_read_engagement'],
    tasks: ['ANALYZE'],
    endpoints: [
      'GET /{page}/insights',
      'GET /{post}/insights',
      // A video post's numbers: https://developers.facebook.com/docs/graph-api/reference/video/video_insights
      'GET /{postvideo}/video_insights',
    ],
    source: 'https://developers.facebook.com/documentation/pages-api/platforminsights/page',
  },
  'instagram-insights': {
    label: 'See Instagram insights',
    network: 'instagram',
    permissions: ['instagram_basic', 'instagram_manage_insights', 'pages_read_engagement'],
    tasks: ['ANALYZE'],
    endpoints: ['GET /{ig}/insights', 'GET /{media}/insights'],
    source:
      'https://developers.facebook.com/documentation/instagram-platform/api-reference/instagram-user/insights/',
  },
};

/** Every permission some feature needs, in the order features first name them (deduplicated). */
export function allFeaturePermissions(): string[] {
  return [...new Set(FEATURE_IDS.flatMap((id) => FEATURES[id].permissions))];
}

/** The features that stop working when `permission` is not granted. */
export function featuresNeeding(permission: string): FeatureId[] {
  return FEATURE_IDS.filter((id) => FEATURES[id].permissions.includes(permission));
}

/** The permissions of feature `id` that are not in `granted`; empty when the feature is allowed. */
export function missingFor(id: FeatureId, granted: readonly string[]): string[] {
  return FEATURES[id].permissions.filter((p) => !granted.includes(p));
}

/** True when every permission feature `id` needs is granted. */
export function isAllowed(id: FeatureId, granted: readonly string[]): boolean {
  return missingFor(id, granted).length === 0;
}

/** "Reply to Instagram messages needs instagram_manage_messages." (only the missing ones when given). */
export function needsSentence(id: FeatureId, missing?: readonly string[]): string {
  const list = missing && missing.length > 0 ? missing : FEATURES[id].permissions;
  const words =
    list.length <= 1 ? (list[0] ?? '') : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
  return `${FEATURES[id].label} needs ${words}.`;
}

/**
 * The permission of feature `id` that Meta named when it refused a call (`message`: the host's or Meta's words of a
 * (#10)/(#200)–(#299) refusal, see shared/graph/errors.ts), or undefined. Only a permission the feature needs counts:
 * a message that merely mentions a word like "email" is not this feature's refusal.
 */
export function refusedPermission(id: FeatureId, message: string | undefined): string | undefined {
  const permission = message === undefined ? undefined : missingPermissionOf(message);
  return permission !== undefined && FEATURES[id].permissions.includes(permission) ? permission : undefined;
}

/**
 * The tasks of feature `id` of which the person holds none on a Page whose tasks are `held` (any one of them would
 * do); empty when the feature is allowed there, needs no task, or the Page's tasks are unknown (an empty list: a
 * Page token cannot read them, and nothing is assumed missing).
 */
export function missingTasksFor(id: FeatureId, held: readonly string[]): PageTask[] {
  const needs = FEATURES[id].tasks;
  if (needs.length === 0 || held.length === 0) return [];
  return needs.some((t) => held.includes(t)) ? [] : [...needs];
}

/**
 * "Reply to Instagram messages needs the Messaging task on Cafe. Ask a Page admin in Meta Business Suite to give it
 * to you." (`tasks`: the ones any of which would do, from missingTasksFor).
 */
export function tasksSentence(id: FeatureId, tasks: readonly PageTask[], pageName: string): string {
  const words = tasks.map((t) => TASK_WORDS[t]);
  const list =
    words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
  // A Page name may end with its own full stop ("Rivera Candle Co."): no second one after it.
  const page = pageName.endsWith('.') ? pageName : `${pageName}.`;
  return `${FEATURES[id].label} needs the ${list} task on ${page} Ask a Page admin in Meta Business Suite to give it to you.`;
}

/** True for a known feature id (ids arrive as strings from the bridge). */
export function isFeatureId(id: string): id is FeatureId {
  return (FEATURE_IDS as readonly string[]).includes(id);
}
