// publish/*: media uploads to the host, Facebook Page posts (feed, photos, videos, reels, stories, scheduled posts)
// and Instagram content publishing (containers, status, media_publish, quota). The host picks the Page token and
// talks to Meta; the renderer's publish queue decides what to do with each outcome. Every write answers a
// PublishOutcome, classified like the outbox's sends: a write that may have taken effect is `ambiguous`, never
// `retryable`, and the host never retries a publish call itself.
import { z } from 'zod';
import { call, event } from '../define';
import { GraphNodeId } from '../ids';
import {
  FB_MESSAGE_MAX,
  IG_ALT_TEXT_MAX,
  IG_CAPTION_MAX,
  IG_CAROUSEL_MAX,
  IG_CAROUSEL_MIN,
  UPLOAD_CHUNK_BYTES,
  VIDEO_MAX_BYTES,
} from '../../publish-limits';

/** A host-side upload (a temp file in the host's own folder): `up_` and 32 hex digits, minted by the host. */
export const UploadId = z.string().regex(/^up_[0-9a-f]{32}$/, 'This is not an upload id.');
/** A Page post id as Meta returns it: `{page-id}_{post-id}`. */
export const PagePostId = z.string().regex(/^\d{1,32}_\d{1,32}$/, 'This is not a Facebook post id.');

/** Base64 of at most UPLOAD_CHUNK_BYTES bytes. */
const chunkData = z
  .string()
  .min(1)
  .max(Math.ceil(UPLOAD_CHUNK_BYTES / 3) * 4)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'A chunk is base64.');

/** Epoch ms (local clock) a Facebook post is scheduled for; the host converts it to Meta's unix seconds. */
const scheduledAt = z.number().int().positive().max(8.64e15);

/** What the host found in an uploaded file (from its bytes, never from its name or declared type). */
export const UploadedMedia = z.object({
  uploadId: UploadId,
  kind: z.enum(['image', 'video']),
  /** Sniffed from the bytes: image/jpeg, image/png, video/mp4, video/quicktime. */
  mime: z.string(),
  bytes: z.number().int().nonnegative(),
  width: z.number().int().nonnegative(),
  height: z.number().int().nonnegative(),
  /** Videos: duration read from the container's header (mvhd). */
  durationMs: z.number().int().nonnegative().optional(),
});
export type UploadedMedia = z.infer<typeof UploadedMedia>;

/** Failure branches every publish outcome shares (see the header comment and inbox's SendOutcome). */
/** A staging write that may have made something at Meta's end (an Instagram container, which counts toward the
 *  400 a day) although it failed: the renderer's usage ledger counts it. */
const spent = z.literal(true).optional();
const Retryable = z.object({
  status: z.literal('retryable'),
  reason: z.string(),
  retryAfterMs: z.number().nonnegative(),
  spent,
  /** Meta refused for a daily publishing limit (9/2207042): wait for it to free up, never a failure. */
  limit: z.literal('ig-daily').optional(),
});
const Permanent = z.object({
  status: z.literal('permanent'),
  /** Plain words for the user (Meta's own message is in metaMessage). */
  reason: z.string(),
  /** The kind of failure (shared/graph/errors.ts GraphErrorKind, or `media`, `quota`, `not-found`). */
  code: z.string(),
  graphCode: z.number().int().optional(),
  graphSubcode: z.number().int().optional(),
  metaMessage: z.string().optional(),
  spent,
});
const Auth = z.object({ status: z.literal('auth'), reason: z.string() });
const Ambiguous = z.object({
  status: z.literal('ambiguous'),
  reason: z.string(),
  /** The id of what may have gone live, when the host knows it (a reel's video id): reconcile by reading it. */
  ref: z.string().optional(),
});

/** `ok` with the call's own fields, or one of the shared failure branches. */
function outcome<T extends z.ZodRawShape>(ok: T) {
  return z.discriminatedUnion('status', [
    z.object({ status: z.literal('ok'), ...ok }),
    Retryable,
    Permanent,
    Auth,
    Ambiguous,
  ]);
}
export const PublishFailure = z.discriminatedUnion('status', [Retryable, Permanent, Auth, Ambiguous]);
export type PublishFailure = z.infer<typeof PublishFailure>;

/** The state of an Instagram container (IG Container `status_code`). */
export const ContainerStatusCode = z.enum(['IN_PROGRESS', 'FINISHED', 'PUBLISHED', 'ERROR', 'EXPIRED']);
export type ContainerStatusCode = z.infer<typeof ContainerStatusCode>;

/**
 * A Facebook video's state from its `status` (video_status and the upload/processing/publishing phases): `staged`
 * (bytes in, no finish received yet: the finish may be sent), `processing` (finished, not live yet), `scheduled`,
 * `ready` (live) or `error`.
 */
export const VideoState = z.enum(['staged', 'processing', 'scheduled', 'ready', 'error']);

/** What Duet stages a Page video as: a plain video (`/videos`), a reel (`/video_reels`) or a story video
 *  (`/video_stories`). */
export const FbVideoAs = z.enum(['video', 'reel', 'story']);
/** A plain video's upload session (`upload_session_id`), which its finish names. */
const UploadSessionId = z.string().regex(/^\d{1,32}$/, 'This is not an upload session id.');

/** One Page story as `/{page}/stories` lists it (Page Stories API). */
export const PageStory = z.object({
  postId: z.string(),
  /** The photo or video the story was made from. */
  mediaId: z.string().optional(),
  status: z.string().optional(),
  createdTime: z.number().optional(),
});
export type PageStory = z.infer<typeof PageStory>;

/** A scheduled Page post, as `/{page}/scheduled_posts` lists it. */
export const ScheduledPost = z.object({
  postId: PagePostId,
  message: z.string().optional(),
  link: z.string().optional(),
  scheduledAt: z.number(),
});
export type ScheduledPost = z.infer<typeof ScheduledPost>;

const caption = z.string().max(IG_CAPTION_MAX, 'Instagram accepts at most 2,200 characters.');
const altText = z.string().max(IG_ALT_TEXT_MAX);
const fbMessage = z.string().max(FB_MESSAGE_MAX);

/** What an Instagram container is made of. Images come from an unpublished Page photo (publish/fb-photo): the host
 *  passes that photo's CDN address as image_url, because Instagram only fetches images from a public URL. Videos are
 *  uploaded by the host from the upload's temp file (resumable upload to rupload.facebook.com). */
export const IgContainerRequest = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('image'),
      accountId: GraphNodeId,
      photoId: GraphNodeId,
      caption: caption.optional(),
      altText: altText.optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('reel'),
      accountId: GraphNodeId,
      uploadId: UploadId,
      caption: caption.optional(),
    })
    .strict(),
  z.object({ kind: z.literal('story-image'), accountId: GraphNodeId, photoId: GraphNodeId }).strict(),
  z.object({ kind: z.literal('story-video'), accountId: GraphNodeId, uploadId: UploadId }).strict(),
  z
    .object({
      kind: z.literal('carousel-image'),
      accountId: GraphNodeId,
      photoId: GraphNodeId,
      altText: altText.optional(),
    })
    .strict(),
  z.object({ kind: z.literal('carousel-video'), accountId: GraphNodeId, uploadId: UploadId }).strict(),
  z
    .object({
      kind: z.literal('carousel'),
      accountId: GraphNodeId,
      children: z.array(GraphNodeId).min(IG_CAROUSEL_MIN).max(IG_CAROUSEL_MAX),
      caption: caption.optional(),
    })
    .strict(),
]);
export type IgContainerRequest = z.infer<typeof IgContainerRequest>;

const pageOnly = z.object({ accountId: GraphNodeId }).strict();
const ok = outcome({});

export const publishCalls = {
  // ── Media in: the renderer streams a file the user picked; it never passes a path. ──
  'publish/upload-begin': call({
    summary: 'Opens an upload (a temp file in the host folder) for a file of the given size; answers its id.',
    request: z
      .object({
        name: z.string().min(1).max(255),
        size: z.number().int().min(1).max(VIDEO_MAX_BYTES),
        declaredType: z.string().max(100),
      })
      .strict(),
    response: z.object({ uploadId: UploadId, chunkBytes: z.number().int().positive() }),
  }),
  'publish/upload-chunk': call({
    summary:
      'Appends one chunk (base64, at most chunkBytes) at the given offset; offsets must follow each other.',
    request: z
      .object({ uploadId: UploadId, offset: z.number().int().nonnegative(), data: chunkData })
      .strict(),
    response: z.object({ receivedBytes: z.number().int().nonnegative() }),
  }),
  'publish/upload-end': call({
    summary:
      'Closes an upload: checks its size and sniffs its content; a file that is not a supported image or video is refused and deleted.',
    request: z.object({ uploadId: UploadId }).strict(),
    response: UploadedMedia,
  }),
  'publish/upload-discard': call({
    summary: 'Deletes an upload and its temp file (idempotent).',
    request: z.object({ uploadId: UploadId }).strict(),
    response: z.object({ discarded: z.boolean() }),
  }),

  // ── Facebook Page ──
  'publish/fb-photo': call({
    summary:
      'Uploads a finished image upload to the Page as an unpublished photo (multipart); answers its photo id.',
    request: z.object({ accountId: GraphNodeId, uploadId: UploadId }).strict(),
    response: outcome({ photoId: GraphNodeId }),
  }),
  'publish/fb-post': call({
    summary:
      'Creates a Page post (text, link, attached unpublished photos), now or natively scheduled. Never retried by the host.',
    request: z
      .object({
        accountId: GraphNodeId,
        message: fbMessage.optional(),
        link: z.string().url().max(2000).optional(),
        photoIds: z.array(GraphNodeId).max(50).default([]),
        scheduledAt: scheduledAt.optional(),
      })
      .strict()
      .refine(
        (r) => !!r.message?.trim() || !!r.link || r.photoIds.length > 0,
        'A post needs text, a link or photos.',
      ),
    response: outcome({ postId: PagePostId }),
  }),
  'publish/fb-video-stage': call({
    summary:
      'Stages a finished video upload on the Page as a plain video, a reel or a story video (upload_phase=start, then the bytes): nothing goes live; answers the video id (and a plain video’s upload session), which the renderer writes down before the live finish.',
    request: z.object({ accountId: GraphNodeId, uploadId: UploadId, as: FbVideoAs }).strict(),
    response: outcome({ videoId: GraphNodeId, uploadSessionId: UploadSessionId.optional() }),
  }),
  'publish/fb-video': call({
    summary:
      'The finish of a staged plain video or reel (upload_phase=finish): publishes it, or schedules it natively with scheduledAt. The one live write; never retried by the host.',
    request: z
      .object({
        accountId: GraphNodeId,
        videoId: GraphNodeId,
        as: z.enum(['video', 'reel']),
        uploadSessionId: UploadSessionId.optional(),
        description: fbMessage.optional(),
        scheduledAt: scheduledAt.optional(),
      })
      .strict()
      .refine(
        (r) => r.as === 'reel' || !!r.uploadSessionId,
        'A plain video’s finish names its upload session.',
      ),
    response: outcome({ videoId: GraphNodeId }),
  }),
  'publish/fb-video-status': call({
    summary:
      "A Page video's or reel's state (`status`): staged but not finished, processing, scheduled, live (with its address) or failed.",
    request: z.object({ accountId: GraphNodeId, videoId: GraphNodeId }).strict(),
    response: outcome({
      state: VideoState,
      permalinkUrl: z.string().optional(),
      errorMessage: z.string().optional(),
    }),
  }),
  'publish/fb-story': call({
    summary:
      'Publishes a Page story from an unpublished photo or a staged story video (its finish). Never retried by the host.',
    request: z
      .object({
        accountId: GraphNodeId,
        photoId: GraphNodeId.optional(),
        videoId: GraphNodeId.optional(),
      })
      .strict()
      .refine((r) => (r.photoId ? 1 : 0) + (r.videoId ? 1 : 0) === 1, 'A story is one photo or one video.'),
    response: outcome({ postId: z.string() }),
  }),
  'publish/fb-stories': call({
    summary:
      "The Page's stories (`/{page}/stories`), newest first: reconciliation finds a story by the photo or video it was made from.",
    request: pageOnly,
    response: outcome({ stories: z.array(PageStory) }),
  }),
  'publish/fb-post-get': call({
    summary: 'Reads one Page post (reconciliation): whether it exists, is published, and its address.',
    request: z.object({ accountId: GraphNodeId, postId: PagePostId }).strict(),
    response: outcome({
      exists: z.boolean(),
      isPublished: z.boolean().optional(),
      permalinkUrl: z.string().optional(),
      createdTime: z.number().optional(),
    }),
  }),
  'publish/fb-scheduled': call({
    summary: "The Page's natively scheduled posts (`/{page}/scheduled_posts`), soonest first.",
    request: pageOnly,
    response: outcome({ posts: z.array(ScheduledPost) }),
  }),
  'publish/fb-scheduled-update': call({
    summary: 'Edits the text or the time of a scheduled Page post before it goes live.',
    request: z
      .object({
        accountId: GraphNodeId,
        postId: PagePostId,
        message: fbMessage.optional(),
        scheduledAt: scheduledAt.optional(),
      })
      .strict()
      .refine((r) => r.message !== undefined || r.scheduledAt !== undefined, 'Nothing to change.'),
    response: ok,
  }),
  'publish/fb-scheduled-cancel': call({
    summary: 'Deletes a scheduled Page post before it goes live.',
    request: z.object({ accountId: GraphNodeId, postId: PagePostId }).strict(),
    response: ok,
  }),

  // ── Instagram ──
  'publish/ig-container': call({
    summary:
      'Creates an Instagram media container (image, reel, story, carousel item or carousel). Counts toward the 400-a-day limit.',
    request: IgContainerRequest,
    response: outcome({ containerId: GraphNodeId }),
  }),
  'publish/ig-container-status': call({
    summary: "An Instagram container's status_code (and the 2207xxx subcode of an ERROR).",
    request: z.object({ accountId: GraphNodeId, containerId: GraphNodeId }).strict(),
    response: outcome({
      statusCode: ContainerStatusCode,
      errorSubcode: z.number().int().optional(),
      message: z.string().optional(),
    }),
  }),
  'publish/ig-publish': call({
    summary: 'media_publish of a FINISHED container: answers the new media id. Never retried by the host.',
    request: z.object({ accountId: GraphNodeId, containerId: GraphNodeId }).strict(),
    response: outcome({ mediaId: GraphNodeId }),
  }),
  'publish/ig-media-get': call({
    summary:
      'Reads one Instagram media (after publishing, and for reconciliation): its address, caption and time.',
    request: z.object({ accountId: GraphNodeId, mediaId: GraphNodeId }).strict(),
    response: outcome({
      permalink: z.string().optional(),
      caption: z.string().optional(),
      timestamp: z.number(),
    }),
  }),
  'publish/ig-quota': call({
    summary: "The Instagram account's publishing quota (content_publishing_limit), read from Meta each time.",
    request: z.object({ accountId: GraphNodeId }).strict(),
    response: outcome({
      quotaUsage: z.number().int().nonnegative(),
      quotaTotal: z.number().int().nonnegative(),
      quotaDurationS: z.number().int().positive(),
    }),
  }),
} as const;

export const publishEvents = {
  'publish/upload-progress': event({
    summary: 'How much of an upload the host has sent on to Meta (videos; photos go in one request).',
    payload: z.object({
      uploadId: UploadId,
      sentBytes: z.number().int().nonnegative(),
      totalBytes: z.number().int().nonnegative(),
    }),
  }),
} as const;
