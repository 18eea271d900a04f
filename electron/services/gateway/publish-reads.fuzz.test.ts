// Malformed Graph answers on every publish read and write: whatever Meta answers with 200, each operation's result
// must still be what the bridge contract allows (or the host throws `invalid-response` and the renderer sees an
// error instead of a status). Absurd but finite numbers are the near misses: 1e12, 1e300, negative, fractions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CallName } from '../../../shared/bridge/contract';
import { parseResponse } from '../../../shared/bridge/validate';
import { createFbPublisher } from './publish-fb';
import { createIgPublisher } from './publish-ig';
import { type PublishDeps } from './publish-deps';
import { createVideoPublisher } from './publish-video';

const odd = fc.oneof(
  fc.constantFrom(0, -1, 1.5, 1e12, 1e300, -1e300, Number.MAX_SAFE_INTEGER + 2, '', 'x', '123', null, true),
  fc.constantFrom(
    'IN_PROGRESS',
    'FINISHED',
    'PUBLISHED',
    'ERROR',
    'EXPIRED',
    'ready',
    'error',
    'published',
    'scheduled',
    '2026-12-02T07:00:00+0000',
    '1_2',
    '111_222',
    'https://x.test/p',
  ),
  fc.integer(),
  fc.string({ maxLength: 6 }),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, odd, fc.array(tie('v'), { maxLength: 3 }), tie('o')),
  o: fc.dictionary(
    fc.constantFrom(
      'id',
      'data',
      'status',
      'status_code',
      'config',
      'quota_usage',
      'quota_total',
      'quota_duration',
      'timestamp',
      'permalink',
      'caption',
      'video_status',
      'processing_phase',
      'publishing_phase',
      'uploading_phase',
      'publish_status',
      'permalink_url',
      'post_id',
      'media_id',
      'creation_time',
      'scheduled_publish_time',
      'message',
      'created_time',
      'is_published',
      'success',
    ),
    tie('v'),
    { maxKeys: 6 },
  ),
})).v;

function publishers(answer: () => unknown) {
  const deps: PublishDeps = {
    pageAuth: (pageId) => ({ token: 't', pageId }),
    igAuth: () => ({ token: 't', pageId: '111' }),
    call: async () => {
      const a = answer();
      return { ok: true, value: (a && typeof a === 'object' ? a : { value: a }) as Record<string, unknown> };
    },
    uploads: {} as PublishDeps['uploads'],
    markExpired: () => undefined,
  };
  const video = createVideoPublisher({ ...deps, graphBaseUrl: () => 'http://x.test', fetch });
  return { ...createFbPublisher(deps), ...createIgPublisher(deps, video), ...video };
}

describe('publish reads and writes with malformed Graph answers', () => {
  it('always answer within the bridge contract', async () => {
    await fc.assert(
      fc.asyncProperty(value, async (answer) => {
        const p = publishers(() => answer);
        const results: Array<[CallName, unknown]> = [
          ['publish/ig-quota', await p.igQuota({ accountId: '222' })],
          ['publish/ig-container-status', await p.igContainerStatus({ accountId: '222', containerId: '5' })],
          ['publish/ig-media-get', await p.igMediaGet({ accountId: '222', mediaId: '5' })],
          ['publish/ig-publish', await p.igPublish({ accountId: '222', containerId: '5' })],
          ['publish/fb-video-status', await p.fbVideoStatus({ accountId: '111', videoId: '5' })],
          ['publish/fb-stories', await p.fbStories({ accountId: '111' })],
          ['publish/fb-scheduled', await p.fbScheduled({ accountId: '111' })],
          ['publish/fb-post-get', await p.fbPostGet({ accountId: '111', postId: '111_5' })],
          [
            'publish/fb-post',
            await p.fbPost({ accountId: '111', message: 'm', photoIds: [] } as Parameters<
              typeof p.fbPost
            >[0]),
          ],
          ['publish/fb-story', await p.fbStory({ accountId: '111', photoId: '5' })],
          ['publish/fb-video', await p.fbVideo({ accountId: '111', videoId: '5', as: 'reel' })],
          [
            'publish/ig-container',
            await p.igContainer({ kind: 'image', accountId: '222', photoId: '5', caption: 'c' }),
          ],
        ];
        for (const [name, r] of results) expect(() => parseResponse(name, r), name).not.toThrow();
      }),
      {
        numRuns: 400,
        // The shapes Meta really answers, with absurd numbers where it puts them.
        examples: [
          ...[0, 1e12, 1e300, Number.MAX_SAFE_INTEGER + 2, -1, 2.5].flatMap((n) => [
            [{ data: [{ quota_usage: 0, config: { quota_total: n, quota_duration: 86400 } }] }],
            [{ data: [{ quota_usage: n, config: { quota_total: 25, quota_duration: n } }] }],
            [{ data: [{ post_id: '111_1', creation_time: n }] }],
            [{ data: [{ id: '111_1', scheduled_publish_time: n }] }],
            [{ status: { video_status: 'ready', publishing_phase: { publish_status: 'published' } }, id: n }],
          ]),
          [{ timestamp: '+275760-09-13T00:00:00.000Z', permalink: 'x' }],
          [{ created_time: '+275760-09-13T00:00:00.000Z', is_published: true }],
        ] as Array<[unknown]>,
      },
    );
  });
});
