// The slides of an Instagram item, as the viewer shows them: a carousel's children, or the item itself.
import { type IgMedia, type MediaRef } from '../../../../shared/models';

/** One slide of an item: a picture or a video. */
export interface Slide {
  type: 'IMAGE' | 'VIDEO';
  media?: MediaRef | undefined;
  poster?: MediaRef | undefined;
}

/** The slides of an item (a carousel's children, or the item itself). */
export function slidesOf(item: IgMedia): Slide[] {
  if (item.mediaType === 'CAROUSEL_ALBUM' && item.children.length > 0) {
    return item.children.map((c) => ({ type: c.mediaType, media: c.media, poster: c.thumbnail }));
  }
  return [
    { type: item.mediaType === 'VIDEO' ? 'VIDEO' : 'IMAGE', media: item.media, poster: item.thumbnail },
  ];
}
