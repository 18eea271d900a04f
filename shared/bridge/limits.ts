// Limits of bridge calls that the renderer needs as plain numbers (no zod here: the renderer's first download
// imports this module; the calls' schemas in calls/*.ts import the same constants).

/** Most conversations one inbox/messages-batch call takes (a poll page of each platform: 2 × Meta's page limit). */
export const MAX_MESSAGES_BATCH = 200;

/** Most posts and media one comments/threads call takes (Meta's batch limit: one Graph batch request per call). */
export const MAX_COMMENT_THREADS = 50;

/**
 * Longest public comment reply Duet sends: Instagram captions and comments stop at 2,200 characters
 * (https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-media); Facebook takes
 * more, but one limit for both keeps the reply box honest on either network.
 */
export const MAX_COMMENT_REPLY_LENGTH = 2200;

/**
 * Largest bridge request body, in UTF-8 bytes: the browser host refuses a longer one with 413
 * (electron/browser-host/http.ts). Calls that carry bulk data (export/append) size their chunks below it.
 */
export const MAX_BRIDGE_BODY_BYTES = 1024 * 1024;
