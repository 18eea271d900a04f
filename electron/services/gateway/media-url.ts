// Fresh CDN URLs for media keys: CDN URLs expire (`oe`), the key does not, so the media cache asks Graph again.
import { parseMediaKey } from '../../../shared/models';
import { GraphCallError, graphPath } from '../graph/client';
import type { GatewayContext } from './context';

/** The object id of a media key: a node, post (`<page>_<post>`) or message (`m_…`, IG base64url) id. */
const MEDIA_OBJECT_ID = /^[A-Za-z0-9_-]{1,300}={0,2}$/;
/** The field of a media key: one plain field name, or `attachment:<index>.<index>…` of a post. */
const MEDIA_FIELD = /^(?:[a-z_]{1,40}|attachment:\d{1,3}(?:\.\d{1,3}){0,4})$/;

/** One attachment of a post, as far as its picture or file URL goes. */
type AttachmentNode =
  | {
      media?: { image?: { src?: string } };
      image_data?: { url?: string };
      video_data?: { url?: string };
      file_url?: string;
      subattachments?: { data?: unknown[] };
    }
  | undefined;

/** Asks Graph for a fresh CDN URL of a media key; null when the key is malformed, not ours, or Graph has none. */
export async function refreshMediaUrl(ctx: GatewayContext, key: string): Promise<string | null> {
  const { graph, session } = ctx.opts;
  const k = parseMediaKey(key);
  // Media keys come back from the renderer: the object id goes into a Graph path, the field into `fields`.
  if (!k || !MEDIA_OBJECT_ID.test(k.objectId) || !MEDIA_FIELD.test(k.field)) return null;
  let token: string;
  try {
    token = session.pageToken(k.accountId);
  } catch {
    return null;
  }
  try {
    if (k.field.startsWith('attachment:')) {
      const res = await graph.request<{ attachments?: { data?: unknown[] } }>({
        path: graphPath(k.objectId),
        params: { fields: 'attachments' },
        token,
        accountId: k.accountId,
      });
      let node: AttachmentNode = { subattachments: res.data.attachments };
      for (const part of k.field.slice('attachment:'.length).split('.')) {
        node = node?.subattachments?.data?.[Number(part)] as AttachmentNode;
      }
      return (
        node?.media?.image?.src ?? node?.image_data?.url ?? node?.video_data?.url ?? node?.file_url ?? null
      );
    }
    const res = await graph.request<Record<string, unknown>>({
      path: graphPath(k.objectId),
      params: { fields: k.field },
      token,
      accountId: k.accountId,
    });
    const v = res.data?.[k.field];
    if (typeof v === 'string') return v;
    const url = (v as { data?: { url?: unknown } } | undefined)?.data?.url;
    return typeof url === 'string' ? url : null;
  } catch (err) {
    if (err instanceof GraphCallError && err.info.kind === 'auth') session.markExpired(err.info.message);
    return null;
  }
}
