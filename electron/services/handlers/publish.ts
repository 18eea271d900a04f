// publish/*: media uploads and publishing to the Page and its Instagram account (gateway/publish.ts).
import type { HostParts, NamespaceHandlers } from './types';

/** The publish/* handlers. */
export function publishHandlers({ gateway }: HostParts): NamespaceHandlers<'publish'> {
  const p = gateway.publish;
  return {
    'publish/upload-begin': (a) => p.uploads.begin(a.name, a.size),
    'publish/upload-chunk': (a) => p.uploads.chunk(a.uploadId, a.offset, a.data),
    'publish/upload-end': (a) => p.uploads.end(a.uploadId),
    'publish/upload-discard': (a) => p.uploads.discard(a.uploadId),
    'publish/fb-photo': (a) => p.fbPhoto(a),
    'publish/fb-post': (a) => p.fbPost(a),
    'publish/fb-video-stage': (a) => p.fbVideoStage(a),
    'publish/fb-video': (a) => p.fbVideo(a),
    'publish/fb-video-status': (a) => p.fbVideoStatus(a),
    'publish/fb-story': (a) => p.fbStory(a),
    'publish/fb-stories': (a) => p.fbStories(a),
    'publish/fb-post-get': (a) => p.fbPostGet(a),
    'publish/fb-scheduled': (a) => p.fbScheduled(a),
    'publish/fb-scheduled-update': (a) => p.fbScheduledUpdate(a),
    'publish/fb-scheduled-cancel': (a) => p.fbScheduledCancel(a),
    'publish/ig-container': (a) => p.igContainer(a),
    'publish/ig-container-status': (a) => p.igContainerStatus(a),
    'publish/ig-publish': (a) => p.igPublish(a),
    'publish/ig-media-get': (a) => p.igMediaGet(a),
    'publish/ig-quota': (a) => p.igQuota(a),
  };
}
