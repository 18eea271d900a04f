// The media viewer (lazy-loaded: not in the initial bundle). Full-size pictures, carousel navigation, video with
// controls (the host serves videos with Range support, so seeking works), caption as text, counts, date, permalink.
// Keyboard: ←/→ move through carousel slides and then posts, Esc closes; focus is trapped and restored on close.
import { useCallback, useEffect, useRef, useState } from 'react';
import { type IgMedia, type InstagramAccount, type MediaRef } from '../../../../shared/models';
import { type Bridge } from '../../bridge';
import { Avatar } from '../../ui/Avatar';
import {
  ChevronLeftIcon,
  ChevronRightIcon,
  CommentIcon,
  ExternalIcon,
  HeartIcon,
} from '../../ui/content-icons';
import { ExternalLink, LinkifiedText } from '../../ui/ExternalLink';
import { CloseIcon } from '../../ui/icons';
import { SafeImage } from '../../ui/SafeImage';
import { fullTime, isoTime } from '../../ui/time';
import { compactCount } from '../feed/PostCard';

/** One slide of an item: a picture or a video. */
interface Slide {
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

function VideoSlide({ slide, bridge }: { slide: Slide; bridge: Bridge }) {
  const [failed, setFailed] = useState(false);
  if (!slide.media || failed)
    return <SafeImage media={slide.poster} variant="full" bridge={bridge} className="viewer-media" />;
  return (
    <video
      className="viewer-media"
      data-testid="viewer-video"
      controls
      playsInline
      preload="metadata"
      src={bridge.mediaSrc({ ...slide.media, kind: 'video' }, 'full')}
      poster={slide.poster ? bridge.mediaSrc(slide.poster, 'thumb') : undefined}
      onError={() => setFailed(true)}
    />
  );
}

/** Props of the viewer. */
export interface MediaViewerProps {
  items: IgMedia[];
  startIndex: number;
  bridge: Bridge;
  instagram?: InstagramAccount | undefined;
  onClose(): void;
  /** Label of the list, e.g. "Post" or "Story". */
  kind?: 'post' | 'story';
}

/** The modal media viewer. */
export default function MediaViewer(props: MediaViewerProps) {
  const { items, bridge, instagram, onClose, kind = 'post' } = props;
  const [pos, setPos] = useState({ item: Math.min(props.startIndex, items.length - 1), slide: 0 });
  const dialogRef = useRef<HTMLDivElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const item = items[pos.item];
  const slides = item ? slidesOf(item) : [];
  const slide = slides[Math.min(pos.slide, slides.length - 1)];

  // Focus moves into the dialog and returns to what had it (the tile) when the viewer closes.
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    closeRef.current?.focus();
    return () => previous?.focus?.();
  }, []);

  const next = useCallback(() => {
    setPos((p) => {
      const count = items[p.item] ? slidesOf(items[p.item]!).length : 1;
      if (p.slide < count - 1) return { item: p.item, slide: p.slide + 1 };
      if (p.item < items.length - 1) return { item: p.item + 1, slide: 0 };
      return p;
    });
  }, [items]);
  const prev = useCallback(() => {
    setPos((p) => {
      if (p.slide > 0) return { item: p.item, slide: p.slide - 1 };
      if (p.item > 0) return { item: p.item - 1, slide: 0 };
      return p;
    });
  }, []);

  // Keys are handled on the window while the viewer is open: a click on a button that then becomes disabled
  // (first/last slide) drops focus to <body>, and Esc must still close.
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      const inVideo = e.target instanceof HTMLVideoElement;
      if (e.key === 'Escape') {
        e.preventDefault();
        onClose();
      } else if (e.key === 'ArrowRight' && !inVideo) {
        e.preventDefault();
        next();
      } else if (e.key === 'ArrowLeft' && !inVideo) {
        e.preventDefault();
        prev();
      } else if (e.key === 'Tab') {
        // Focus trap: Tab cycles inside the dialog.
        const focusables = Array.from(
          dialogRef.current?.querySelectorAll<HTMLElement>(
            'button:not([disabled]), a[href], video[controls]',
          ) ?? [],
        );
        if (focusables.length === 0) return;
        const first = focusables[0]!;
        const last = focusables[focusables.length - 1]!;
        const inside = dialogRef.current?.contains(document.activeElement) ?? false;
        if (!inside || (e.shiftKey && document.activeElement === first)) {
          e.preventDefault();
          (e.shiftKey ? last : first).focus();
        } else if (!e.shiftKey && document.activeElement === last) {
          e.preventDefault();
          first.focus();
        }
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [next, prev, onClose]);

  if (!item || !slide) return null;
  const label = kind === 'story' ? 'Story' : item.productType === 'REELS' ? 'Reel' : 'Post';
  return (
    <div className="viewer-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className="viewer"
        role="dialog"
        aria-modal="true"
        aria-label={`${label} viewer`}
        data-testid="media-viewer"
        ref={dialogRef}
      >
        <div className="viewer-stage">
          {slide.type === 'VIDEO' ? (
            <VideoSlide key={`${item.id}:${pos.slide}`} slide={slide} bridge={bridge} />
          ) : (
            <SafeImage
              key={`${item.id}:${pos.slide}`}
              media={slide.media}
              variant="full"
              bridge={bridge}
              className="viewer-media"
              alt={item.caption ? item.caption.slice(0, 120) : `${label} picture`}
              eager
            />
          )}
          {slides.length > 1 && (
            <>
              <button
                className="viewer-slide-btn viewer-slide-prev"
                onClick={() => setPos((p) => ({ ...p, slide: Math.max(0, p.slide - 1) }))}
                disabled={pos.slide === 0}
                aria-label="Previous photo"
              >
                <ChevronLeftIcon />
              </button>
              <button
                className="viewer-slide-btn viewer-slide-next"
                onClick={() => setPos((p) => ({ ...p, slide: Math.min(slides.length - 1, p.slide + 1) }))}
                disabled={pos.slide >= slides.length - 1}
                aria-label="Next photo"
              >
                <ChevronRightIcon />
              </button>
              <div
                className="viewer-dots"
                data-testid="viewer-dots"
                aria-label={`Slide ${pos.slide + 1} of ${slides.length}`}
              >
                {slides.map((_, i) => (
                  <button
                    key={i}
                    className={`viewer-dot${i === pos.slide ? ' is-active' : ''}`}
                    aria-label={`Go to slide ${i + 1}`}
                    aria-current={i === pos.slide ? 'true' : undefined}
                    onClick={() => setPos((p) => ({ ...p, slide: i }))}
                  />
                ))}
              </div>
            </>
          )}
        </div>
        <aside className="viewer-side">
          <header className="viewer-head">
            <Avatar
              name={instagram?.username}
              picture={instagram?.profilePicture}
              size={34}
              bridge={bridge}
              ring="instagram"
            />
            <span className="viewer-user">{instagram?.username ?? 'Instagram'}</span>
            <button
              ref={closeRef}
              className="icon-btn viewer-close"
              onClick={onClose}
              aria-label="Close viewer"
            >
              <CloseIcon />
            </button>
          </header>
          <div className="viewer-caption" data-testid="viewer-caption">
            {item.caption ? (
              <LinkifiedText text={item.caption} bridge={bridge} />
            ) : (
              <span className="viewer-muted">No caption</span>
            )}
          </div>
          <footer className="viewer-foot">
            <div className="viewer-counts">
              {item.likeCount !== undefined && (
                <span>
                  <HeartIcon size={16} /> {compactCount(item.likeCount)} likes
                </span>
              )}
              {item.commentsCount !== undefined && (
                <span>
                  <CommentIcon size={16} /> {compactCount(item.commentsCount)} comments
                </span>
              )}
            </div>
            <time className="viewer-date" dateTime={isoTime(item.timestamp)}>
              {fullTime(item.timestamp)}
            </time>
            {item.permalink && (
              <ExternalLink href={item.permalink} bridge={bridge} className="viewer-open" showHost={false}>
                Open on Instagram <ExternalIcon size={13} />
              </ExternalLink>
            )}
          </footer>
        </aside>
        {pos.item > 0 && (
          <button
            className="viewer-nav viewer-nav-prev"
            onClick={() => setPos({ item: pos.item - 1, slide: 0 })}
            aria-label={`Previous ${label.toLowerCase()}`}
          >
            <ChevronLeftIcon size={22} />
          </button>
        )}
        {pos.item < items.length - 1 && (
          <button
            className="viewer-nav viewer-nav-next"
            onClick={() => setPos({ item: pos.item + 1, slide: 0 })}
            aria-label={`Next ${label.toLowerCase()}`}
          >
            <ChevronRightIcon size={22} />
          </button>
        )}
      </div>
    </div>
  );
}
