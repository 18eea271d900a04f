// Videos: the bytes of a finished upload go from the temp file to Meta's resumable-upload host (rupload) in one
// streamed POST — never read whole into memory — with progress reported as they leave. The address comes from
// Meta's answer and is checked (shared/security/upload-hosts.ts) before the Page token is attached.
// https://developers.facebook.com/documentation/instagram-platform/content-publishing/resumable-uploads
// https://developers.facebook.com/documentation/video-api/guides/reels-publishing
import type { CallArgs, CallResponse } from '../../../shared/bridge/contract';
import type { PublishFailure } from '../../../shared/bridge/calls/publish';
import { classifyGraphError, classifyNetworkError } from '../../../shared/graph/errors';
import { isAllowedUploadUrl } from '../../../shared/security/upload-hosts';
import { GraphCallError, graphPath, type GraphParams } from '../graph/client';
import { publishFailure } from './publish-outcomes';
import { obj, str, type PublishAuth, type PublishDeps } from './publish-deps';

/** How long one video upload may take before Duet gives up on it (a slow line and a large reel). */
const UPLOAD_TIMEOUT_MS = 30 * 60_000;

/** What sending a video's bytes needs. */
export interface VideoUpload {
  url: string;
  token: string;
  blob: Blob;
  uploadId: string;
  graphBaseUrl: string;
  fetch: typeof fetch;
  markExpired: (message: string) => void;
  onProgress?: (p: { uploadId: string; sentBytes: number; totalBytes: number }) => void;
}

/** Sends the bytes; null when Meta took them, else the failure (a staging step: nothing went live yet). */
export async function sendVideoBytes(u: VideoUpload): Promise<PublishFailure | null> {
  if (!isAllowedUploadUrl(u.url, u.graphBaseUrl))
    return {
      status: 'permanent',
      reason:
        'Facebook pointed the upload at an address that is not its upload server, so Duet did not send it.',
      code: 'invalid',
    };
  const total = u.blob.size;
  let sent = 0;
  let lastReport = 0;
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, ctl) {
      sent += chunk.byteLength;
      if (sent - lastReport >= 1024 * 1024 || sent === total) {
        lastReport = sent;
        u.onProgress?.({ uploadId: u.uploadId, sentBytes: sent, totalBytes: total });
      }
      ctl.enqueue(chunk);
    },
  });
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(new Error('timeout')), UPLOAD_TIMEOUT_MS);
  let res: Response;
  let text: string;
  try {
    res = await u.fetch(u.url, {
      method: 'POST',
      headers: {
        authorization: `OAuth ${u.token}`,
        offset: '0',
        file_size: String(total),
        'content-type': 'application/octet-stream',
      },
      body: u.blob.stream().pipeThrough(counter),
      // Node's fetch streams a request body only half-duplex.
      ...({ duplex: 'half' } as object),
      signal: ctl.signal,
      redirect: 'error',
    });
    text = await res.text();
  } catch {
    // Whether Meta kept part of it or not, a staging upload is simply made again with a new container.
    return publishFailure(
      new GraphCallError(classifyNetworkError('after-send', 'upload interrupted'), 'after-send'),
      'staging',
      u.markExpired,
    );
  } finally {
    clearTimeout(timer);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  const ok = res.ok && !!body && typeof body === 'object' && (body as { success?: unknown }).success === true;
  if (ok) return null;
  return publishFailure(
    new GraphCallError(classifyGraphError(res.status, body), 'response'),
    'staging',
    u.markExpired,
  );
}

/** What the video calls borrow from the publisher (publish.ts). */
export interface VideoDeps extends PublishDeps {
  graphBaseUrl: () => string;
  fetch: typeof fetch;
  onProgress?: VideoUpload['onProgress'];
}

/** The next range Meta asks for (`start_offset` / `end_offset`, numbers sent as strings). */
function offsets(v: Record<string, unknown>): { from: number; to: number } | null {
  const from = Number(str(v.start_offset) ?? v.start_offset);
  const to = Number(str(v.end_offset) ?? v.end_offset);
  return Number.isSafeInteger(from) && Number.isSafeInteger(to) && from >= 0 && to >= from
    ? { from, to }
    : null;
}

const notAVideo: PublishFailure = {
  status: 'permanent',
  reason: 'This file is a photo, not a video.',
  code: 'media',
};

/** Reels, video stories and carousel videos: create and send the bytes (staging); for FB, the finish apart. */
export function createVideoPublisher(d: VideoDeps) {
  async function bytesOf(uploadId: string) {
    const up = await d.uploads.finished(uploadId);
    return up.media.kind === 'video' ? up : null;
  }
  const send = (url: string, token: string, blob: Blob, uploadId: string) =>
    sendVideoBytes({
      url,
      token,
      blob,
      uploadId,
      graphBaseUrl: d.graphBaseUrl(),
      fetch: d.fetch,
      markExpired: d.markExpired,
      ...(d.onProgress ? { onProgress: d.onProgress } : {}),
    });

  /**
   * A plain Page video's staging: `upload_phase=start&file_size` (→ video id, upload session, the first range), then
   * each range Meta asks for as `transfer` (multipart `video_file_chunk`, sliced from the temp file: never read
   * whole) until start_offset reaches end_offset. Offsets that do not move forward within the file stop it.
   * https://developers.facebook.com/docs/graph-api/reference/page/videos/#Creating
   */
  async function stagePlainVideo(
    auth: PublishAuth,
    pageId: string,
    blob: Blob,
    uploadId: string,
  ): Promise<CallResponse<'publish/fb-video-stage'>> {
    const path = graphPath(pageId, 'videos');
    const total = blob.size;
    const start = await d.call('staging', auth, 'POST', path, {
      upload_phase: 'start',
      file_size: String(total),
    });
    if (!start.ok) return start.failure;
    const videoId = str(start.value.video_id);
    const sessionId = str(start.value.upload_session_id);
    const unusable: PublishFailure = {
      status: 'retryable',
      reason: 'Facebook answered the video upload with offsets Duet cannot follow.',
      retryAfterMs: 5_000,
    };
    if (!videoId || !/^\d+$/.test(videoId) || !sessionId || !/^\d+$/.test(sessionId)) return unusable;
    let range = offsets(start.value);
    for (let i = 0; range && range.from < range.to; i++) {
      if (range.to > total || i > Math.ceil(total / 1024) + 1) return unusable;
      const r = await d.call(
        'staging',
        auth,
        'POST',
        path,
        { upload_phase: 'transfer', upload_session_id: sessionId, start_offset: String(range.from) },
        { video_file_chunk: { blob: blob.slice(range.from, range.to), name: 'chunk' } },
      );
      if (!r.ok) return r.failure;
      const next = offsets(r.value);
      if (!next || next.from <= range.from) return unusable;
      range = next;
      d.onProgress?.({ uploadId, sentBytes: Math.min(range.from, total), totalBytes: total });
    }
    if (!range || range.from !== total) return unusable;
    return { status: 'ok', videoId, uploadSessionId: sessionId };
  }

  return {
    /** An IG video container (reel, video story, carousel video) with `upload_type=resumable`, bytes sent. */
    async igVideoContainer(
      accountId: string,
      uploadId: string,
      params: GraphParams,
    ): Promise<CallResponse<'publish/ig-container'>> {
      const auth = d.igAuth(accountId);
      if ('failure' in auth) return auth.failure;
      const up = await bytesOf(uploadId);
      if (!up) return notAVideo;
      const r = await d.call('staging', auth, 'POST', graphPath(accountId, 'media'), {
        ...params,
        upload_type: 'resumable',
      });
      if (!r.ok) return r.failure;
      const id = str(r.value.id);
      const uri = str(r.value.uri);
      if (!id || !/^\d+$/.test(id) || !uri)
        return {
          status: 'retryable',
          reason: 'Facebook answered without an upload address.',
          retryAfterMs: 5_000,
          spent: true,
        };
      const failed = await send(uri, auth.token, up.blob, uploadId);
      // The container exists whatever happened to its bytes: it counts toward the 400 a day.
      if (failed?.status === 'retryable' || failed?.status === 'permanent') return { ...failed, spent: true };
      return failed ?? { status: 'ok', containerId: id };
    },

    /**
     * Stages a Page reel or story video: `upload_phase=start` (→ video id and upload address), then the bytes.
     * Nothing goes live, so it is safe to repeat; the renderer writes the video id down before the live finish.
     */
    async fbVideoStage(
      req: CallArgs<'publish/fb-video-stage'>,
    ): Promise<CallResponse<'publish/fb-video-stage'>> {
      const auth = d.pageAuth(req.accountId);
      if ('failure' in auth) return auth.failure;
      const up = await bytesOf(req.uploadId);
      if (!up) return notAVideo;
      if (req.as === 'video') return stagePlainVideo(auth, req.accountId, up.blob, req.uploadId);
      const path = graphPath(req.accountId, req.as === 'reel' ? 'video_reels' : 'video_stories');
      const start = await d.call('staging', auth, 'POST', path, { upload_phase: 'start' });
      if (!start.ok) return start.failure;
      const videoId = str(start.value.video_id);
      const url = str(start.value.upload_url);
      if (!videoId || !/^\d+$/.test(videoId) || !url)
        return {
          status: 'retryable',
          reason: 'Facebook answered without an upload address.',
          retryAfterMs: 5_000,
        };
      const failed = await send(url, auth.token, up.blob, req.uploadId);
      return failed ?? { status: 'ok', videoId };
    },

    /**
     * A staged reel's finish, the one live write: `video_state=PUBLISHED`, or `SCHEDULED` with
     * `scheduled_publish_time` (unix seconds) for a native schedule (Reels Publishing guide; notes §1.1).
     */
    async fbVideo(req: CallArgs<'publish/fb-video'>): Promise<CallResponse<'publish/fb-video'>> {
      const auth = d.pageAuth(req.accountId);
      if ('failure' in auth) return auth.failure;
      const at = req.scheduledAt !== undefined ? String(Math.floor(req.scheduledAt / 1000)) : undefined;
      const description = req.description ? { description: req.description } : {};
      // A plain video: published=false + scheduled_publish_time, as a feed post (Page videos reference).
      const fin =
        req.as === 'video'
          ? await d.call('live', auth, 'POST', graphPath(req.accountId, 'videos'), {
              upload_phase: 'finish',
              upload_session_id: req.uploadSessionId ?? '',
              ...(at ? { published: 'false', scheduled_publish_time: at } : {}),
              ...description,
            })
          : await d.call('live', auth, 'POST', graphPath(req.accountId, 'video_reels'), {
              upload_phase: 'finish',
              video_id: req.videoId,
              ...(at
                ? { video_state: 'SCHEDULED', scheduled_publish_time: at }
                : { video_state: 'PUBLISHED' }),
              ...description,
            });
      if (!fin.ok)
        return fin.failure.status === 'ambiguous' ? { ...fin.failure, ref: req.videoId } : fin.failure;
      return fin.value.success === true
        ? { status: 'ok', videoId: req.videoId }
        : {
            status: 'ambiguous',
            reason: 'Facebook answered without saying the video was accepted.',
            ref: req.videoId,
          };
    },

    /**
     * A Page story from an unpublished photo (`photo_stories`) or a staged story video (`video_stories` finish):
     * one live write each. A lost answer is reconciled through `/{page}/stories` (fbStories), never repeated blindly.
     */
    async fbStory(req: CallArgs<'publish/fb-story'>): Promise<CallResponse<'publish/fb-story'>> {
      const auth = d.pageAuth(req.accountId);
      if ('failure' in auth) return auth.failure;
      const r = req.photoId
        ? await d.call('live', auth, 'POST', graphPath(req.accountId, 'photo_stories'), {
            photo_id: req.photoId,
          })
        : await d.call('live', auth, 'POST', graphPath(req.accountId, 'video_stories'), {
            upload_phase: 'finish',
            video_id: req.videoId ?? '',
          });
      const ref = req.photoId ?? req.videoId;
      if (!r.ok) return r.failure.status === 'ambiguous' && ref ? { ...r.failure, ref } : r.failure;
      const postId = str(r.value.post_id);
      return postId
        ? { status: 'ok', postId }
        : {
            status: 'ambiguous',
            reason: 'Facebook answered without the story’s id.',
            ...(ref ? { ref } : {}),
          };
    },

    /**
     * The Page's stories, `GET /{page}/stories` (Page Stories API: post_id, status, creation_time, media_type,
     * media_id, url). Rows without a post id are skipped; stories expire after 24 h, so an absence is only a
     * verdict soon after the attempt. https://developers.facebook.com/docs/page-stories-api
     */
    async fbStories(req: CallArgs<'publish/fb-stories'>): Promise<CallResponse<'publish/fb-stories'>> {
      const auth = d.pageAuth(req.accountId);
      if ('failure' in auth) return auth.failure;
      const r = await d.call('read', auth, 'GET', graphPath(req.accountId, 'stories'), {
        fields: 'post_id,status,creation_time,media_type,media_id',
        limit: 50,
      });
      if (!r.ok) return r.failure;
      const rows = Array.isArray(r.value.data) ? r.value.data : [];
      const stories = rows.flatMap((row) => {
        const o = obj(row);
        const postId = str(o.post_id);
        if (!postId) return [];
        const mediaId = str(o.media_id);
        const status = str(o.status);
        const t = str(o.creation_time);
        const created = t
          ? Date.parse(t)
          : typeof o.creation_time === 'number'
            ? o.creation_time * 1000
            : NaN;
        return [
          {
            postId,
            ...(mediaId ? { mediaId } : {}),
            ...(status ? { status } : {}),
            ...(Number.isFinite(created) ? { createdTime: created } : {}),
          },
        ];
      });
      return { status: 'ok', stories };
    },

    /**
     * A video's state from `status`: the publishing phase says published or scheduled; bytes in with processing
     * and publishing not started means the finish was never received (it may be sent); anything else is
     * processing. https://developers.facebook.com/documentation/video-api/guides/reels-publishing
     */
    async fbVideoStatus(
      req: CallArgs<'publish/fb-video-status'>,
    ): Promise<CallResponse<'publish/fb-video-status'>> {
      const auth = d.pageAuth(req.accountId);
      if ('failure' in auth) return auth.failure;
      const r = await d.call('read', auth, 'GET', graphPath(req.videoId), { fields: 'status,permalink_url' });
      if (!r.ok) return r.failure;
      const status = obj(r.value.status);
      const vs = str(status.video_status);
      const phase = (k: string) => str(obj(status[k]).status);
      const publishStatus = str(obj(status.publishing_phase).publish_status);
      const permalink = str(r.value.permalink_url);
      if (vs === 'error' || phase('processing_phase') === 'error')
        return {
          status: 'ok',
          state: 'error',
          errorMessage: 'Facebook could not process this video (a reel is 3–90 s long).',
        };
      if (publishStatus === 'published' && (vs === 'ready' || vs === 'upload_complete'))
        return { status: 'ok', state: 'ready', ...(permalink ? { permalinkUrl: permalink } : {}) };
      if (publishStatus === 'scheduled') return { status: 'ok', state: 'scheduled' };
      if (
        phase('uploading_phase') === 'complete' &&
        phase('processing_phase') === 'not_started' &&
        phase('publishing_phase') === 'not_started'
      )
        return { status: 'ok', state: 'staged' };
      return { status: 'ok', state: 'processing' };
    },
  };
}
