// Meta's publishing limits as plain numbers, one place for the renderer's live validation, the bridge schemas, the
// host's checks and the sandbox (no zod here: the composer imports this module). Each figure names its source;
// figures Meta's own pages disagree on are marked, and the quota is never taken from here (it is read at run time
// from content_publishing_limit).

/** Instagram caption: 2,200 characters, 30 hashtags, 20 @mentions.
 *  https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media */
export const IG_CAPTION_MAX = 2200;
export const IG_HASHTAGS_MAX = 30;
export const IG_MENTIONS_MAX = 20;

/** A carousel has 2–10 children; it counts as one post toward the quota.
 *  https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media */
export const IG_CAROUSEL_MIN = 2;
export const IG_CAROUSEL_MAX = 10;

/** Alt text on Instagram images (since 24 Mar 2025); Meta gives no length: Duet caps it like a caption. */
export const IG_ALT_TEXT_MAX = 1000;

/** Image aspect ratio Instagram feed accepts: 4:5 to 1.91:1 (error subcode 2207009). */
export const IG_ASPECT_MIN = 4 / 5;
export const IG_ASPECT_MAX = 1.91;

/** At most 400 containers per Instagram account in a rolling 24 h; containers expire 24 h after creation. Every
 *  POST /{ig-user-id}/media makes one: each carousel child, the carousel itself, and a container made again after the
 *  first expired. Meta offers no read of this count (content_publishing_limit counts posts, not containers).
 *  https://developers.facebook.com/documentation/instagram-platform/instagram-graph-api/reference/ig-user/media.md */
export const IG_CONTAINERS_PER_DAY = 400;
export const IG_CONTAINER_TTL_MS = 24 * 3600_000;

/** The window Meta's daily publishing limits roll over: "in a 24 hour moving period" (IG media_publish reference,
 *  https://developers.facebook.com/documentation/instagram-platform/instagram-graph-api/reference/ig-user/media_publish ;
 *  FB reels "per 24 hours", the Reels Publishing guide below). */
export const PUBLISH_USAGE_WINDOW_MS = 24 * 3600_000;

/** Meta's refusal when an Instagram account reached a daily publishing limit: code 9, subcode 2207042, "You reached
 *  maximum number of posts that is allowed to be published by Content Publishing API" — "try again the following
 *  day". Meta's Error Codes page lists no separate code for the 400-container limit; this is the daily-limit one.
 *  https://developers.facebook.com/documentation/instagram-platform/instagram-graph-api/reference/error-codes */
export const IG_DAILY_LIMIT_SUBCODE = 2207042;
/** How long Duet waits before trying again after that refusal when its own record does not say when it frees up. */
export const IG_DAILY_LIMIT_RETRY_MS = 60 * 60_000;

/** Facebook Page photos: "less than 4 MB" (error subcode 1366046 above it).
 *  https://developers.facebook.com/docs/graph-api/reference/page/photos/ */
export const FB_PHOTO_MAX_BYTES = 4 * 1024 * 1024;

/** Facebook post text: 63,206 characters (the widely cited figure; unverified on a current Meta page). */
export const FB_MESSAGE_MAX = 63_206;

/** FB native scheduling window: 10 minutes to 30 days ahead (third-party client code; Meta's current sentence
 *  unverified — older docs said 6 months). Later than that, Duet schedules locally. */
export const FB_SCHEDULE_MIN_MS = 10 * 60_000;
export const FB_SCHEDULE_MAX_MS = 30 * 24 * 3600_000;

/** Facebook Reels: 30 API-published reels per Page per 24 h; 3–90 s long.
 *  https://developers.facebook.com/documentation/video-api/guides/reels-publishing */
export const FB_REELS_PER_DAY = 30;
export const FB_REEL_MIN_MS = 3_000;
export const FB_REEL_MAX_MS = 90_000;

/** Facebook video stories: at most 60 s. https://developers.facebook.com/docs/page-stories-api */
export const FB_VIDEO_STORY_MAX_MS = 60_000;

/** Largest video Duet uploads: 1 GB (IG reels' third-party figure, unverified; FB allows more). */
export const VIDEO_MAX_BYTES = 1024 * 1024 * 1024;

/** Media the host accepts for upload (sniffed from the bytes, never from the name). */
export const UPLOAD_IMAGE_TYPES = ['image/jpeg', 'image/png'] as const;
export const UPLOAD_VIDEO_TYPES = ['video/mp4', 'video/quicktime'] as const;

/** Bytes per `publish/upload-chunk` (base64 in the request: 512 KiB → ~683 KiB, under the bridge's 1 MiB body). */
export const UPLOAD_CHUNK_BYTES = 512 * 1024;
/** Most uploads open at once (a 10-item carousel for each of two posts). */
export const UPLOADS_OPEN_MAX = 20;
/** Most bytes all open uploads may hold together on disk. */
export const UPLOADS_TOTAL_MAX_BYTES = 2 * 1024 * 1024 * 1024;
/** An upload nobody touched for this long is deleted by the host. */
export const UPLOAD_IDLE_EXPIRY_MS = 60 * 60_000;
