// Links that leave Duet. Only http(s) URLs become links; in Electron they open through the host's allow-listed
// app/open-external (the window itself never navigates), in the browser host in a new tab without an opener.
import { type MouseEvent, type ReactNode } from 'react';
import { type Bridge } from '../bridge';

/** The URL if it is an absolute http/https URL, else null (javascript:, data:, relative… are never linked). */
export function safeHttpUrl(raw: string | undefined): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/** An external link; renders its children as plain text when the URL is not a safe http(s) URL. */
export function ExternalLink(props: {
  href: string | undefined;
  bridge: Bridge;
  className?: string;
  title?: string;
  children: ReactNode;
}) {
  const { bridge, className, title, children } = props;
  const href = safeHttpUrl(props.href);
  if (!href) return <span className={className}>{children}</span>;
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    e.stopPropagation();
    if (bridge.kind !== 'electron') return;
    e.preventDefault();
    void bridge.invoke('app/open-external', { url: href }).catch(() => undefined);
  };
  return (
    <a
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      className={className}
      title={title}
      onClick={onClick}
    >
      {children}
    </a>
  );
}

const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
// Punctuation that usually ends a sentence rather than the URL ("see https://x.com/a.").
const TRAILING = /[),.;:!?\]]+$/;

/** Text with its http(s) URLs turned into safe external links; everything else stays text (never HTML). */
export function LinkifiedText(props: { text: string; bridge: Bridge }) {
  const { text, bridge } = props;
  const parts: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    let url = m[0];
    const trail = TRAILING.exec(url)?.[0] ?? '';
    if (trail) url = url.slice(0, -trail.length);
    const start = m.index;
    if (start > last) parts.push(text.slice(last, start));
    parts.push(
      <ExternalLink key={start} href={url} bridge={bridge} className="text-link">
        {url}
      </ExternalLink>,
    );
    last = start + url.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return <>{parts}</>;
}
