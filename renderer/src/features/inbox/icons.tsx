// Inbox-specific inline icons (delivery states, search, send). They inherit currentColor.
import { type ReactNode } from 'react';

function icon(children: ReactNode, size = 14, label?: string) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      role={label ? 'img' : undefined}
      aria-hidden={label ? undefined : true}
      aria-label={label}
    >
      {label && <title>{label}</title>}
      {children}
    </svg>
  );
}

/** Queued / sending. */
export const ClockIcon = ({ size, label }: { size?: number; label?: string }) =>
  icon(
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 7v5l3 2" />
    </>,
    size,
    label,
  );
/** Sent. */
export const SentIcon = ({ size, label }: { size?: number; label?: string }) =>
  icon(<path d="M20 6 9 17l-5-5" />, size, label);
/** Failed. */
export const AlertIcon = ({ size, label }: { size?: number; label?: string }) =>
  icon(
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 7.5v5.5M12 16.5v.01" />
    </>,
    size,
    label,
  );
/** Search. */
export const SearchIcon = ({ size = 16 }: { size?: number }) =>
  icon(
    <>
      <circle cx="11" cy="11" r="7" />
      <path d="m20 20-3.5-3.5" />
    </>,
    size,
  );
/** Send. */
export const SendIcon = ({ size = 18 }: { size?: number }) =>
  icon(<path d="M4 12 20 4l-6 16-3-7z M11 13l9-9" />, size);
/** A file attachment. */
export const FileIcon = ({ size = 16 }: { size?: number }) =>
  icon(
    <>
      <path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z" />
      <path d="M14 3v5h5" />
    </>,
    size,
  );
