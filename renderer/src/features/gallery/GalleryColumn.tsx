// The Instagram column: stories row (live ones ringed, expired ones kept as an archive), then a virtualized square
// grid whose column count follows the column's width (ResizeObserver). Reads through live windows only (use-gallery.ts).
// The viewer is lazy-loaded so it is not in the initial bundle.
import { useVirtualizer } from '@tanstack/react-virtual';
import { OpenCommentsContext } from '../comments/open-comments';
import { Suspense, useContext, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { type Account, type IgMedia } from '../../../../shared/models';
import { type Bridge } from '../../bridge';
import { AppContext } from '../../app/context';
import { type DuetDb, type MediaRow, type StoryRow } from '../../data/db';
import { isArchived } from '../../data/repos/content';
import { type SyncStatus } from '../../data/sync/types';
import { NewPostButton } from '../publish/NewPostButton';
import { ColumnHeader, columnSyncOf } from '../../ui/ColumnHeader';
import { CarouselIcon, CommentIcon, HeartIcon, ReelIcon, VideoIcon } from '../../ui/content-icons';
import { ExternalLink } from '../../ui/ExternalLink';
import { InstagramMark } from '../../ui/icons';
import { SafeImage } from '../../ui/SafeImage';
import { relativeTime } from '../../ui/time';
import { useNow } from '../../ui/use-now';
import { lazyView } from '../../ui/lazy-view';
import { compactCount } from '../feed/PostCard';
import { MissingPermission } from '../privacy/MissingPermission';
import { useStreamAccess } from '../privacy/use-permissions';
import { useGallery } from './use-gallery';
import { useMarkFirstPaint } from '../../ui/first-paint';
import './gallery.css';
import { ErrorBoundary } from '../../ui/ErrorBoundary';
import { staleReasonOf } from '../../ui/sync-text';

const MediaViewer = lazyView(() => import('./MediaViewer'));

/** Media rows loaded per window step. */
export const GALLERY_WINDOW_STEP = 60;
const GAP = 4;
const PAD = 12;
const MIN_CELL = 140;

/** Meta's help page on linking an Instagram professional account to a Facebook Page (allow-listed host). */
export const LINK_INSTAGRAM_HELP = 'https://www.facebook.com/business/help/898752960195806';

/** How many grid columns fit a width (2 to 6). */
export function columnsFor(width: number): number {
  return Math.max(2, Math.min(6, Math.floor((width - 2 * PAD + GAP) / (MIN_CELL + GAP))));
}

/** The picture a grid cell shows: the video's cover for videos/reels, the first child for carousels. */
export function tileImage(m: IgMedia) {
  if (m.mediaType === 'VIDEO') return m.thumbnail ?? m.media;
  if (m.mediaType === 'CAROUSEL_ALBUM') {
    // A carousel's media_url is its first child's media: a video file when that child is a video, which an <img>
    // cannot show, so use the child's cover then.
    const c = m.children[0];
    if (c?.mediaType === 'VIDEO') return c.thumbnail ?? m.thumbnail;
    return m.media ?? c?.media;
  }
  return m.media ?? m.thumbnail;
}

/** Props of the gallery column (the shell passes the open store and the engine's status). */
export interface GalleryColumnProps {
  account: Account;
  db: DuetDb;
  status?: SyncStatus | null;
  bridge?: Bridge;
  onCollapse?: () => void;
  expanded?: boolean;
  onExpand?: () => void;
}

type Viewing = { list: 'media' | 'stories'; index: number } | null;

/** The Instagram gallery column. */
export function GalleryColumn(props: GalleryColumnProps) {
  const { account, onCollapse, expanded, onExpand } = props;
  const app = useContext(AppContext);
  const bridge = props.bridge ?? app!.bridge;
  const ig = account.instagram;
  const header = (sync: ReturnType<typeof columnSyncOf>) => (
    <ColumnHeader
      mark={<InstagramMark size={22} />}
      title="Instagram"
      subtitle={ig ? `@${ig.username}` : undefined}
      sync={sync}
      noun={['item', 'items']}
      streamLabel="gallery"
      onCollapse={onCollapse}
      expanded={expanded}
      onExpand={onExpand}
      action={<NewPostButton where="Instagram gallery" />}
      testId="gallery"
    />
  );
  if (!ig) {
    return (
      <div className="content-column gallery-column" data-testid="gallery-column">
        {header({ count: 0, syncing: false, skipped: 0 })}
        <div className="column-scroll">
          <div className="column-empty gallery-unlinked" data-testid="gallery-unlinked">
            <span className="empty-icon">
              <InstagramMark size={28} />
            </span>
            <h3>No Instagram account is linked to {account.name}</h3>
            <p>
              Duet shows the Instagram professional account that is linked to this Facebook Page. Instagram
              gives access to a gallery only through that link.
            </p>
            <ol className="link-steps">
              <li>Open Meta Business Suite for {account.name}.</li>
              <li>Go to Settings → Linked accounts → Instagram.</li>
              <li>
                Connect your Instagram professional account, then come back: Duet picks it up at the next
                sign-in.
              </li>
            </ol>
            <ExternalLink href={LINK_INSTAGRAM_HELP} bridge={bridge} className="btn btn-sm" showHost={false}>
              How to link an Instagram account
            </ExternalLink>
          </div>
        </div>
      </div>
    );
  }
  return <LinkedGallery {...props} bridge={bridge} header={header} />;
}

function LinkedGallery(
  props: GalleryColumnProps & { bridge: Bridge; header: (s: ReturnType<typeof columnSyncOf>) => ReactNode },
) {
  const { account, db, status, bridge, header } = props;
  const now = useNow();
  const [limit, setLimit] = useState(GALLERY_WINDOW_STEP);
  const { rows, stories, stored } = useGallery(db, account.id, limit);
  useMarkFirstPaint(rows !== undefined);
  const online = status?.online ?? true;
  const streamSync = columnSyncOf(status?.streams.gallery, stored, online, staleReasonOf(status, 'active'));
  // A revoked read permission is said once, in words with Grant again, above the saved grid and stories (never
  // blanked). Stories have the same permissions, so their refusal shows the same notice.
  const storiesError = status?.streams.stories?.error;
  const gallery = useStreamAccess('instagram-gallery', streamSync.error);
  const storiesAccess = useStreamAccess('instagram-stories', storiesError);
  const access = gallery.blocked ? gallery : storiesAccess;
  // While refused, nothing is syncing: the header says when it last did.
  const sync = { ...streamSync, error: gallery.error, syncing: streamSync.syncing && !gallery.blocked };
  const [viewing, setViewing] = useState<Viewing>(null);

  const scrollRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const cols = columnsFor(width || 600);
  const cell = Math.max(60, ((width || 600) - 2 * PAD - GAP * (cols - 1)) / cols);
  const n = rows?.length ?? 0;
  const rowCount = Math.ceil(n / cols);
  const storiesHeight = stories && stories.length > 0 ? STORIES_HEIGHT : 0;

  // No React Compiler in this build: the virtualizer's functions are read fresh on every render.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => cell + GAP,
    overscan: 3,
    paddingStart: PAD,
    paddingEnd: PAD,
    scrollMargin: storiesHeight,
  });
  useEffect(() => {
    virtualizer.measure();
  }, [cell, cols, storiesHeight, virtualizer]);
  const vrows = virtualizer.getVirtualItems();
  const lastRow = vrows.at(-1)?.index ?? 0;
  useEffect(() => {
    if (n >= limit && (lastRow + 3) * cols >= n) setLimit((l) => Math.max(l, n + GALLERY_WINDOW_STEP));
  }, [lastRow, cols, n, limit]);

  let body;
  if (!rows) body = <GridSkeleton />;
  else if (rows.length === 0) {
    // A sync that cannot store anything (a full disk) is not "syncing": say so instead of a skeleton forever.
    body = access.blocked ? (
      <div className="column-empty" data-testid="gallery-empty">
        <p>Duet has not saved any posts of @{account.instagram?.username} yet.</p>
      </div>
    ) : sync.syncing && !sync.error ? (
      <GridSkeleton />
    ) : (
      <div className="column-empty" data-testid="gallery-empty">
        <h3>{sync.error ? 'The gallery could not be loaded' : 'No posts yet'}</h3>
        <p>
          {sync.error
            ? `${sync.error} Duet will try again by itself.`
            : online
              ? `@${account.instagram?.username} has not posted anything yet.`
              : 'You are offline and Duet has not saved this gallery yet.'}
        </p>
      </div>
    );
  } else {
    body = (
      <div
        className="gallery-grid"
        style={{ height: virtualizer.getTotalSize() }}
        role="group"
        aria-label="Instagram posts"
      >
        {vrows.map((vr) => (
          <div
            key={vr.key}
            className="gallery-row"
            style={{
              transform: `translateY(${vr.start - storiesHeight}px)`,
              gridTemplateColumns: `repeat(${cols}, 1fr)`,
              height: cell,
            }}
          >
            {rows.slice(vr.index * cols, vr.index * cols + cols).map((m, k) => (
              <Tile
                key={m.id}
                m={m}
                bridge={bridge}
                onOpen={() => setViewing({ list: 'media', index: vr.index * cols + k })}
              />
            ))}
          </div>
        ))}
      </div>
    );
  }

  const viewerItems: IgMedia[] = viewing?.list === 'stories' ? (stories ?? []) : (rows ?? []);
  return (
    <div className="content-column gallery-column" data-testid="gallery-column">
      {header(sync)}
      {access.blocked && (
        <MissingPermission
          feature={gallery.blocked ? 'instagram-gallery' : 'instagram-stories'}
          refused={access.refused}
          compact
        />
      )}
      <div className="column-scroll" ref={scrollRef} data-testid="gallery-scroll">
        {stories && stories.length > 0 && (
          <ErrorBoundary label="Stories" compact>
            <StoriesRow
              stories={stories}
              bridge={bridge}
              now={now}
              onOpen={(i) => setViewing({ list: 'stories', index: i })}
            />
          </ErrorBoundary>
        )}
        {body}
      </div>
      {viewing && viewerItems.length > 0 && (
        <ErrorBoundary label="The viewer">
          <Suspense fallback={<div className="viewer-backdrop" aria-busy="true" />}>
            <MediaViewer
              items={viewerItems}
              startIndex={viewing.index}
              bridge={bridge}
              instagram={account.instagram}
              kind={viewing.list === 'stories' ? 'story' : 'post'}
              insights={{ db, accountId: account.id }}
              onClose={() => setViewing(null)}
            />
          </Suspense>
        </ErrorBoundary>
      )}
    </div>
  );
}

const STORIES_HEIGHT = 112;

function StoriesRow(props: { stories: StoryRow[]; bridge: Bridge; now: number; onOpen(i: number): void }) {
  const { stories, bridge, now, onOpen } = props;
  return (
    <div className="stories-row" data-testid="stories-row" role="group" aria-label="Stories">
      {stories.map((s, i) => {
        const archived = isArchived(s, now);
        return (
          <button
            key={s.id}
            className={`story${archived ? ' is-archived' : ''}`}
            onClick={() => onOpen(i)}
            data-testid="story"
            aria-label={`${archived ? 'Archived story' : 'Story'} from ${relativeTime(s.timestamp, now)}`}
          >
            <span className="story-ring">
              <span className="story-pic">
                <SafeImage media={tileImage(s)} variant="thumb" bridge={bridge} />
              </span>
            </span>
            <span className="story-label">{archived ? 'Archived' : relativeTime(s.timestamp, now)}</span>
          </button>
        );
      })}
    </div>
  );
}

/** A tile and, where Home can show them, a button for its comments beside the tile's own (one button each). */
function Tile(props: { m: MediaRow; bridge: Bridge; onOpen(): void }) {
  const openComments = useContext(OpenCommentsContext);
  if (!openComments) return <TileButton {...props} />;
  const n = props.m.commentsCount ?? 0;
  return (
    <div className="tile-cell">
      <TileButton {...props} />
      <button
        className="tile-comments"
        onClick={() => openComments(props.m.id)}
        aria-label={`${n} comments: show them`}
        data-testid="open-comments"
      >
        <CommentIcon size={14} /> {compactCount(n)}
      </button>
    </div>
  );
}

function TileButton({ m, bridge, onOpen }: { m: MediaRow; bridge: Bridge; onOpen(): void }) {
  const kind =
    m.mediaType === 'CAROUSEL_ALBUM'
      ? 'Carousel'
      : m.productType === 'REELS'
        ? 'Reel'
        : m.mediaType === 'VIDEO'
          ? 'Video'
          : 'Photo';
  return (
    <button
      className="tile"
      onClick={onOpen}
      data-testid="gallery-tile"
      data-kind={kind.toLowerCase()}
      aria-label={`${kind}: ${m.caption?.slice(0, 80) ?? 'no caption'}`}
    >
      <SafeImage media={tileImage(m)} variant="thumb" bridge={bridge} />
      {kind !== 'Photo' && (
        <span className="tile-badge" aria-hidden>
          {kind === 'Carousel' ? (
            <CarouselIcon size={18} />
          ) : kind === 'Reel' ? (
            <ReelIcon size={18} />
          ) : (
            <VideoIcon size={18} />
          )}
        </span>
      )}
      <span className="tile-hover" aria-hidden>
        <span>
          <HeartIcon size={16} /> {compactCount(m.likeCount ?? 0)}
        </span>
        <span>
          <CommentIcon size={16} /> {compactCount(m.commentsCount ?? 0)}
        </span>
      </span>
    </button>
  );
}

function GridSkeleton() {
  return (
    <div className="gallery-skeleton" aria-busy="true" aria-label="Loading gallery">
      {Array.from({ length: 9 }, (_, i) => (
        <span key={i} className="skeleton" />
      ))}
    </div>
  );
}
