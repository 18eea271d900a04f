import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DuetDb } from '../../data/db';
import { createFakeBridge, makeMedia } from '../../test/fake-bridge';
import { columnsFor, GalleryColumn, tileImage } from './GalleryColumn';

afterEach(cleanup);

describe('GalleryColumn', () => {
  it('explains how to link Instagram when the Page has no linked account', { timeout: 30_000 }, () => {
    const db = new DuetDb('gallery-unlinked');
    render(
      <GalleryColumn
        account={{ id: 'p3', name: 'Alex Rivera Photography', tasks: [] }}
        db={db}
        bridge={createFakeBridge()}
      />,
    );
    expect(screen.getByTestId('gallery-unlinked').textContent).toMatch(/Settings → Linked accounts/);
    const help = screen.getByRole('link', { name: 'How to link an Instagram account' });
    expect(help.getAttribute('href')).toMatch(/^https:\/\/www\.facebook\.com\//);
    expect(help.getAttribute('rel')).toBe('noopener noreferrer');
  });
});

describe('grid helpers', () => {
  it('fits more columns as the column widens, between 2 and 6', () => {
    expect(columnsFor(200)).toBe(2);
    expect(columnsFor(480)).toBe(3);
    expect(columnsFor(700)).toBe(4);
    expect(columnsFor(3000)).toBe(6);
  });

  it('shows a video by its cover and a carousel by its first child', () => {
    const thumb = { key: 'k:t', url: 'https://cdn/t.jpg', kind: 'image' as const };
    const video = makeMedia('a', 1, {
      mediaType: 'VIDEO',
      media: { key: 'k:v', url: 'https://cdn/v.webm', kind: 'video' },
      thumbnail: thumb,
    });
    expect(tileImage(video)).toEqual(thumb);
    const child = { key: 'k:c', url: 'https://cdn/c.jpg', kind: 'image' as const };
    const carousel = makeMedia('a', 2, {
      mediaType: 'CAROUSEL_ALBUM',
      media: undefined,
      children: [{ nativeId: 'c1', mediaType: 'IMAGE', media: child }],
    });
    expect(tileImage(carousel)).toEqual(child);
    // Meta gives a carousel the media_url of its first child: a video file when that child is a video.
    const cover = { key: 'k:vc', url: 'https://cdn/vc.jpg', kind: 'image' as const };
    const videoFirst = makeMedia('a', 3, {
      mediaType: 'CAROUSEL_ALBUM',
      media: { key: 'k:m', url: 'https://cdn/first.webm', kind: 'image' },
      children: [
        {
          nativeId: 'c1',
          mediaType: 'VIDEO',
          media: { key: 'k:cv', url: 'https://cdn/c.webm', kind: 'video' },
          thumbnail: cover,
        },
      ],
    });
    expect(tileImage(videoFirst)).toEqual(cover);
  });
});
