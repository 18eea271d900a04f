/**
 * rupload: the resumable-upload host (rupload.facebook.com in real life; here `/rupload/…` on the sandbox's own
 * origin, which the Graph calls hand out as `uri` / `upload_url`). Bytes arrive in one POST with
 * `Authorization: OAuth <token>`, `offset` and `file_size` headers; the sandbox then checks what they are.
 * - Instagram: POST /rupload/ig-api-upload/{ver}/{container-id} → {"success":true,"message":"Upload successful."}
 *   https://developers.facebook.com/documentation/instagram-platform/content-publishing/resumable-uploads
 * - Facebook Reels: POST /rupload/video-upload/{ver}/{video-id} → {"success":true}
 *   https://developers.facebook.com/documentation/video-api/guides/reels-publishing
 * Faults match the path (`/rupload/**`): `reset`, `http-500`, `commit-then-drop`, and `latency`, which waits before
 * the body is read (a slow upload link: the sender's bytes back up, so its progress moves only as far as the socket
 * buffers take them).
 */
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { sniffBytes } from '../../shared/media-sniff';
import { errors } from '../errors.js';
import { totalLatency } from '../faults.js';
import { sleep } from './pipeline.js';
import { bearerToken } from '../graph/request.js';
import { readBody, sendJson } from '../http-util.js';
import { type SandboxCore } from '../server.js';
import { VIDEO_READY_MS } from '../graph/publish-ig.js';

/** Largest body the sandbox takes (its videos are test clips). */
const MAX_UPLOAD = 256 * 1024 * 1024;

/** Answers one rupload request. */
export async function serveRupload(
  core: SandboxCore,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
) {
  const fired = core.faults.fire(req.method ?? 'POST', path);
  if (fired.some((f) => f.kind === 'reset')) return void req.socket.destroy();
  if (fired.some((f) => f.kind === 'http-500'))
    return sendJson(res, 500, errors.transient().toBody(core.trace()));
  await sleep(totalLatency(fired));
  const m = /^\/rupload\/(ig-api-upload|video-upload)\/v\d+\.\d+\/(\d+)$/.exec(path);
  if (req.method !== 'POST' || !m)
    return sendJson(res, 404, errors.unknownPath(path.slice(1)).toBody(core.trace()));
  const now = core.now();
  let rec;
  try {
    rec = core.tokens.check(bearerToken(req.headers.authorization) ?? '', now);
  } catch {
    return sendJson(res, 401, errors.badToken().toBody(core.trace()));
  }
  const offset = Number(req.headers.offset ?? '0');
  const size = Number(req.headers.file_size ?? NaN);
  let body: Buffer;
  try {
    body = await readBody(req, MAX_UPLOAD);
  } catch {
    return sendJson(res, 413, errors.param('The file is too large for this sandbox').toBody(core.trace()));
  }
  if (offset !== 0 || size !== body.length)
    return sendJson(
      res,
      400,
      errors.param('offset must be 0 and file_size the body length').toBody(core.trace()),
    );
  const w = core.world;
  const id = m[2] as string;
  const sniffed = sniffBytes(body);
  const ok = () => {
    if (fired.some((f) => f.kind === 'commit-then-drop')) return void req.socket.destroy();
    sendJson(
      res,
      200,
      m[1] === 'ig-api-upload' ? { success: true, message: 'Upload successful.' } : { success: true },
    );
  };
  if (m[1] === 'ig-api-upload') {
    const c = w.containers.get(id);
    const ig = c ? w.igAccounts.get(c.igId) : undefined;
    if (!c || !ig || !c.awaitingUpload || (rec.pageId !== undefined && rec.pageId !== ig.pageId))
      return sendJson(res, 400, errors.noObject(id, 'POST').toBody(core.trace()));
    c.awaitingUpload = false;
    c.readyAt = now + VIDEO_READY_MS;
    // Not a video Instagram takes: the container ends in ERROR with "unsupported video" (2207026).
    if (sniffed?.kind !== 'video') {
      c.error = true;
      c.errorSubcode = 2207026;
    }
    return ok();
  }
  const v = w.publish.videos.get(id);
  if (!v || v.state !== 'awaiting-upload' || (rec.pageId !== undefined && rec.pageId !== v.pageId))
    return sendJson(res, 400, errors.noObject(id, 'POST').toBody(core.trace()));
  v.uploaded = true;
  v.durationMs = sniffed?.kind === 'video' ? sniffed.durationMs : -1;
  return ok();
}
