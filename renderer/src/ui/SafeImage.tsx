// A cached picture that never shows as broken: while loading it is a soft tile, on error a neutral placeholder.
// Loads go through a small limiter (see media-slots.ts) so pictures cannot starve the bridge of connections.
import { useEffect, useRef, useState } from 'react';
import { type MediaRef } from '../../../shared/models';
import { type Bridge } from '../bridge';
import { useMediaSlots } from './media-slots';
import './media.css';

/** How long one picture may hold a load slot before the next one may start anyway. */
const SLOT_TIMEOUT_MS = 10_000;

/** Neutral placeholder glyph (a framed landscape). */
export function ImagePlaceholderIcon({ size = 28 }: { size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.6}
      aria-hidden
    >
      <rect x="3" y="4" width="18" height="16" rx="2.5" />
      <circle cx="9" cy="10" r="1.8" />
      <path d="m4 18 5-5 4 4 3-3 4 4" />
    </svg>
  );
}

/** `<img>` from the media cache (`thumb` for grids, `full` for the viewer) with a placeholder on failure. */
export function SafeImage(props: {
  media: MediaRef | undefined;
  variant: 'thumb' | 'full';
  bridge: Bridge;
  alt?: string;
  className?: string;
  /** Skip the queue (the picture the user just asked for, e.g. in the viewer). */
  eager?: boolean;
}) {
  const { media, variant, bridge, alt = '', className, eager } = props;
  const slots = useMediaSlots(bridge.kind);
  const [failedSrc, setFailedSrc] = useState<string | null>(null);
  const [grantedSrc, setGrantedSrc] = useState<string | null>(null);
  const releaseRef = useRef<(() => void) | null>(null);
  const src = media ? bridge.mediaSrc(media, variant) : null;

  useEffect(() => {
    if (!src || eager) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    void slots.acquire().then((release) => {
      if (cancelled) return release();
      releaseRef.current = release;
      // A request the browser drops fires neither load nor error: never let it hold a slot for good.
      timer = setTimeout(() => {
        releaseRef.current?.();
        releaseRef.current = null;
      }, SLOT_TIMEOUT_MS);
      setGrantedSrc(src);
    });
    return () => {
      cancelled = true;
      clearTimeout(timer);
      releaseRef.current?.();
      releaseRef.current = null;
    };
  }, [src, eager, slots]);

  const done = () => {
    releaseRef.current?.();
    releaseRef.current = null;
  };

  if (!src || failedSrc === src) {
    return (
      <span
        className={`img-placeholder ${className ?? ''}`}
        role="img"
        aria-label={alt || 'Picture not available'}
        data-placeholder
      >
        <ImagePlaceholderIcon />
      </span>
    );
  }
  if (!eager && grantedSrc !== src) return <span className={`img-pending ${className ?? ''}`} aria-hidden />;
  return (
    <img
      className={className}
      src={src}
      alt={alt}
      decoding="async"
      draggable={false}
      onLoad={done}
      onError={() => {
        done();
        setFailedSrc(src);
      }}
    />
  );
}
