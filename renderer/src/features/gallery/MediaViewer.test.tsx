import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeBridge, makeMedia } from '../../test/fake-bridge';
import MediaViewer from './MediaViewer';

afterEach(cleanup);

const img = (n: number) => ({
  key: `a:c${n}:media_url`,
  url: `https://cdn/c${n}.jpg`,
  kind: 'image' as const,
});
const carousel = makeMedia('a', 1, {
  mediaType: 'CAROUSEL_ALBUM',
  caption: 'Three candles <b>not bold</b>',
  children: [1, 2, 3].map((n) => ({ nativeId: `c${n}`, mediaType: 'IMAGE' as const, media: img(n) })),
});
const video = makeMedia('a', 2, {
  mediaType: 'VIDEO',
  media: { key: 'a:v:media_url', url: 'https://cdn/v.webm', kind: 'video' },
});

describe('MediaViewer', () => {
  it(
    'walks carousel slides then posts with the arrow keys, closes on Esc and gives focus back',
    { timeout: 30_000 },
    () => {
      const opener = document.createElement('button');
      document.body.append(opener);
      opener.focus();
      const onClose = vi.fn();
      const { unmount } = render(
        <MediaViewer
          items={[carousel, video]}
          startIndex={0}
          bridge={createFakeBridge()}
          onClose={onClose}
        />,
      );
      const current = () => screen.getByRole('button', { current: true }).getAttribute('aria-label');
      expect(screen.getByRole('dialog').contains(document.activeElement)).toBe(true);
      expect(current()).toBe('Go to slide 1');
      act(() => void fireEvent.keyDown(window, { key: 'ArrowRight' }));
      act(() => void fireEvent.keyDown(window, { key: 'ArrowRight' }));
      expect(current()).toBe('Go to slide 3');
      // Past the last slide, the next post (a video) opens with its player.
      act(() => void fireEvent.keyDown(window, { key: 'ArrowRight' }));
      expect(screen.getByTestId('viewer-video').getAttribute('src')).toMatch(/v=full/);
      act(() => void fireEvent.keyDown(window, { key: 'ArrowLeft' }));
      expect(current()).toBe('Go to slide 1');
      expect(screen.getByTestId('viewer-caption').textContent).toBe('Three candles <b>not bold</b>');
      act(() => void fireEvent.keyDown(window, { key: 'Escape' }));
      expect(onClose).toHaveBeenCalledTimes(1);
      unmount();
      expect(document.activeElement).toBe(opener);
      opener.remove();
    },
  );
});
