// Icons for content cards, the gallery and the media viewer (inline SVG, inherit currentColor).
import { type ReactNode } from 'react';

type P = { size?: number };
const icon = (children: ReactNode, { size = 18 }: P, fill = false) => (
  <svg
    width={size}
    height={size}
    viewBox="0 0 24 24"
    fill={fill ? 'currentColor' : 'none'}
    stroke={fill ? 'none' : 'currentColor'}
    strokeWidth={1.8}
    strokeLinecap="round"
    strokeLinejoin="round"
    aria-hidden
  >
    {children}
  </svg>
);

/** Like / reaction (thumb). */
export const LikeIcon = (p: P) =>
  icon(
    <path d="M7 10v11H4a1 1 0 0 1-1-1v-9a1 1 0 0 1 1-1zm0 0 4-7a2 2 0 0 1 3 2l-1 4h6a2 2 0 0 1 2 2.3l-1.2 7A2 2 0 0 1 17.8 21H7" />,
    p,
  );
/** Heart (Instagram likes). */
export const HeartIcon = (p: P) =>
  icon(<path d="M12 20.5s-8-4.6-8-10.4A4.6 4.6 0 0 1 12 7a4.6 4.6 0 0 1 8 3.1c0 5.8-8 10.4-8 10.4z" />, p);
/** Comment bubble. */
export const CommentIcon = (p: P) =>
  icon(<path d="M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.6A8 8 0 1 1 21 12z" />, p);
/** Share arrow. */
export const ShareIcon = (p: P) => icon(<path d="M14 5l7 7-7 7v-4c-6 0-9 2-11 5 1-6 4-10 11-11z" />, p);
/** Play triangle (filled). */
export const PlayIcon = (p: P) =>
  icon(<path d="M8 5.5v13a1 1 0 0 0 1.5.9l10.2-6.5a1 1 0 0 0 0-1.8L9.5 4.6A1 1 0 0 0 8 5.5z" />, p, true);
/** Carousel (stacked squares). */
export const CarouselIcon = (p: P) =>
  icon(
    <>
      <rect x="7" y="7" width="13" height="13" rx="2" fill="currentColor" stroke="none" />
      <path d="M4 16V6a2 2 0 0 1 2-2h10" />
    </>,
    p,
  );
/** Reel (clapper). */
export const ReelIcon = (p: P) =>
  icon(
    <>
      <rect x="3" y="3" width="18" height="18" rx="4" />
      <path d="M3 8h18M8 3l3 5M14 3l3 5" />
      <path d="M10 11.5v5l4.5-2.5z" fill="currentColor" />
    </>,
    p,
  );
/** Video camera. */
export const VideoIcon = (p: P) =>
  icon(
    <>
      <rect x="2.5" y="6" width="13" height="12" rx="2" fill="currentColor" stroke="none" />
      <path d="m16 10 5-3v10l-5-3z" fill="currentColor" stroke="none" />
    </>,
    p,
  );
/** Arrow out of a box (opens in the browser). */
export const ExternalIcon = (p: P) =>
  icon(<path d="M14 4h6v6M20 4l-9 9M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5" />, p);
/** Chevron left. */
export const ChevronLeftIcon = (p: P) => icon(<path d="m15 18-6-6 6-6" />, p);
/** Chevron right. */
export const ChevronRightIcon = (p: P) => icon(<path d="m9 18 6-6-6-6" />, p);
/** Arrow up (the "new posts" pill). */
export const ArrowUpIcon = (p: P) => icon(<path d="M12 19V5M5 12l7-7 7 7" />, p);
/** Collapse a column (panel shrinking). */
export const CollapseIcon = (p: P) =>
  icon(
    <>
      <rect x="3" y="4" width="18" height="16" rx="2" />
      <path d="M9 4v16M15 10l-2 2 2 2" />
    </>,
    p,
  );
/** Show both columns again. */
export const ExpandIcon = (p: P) =>
  icon(
    <>
      <rect x="3" y="4" width="18" height="16" rx="2" />
      <path d="M12 4v16" />
    </>,
    p,
  );
/** Link (chain). */
export const LinkIcon = (p: P) =>
  icon(
    <path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1" />,
    p,
  );
/** Info circle. */
export const InfoIcon = (p: P) =>
  icon(
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 11v5M12 8h.01" />
    </>,
    p,
  );
