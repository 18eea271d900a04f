// The media viewer (lazy-loaded: not in the initial bundle). Full-size pictures, carousel navigation, video with
// controls (the host serves videos with Range support, so seeking works), caption as text, counts, date, permalink.
// Keyboard: ←/→ move through carousel slides and then posts, Esc closes; focus is trapped and restored on close.
import { type Dispatch, type RefObject, type SetStateAction, useContext, useRef, useState } from 'react';
import { OpenCommentsContext } from '../comments/open-comments';
import { type IgMedia, type InstagramAccount } from '../../../../shared/models';
import { type Bridge } from '../../bridge';
import { type DuetDb } from '../../data/db';
import { useHeadline } from '../insights/headlines-live';
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
import { type Slide, slidesOf } from './slides';
import { useFocusWhileOpen, useViewerKeys, useViewerPosition, type ViewerPosition } from './use-viewer';

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
  /** The store and account, for the item's views from the insights snapshots (none in a bare viewer). */
  insights?: { db: DuetDb; accountId: string } | undefined;
}

/** The item's views from the insights snapshots, with their "as of" time (nothing before the first fetch). */
function ViewerHeadline(props: { db: DuetDb; accountId: string; mediaId: string }) {
  const h = useHeadline(props.db, props.accountId, props.mediaId);
  if (!h) return null;
  return (
    <span title={h.title} data-testid="viewer-views">
      {h.text}
      <span className="visually-hidden"> ({h.title})</span>
    </span>
  );
}

/** The picture or video of the current slide and, for a carousel, its previous/next buttons and dots. */
function ViewerStage(props: {
  item: IgMedia;
  slides: Slide[];
  slide: Slide;
  pos: ViewerPosition;
  setPos: Dispatch<SetStateAction<ViewerPosition>>;
  label: string;
  bridge: Bridge;
}) {
  const { item, slides, slide, pos, setPos, label, bridge } = props;
  return (
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
  );
}

/** The side panel: the account, the Close button, the caption, counts, date and the link to Instagram. */
function ViewerDetails(props: {
  item: IgMedia;
  instagram: InstagramAccount | undefined;
  bridge: Bridge;
  closeRef: RefObject<HTMLButtonElement | null>;
  onClose: () => void;
  insights: MediaViewerProps['insights'];
}) {
  const { item, instagram, bridge, closeRef, onClose, insights } = props;
  const openComments = useContext(OpenCommentsContext);
  return (
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
        <button ref={closeRef} className="icon-btn viewer-close" onClick={onClose} aria-label="Close viewer">
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
          {item.commentsCount !== undefined &&
            (openComments && item.productType !== 'STORY' ? (
              <button
                className="viewer-comments"
                onClick={() => {
                  openComments(item.id);
                  onClose();
                }}
                data-testid="open-comments"
              >
                <CommentIcon size={16} /> {compactCount(item.commentsCount)} comments
              </button>
            ) : (
              <span>
                <CommentIcon size={16} /> {compactCount(item.commentsCount)} comments
              </span>
            ))}
          {insights && <ViewerHeadline {...insights} mediaId={item.nativeId} />}
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
  );
}

/** The modal media viewer. */
export default function MediaViewer(props: MediaViewerProps) {
  const { items, bridge, instagram, onClose, kind = 'post' } = props;
  const { pos, setPos, next, prev } = useViewerPosition(items, props.startIndex);
  const dialogRef = useRef<HTMLDivElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const item = items[pos.item];
  const slides = item ? slidesOf(item) : [];
  const slide = slides[Math.min(pos.slide, slides.length - 1)];
  useFocusWhileOpen(closeRef);
  useViewerKeys(dialogRef, { next, prev, onClose });

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
        <ViewerStage
          item={item}
          slides={slides}
          slide={slide}
          pos={pos}
          setPos={setPos}
          label={label}
          bridge={bridge}
        />
        <ViewerDetails
          item={item}
          instagram={instagram}
          bridge={bridge}
          closeRef={closeRef}
          onClose={onClose}
          insights={props.insights}
        />
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
