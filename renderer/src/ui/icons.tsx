// Inline SVG icons (no icon font, no network). Each takes an optional size and inherits currentColor.
import { type ReactElement } from 'react';

type IconProps = { size?: number; title?: string };

function svg(path: ReactElement, { size = 18, title }: IconProps, viewBox = '0 0 24 24') {
  return (
    <svg
      width={size}
      height={size}
      viewBox={viewBox}
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      role={title ? 'img' : undefined}
      aria-hidden={title ? undefined : true}
      aria-label={title}
    >
      {path}
    </svg>
  );
}

/** Home (feed + gallery). */
export const HomeIcon = (p: IconProps) =>
  svg(<path d="M3 10.5 12 3l9 7.5V20a1 1 0 0 1-1 1h-5v-6H9v6H4a1 1 0 0 1-1-1z" />, p);
/** Posts (the publish queue). */
export const PostsIcon = (p: IconProps) => svg(<path d="M4 4h16v16H4zM8 9h8M8 13h8M8 17h5" />, p);
/** Write a new post. */
export const ComposeIcon = (p: IconProps) =>
  svg(<path d="M12 20h9M16.5 3.5a2.1 2.1 0 0 1 3 3L7 19l-4 1 1-4z" />, p);
/** Inbox. */
export const InboxIcon = (p: IconProps) =>
  svg(
    <>
      <path d="M22 12h-6l-2 3h-4l-2-3H2" />
      <path d="M5.45 5.11 2 12v6a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2v-6l-3.45-6.89A2 2 0 0 0 16.76 4H7.24a2 2 0 0 0-1.79 1.11z" />
    </>,
    p,
  );
/** Insights (a bar chart). */
export const InsightsIcon = (p: IconProps) =>
  svg(
    <>
      <path d="M4 20V10M10 20V4M16 20v-7M22 20H2" />
    </>,
    p,
  );
/** Settings gear. */
export const SettingsIcon = (p: IconProps) =>
  svg(
    <>
      <circle cx="12" cy="12" r="3" />
      <path d="M19.4 15a1.65 1.65 0 0 0 .33 1.82l.06.06a2 2 0 1 1-2.83 2.83l-.06-.06a1.65 1.65 0 0 0-1.82-.33 1.65 1.65 0 0 0-1 1.51V21a2 2 0 1 1-4 0v-.09A1.65 1.65 0 0 0 9 19.4a1.65 1.65 0 0 0-1.82.33l-.06.06a2 2 0 1 1-2.83-2.83l.06-.06A1.65 1.65 0 0 0 4.68 15a1.65 1.65 0 0 0-1.51-1H3a2 2 0 1 1 0-4h.09A1.65 1.65 0 0 0 4.6 9a1.65 1.65 0 0 0-.33-1.82l-.06-.06a2 2 0 1 1 2.83-2.83l.06.06A1.65 1.65 0 0 0 9 4.68a1.65 1.65 0 0 0 1-1.51V3a2 2 0 1 1 4 0v.09a1.65 1.65 0 0 0 1 1.51 1.65 1.65 0 0 0 1.82-.33l.06-.06a2 2 0 1 1 2.83 2.83l-.06.06A1.65 1.65 0 0 0 19.4 9a1.65 1.65 0 0 0 1.51 1H21a2 2 0 1 1 0 4h-.09a1.65 1.65 0 0 0-1.51 1z" />
    </>,
    p,
  );
/** Chevron down. */
export const ChevronDownIcon = (p: IconProps) => svg(<path d="m6 9 6 6 6-6" />, p);
/** Check mark. */
export const CheckIcon = (p: IconProps) => svg(<path d="M20 6 9 17l-5-5" />, p);
/** Close (x). */
export const CloseIcon = (p: IconProps) => svg(<path d="M18 6 6 18M6 6l12 12" />, p);
/** Cloud with a slash: offline. */
export const OfflineIcon = (p: IconProps) =>
  svg(
    <>
      <path d="m2 2 20 20" />
      <path d="M5.78 5.78A7 7 0 0 0 6 19h11a4.5 4.5 0 0 0 1.67-.32M21.5 15.5A4.5 4.5 0 0 0 17.5 10h-1.26A8 8 0 0 0 9.6 4.24" />
    </>,
    p,
  );
/** Circular arrows: syncing. */
export const SyncIcon = (p: IconProps) =>
  svg(
    <>
      <path d="M21 12a9 9 0 0 1-15.5 6.2L3 16" />
      <path d="M3 12a9 9 0 0 1 15.5-6.2L21 8" />
      <path d="M21 3v5h-5M3 21v-5h5" />
    </>,
    p,
  );
/** Warning triangle. */
export const WarningIcon = (p: IconProps) =>
  svg(
    <>
      <path d="M10.29 3.86 1.82 18a2 2 0 0 0 1.71 3h16.94a2 2 0 0 0 1.71-3L13.71 3.86a2 2 0 0 0-3.42 0z" />
      <path d="M12 9v4M12 17h.01" />
    </>,
    p,
  );
/** Facebook "f" mark (filled). */
export const FacebookMark = ({ size = 18 }: IconProps) => (
  <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden>
    <circle cx="12" cy="12" r="12" fill="#1877f2" />
    <path
      d="M13.4 19v-6.1h2.05l.3-2.4H13.4V9c0-.7.2-1.17 1.2-1.17h1.25V5.7A17 17 0 0 0 14.03 5.6c-1.8 0-3.03 1.1-3.03 3.12v1.77H9v2.4h2v6.1z"
      fill="#fff"
    />
  </svg>
);
/** Instagram camera mark (filled gradient). */
export const InstagramMark = ({ size = 18 }: IconProps) => (
  <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden>
    <defs>
      <linearGradient id="ig-grad" x1="0" y1="1" x2="1" y2="0">
        <stop offset="0" stopColor="#f9a825" />
        <stop offset="0.45" stopColor="#e1306c" />
        <stop offset="1" stopColor="#833ab4" />
      </linearGradient>
    </defs>
    <rect x="1" y="1" width="22" height="22" rx="6.5" fill="url(#ig-grad)" />
    <rect x="6" y="6" width="12" height="12" rx="3.8" fill="none" stroke="#fff" strokeWidth="1.8" />
    <circle cx="12" cy="12" r="2.9" fill="none" stroke="#fff" strokeWidth="1.8" />
    <circle cx="16.4" cy="7.6" r="1" fill="#fff" />
  </svg>
);
/** Messenger bolt mark (filled gradient). */
export const MessengerMark = ({ size = 18 }: IconProps) => (
  <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden>
    <defs>
      <linearGradient id="ms-grad" x1="0" y1="1" x2="1" y2="0">
        <stop offset="0" stopColor="#0695ff" />
        <stop offset="0.6" stopColor="#a334fa" />
        <stop offset="1" stopColor="#ff6968" />
      </linearGradient>
    </defs>
    <path
      d="M12 2C6.36 2 2 6.13 2 11.7c0 2.91 1.19 5.44 3.14 7.17.16.15.26.35.27.57l.05 1.78a.8.8 0 0 0 1.12.71l1.99-.88a.8.8 0 0 1 .53-.04c.91.25 1.89.39 2.9.39 5.64 0 10-4.13 10-9.7S17.64 2 12 2z"
      fill="url(#ms-grad)"
    />
    <path
      d="m6 14.5 2.94-4.66a1.5 1.5 0 0 1 2.17-.4l2.34 1.75a.6.6 0 0 0 .72 0l3.16-2.4c.42-.32.97.18.69.63L15.08 14.1a1.5 1.5 0 0 1-2.17.4l-2.34-1.75a.6.6 0 0 0-.72 0l-3.16 2.4c-.42.32-.97-.18-.69-.63z"
      fill="#fff"
    />
  </svg>
);
/** The Duet logo: two overlapping rings. */
export const DuetLogo = ({ size = 26 }: IconProps) => (
  <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden>
    <defs>
      <linearGradient id="duet-ig" x1="0" y1="1" x2="1" y2="0">
        <stop offset="0" stopColor="#f9a825" />
        <stop offset="0.5" stopColor="#e1306c" />
        <stop offset="1" stopColor="#833ab4" />
      </linearGradient>
    </defs>
    <rect width="32" height="32" rx="8" fill="var(--bg-elevated)" />
    <circle cx="12.5" cy="16" r="7" fill="none" stroke="#1877f2" strokeWidth="3.2" />
    <circle cx="19.5" cy="16" r="7" fill="none" stroke="url(#duet-ig)" strokeWidth="3.2" />
  </svg>
);
