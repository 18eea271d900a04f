// A cached picture that never shows as broken: while loading it is a soft tile, on error a neutral placeholder.
import { useState } from 'react';
import { type MediaRef } from '../../../shared/models';
import { type Bridge } from '../bridge';
import './media.css';

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
  eager?: boolean;
}) {
  const { media, variant, bridge, alt = '', className, eager } = props;
  const [failedKey, setFailedKey] = useState<string | null>(null);
  const src = media ? bridge.mediaSrc(media, variant) : null;
  if (!src || failedKey === src) {
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
  return (
    <img
      className={className}
      src={src}
      alt={alt}
      loading={eager ? 'eager' : 'lazy'}
      decoding="async"
      draggable={false}
      onError={() => setFailedKey(src)}
    />
  );
}
