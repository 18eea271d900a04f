// Links that leave Duet. A link is clickable only when the one link policy (shared/security/links.ts) allows it;
// in Electron it opens through the host's app/open-external (the window itself never navigates), in the browser
// host in a new tab without an opener or referrer. Every link shows where it really leads: link text comes from
// strangers, so bidi controls are stripped from URLs, URLs are isolated left-to-right, and the real host (punycode,
// the target's for Meta's link shim) is shown beside any text that does not already start with it.
import { type MouseEvent, type ReactNode } from 'react';
import { checkExternalLink, stripBidiControls, type LinkRefusal } from '../../../shared/security/links';
import { type Bridge } from '../bridge';

/** Why a link in a post or message is shown as text instead of a link (the title of the text). */
const REFUSED_WORDS: Readonly<Record<LinkRefusal, string>> = {
  'not-a-link': 'Duet does not open this: it is not a web link.',
  scheme: 'Duet does not open links that are not secure (https). Copy the address if you trust it.',
  credentials: 'Duet does not open this link: it hides its real address behind a user name.',
  port: 'Duet does not open this link: it points to an unusual port. Copy the address if you trust it.',
  'local-host':
    'Duet does not open this link: it points to this computer or your local network, not a website.',
  'shim-target':
    'Duet does not open this Facebook link: it leads to an address that is not secure or is local.',
};

/**
 * An external link; renders its children as plain text (titled with the reason) when the link policy refuses the
 * URL. `showHost` (default true) adds the real host beside the children; pass false only where the visible text
 * is Duet's own words ("Open on Facebook") — the host is then in the title.
 */
export function ExternalLink(props: {
  href: string | undefined;
  bridge: Bridge;
  className?: string;
  title?: string;
  showHost?: boolean;
  children: ReactNode;
}) {
  const { bridge, className, title, children, showHost = true } = props;
  const check = checkExternalLink(props.href);
  if (!check.ok) {
    return (
      <span
        className={['link-refused', className].filter(Boolean).join(' ')}
        title={REFUSED_WORDS[check.refusal]}
      >
        {children}
      </span>
    );
  }
  const href = check.href;
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    e.stopPropagation();
    if (bridge.kind !== 'electron') return;
    e.preventDefault();
    void bridge.invoke('app/open-external', { url: href }).catch(() => undefined);
  };
  const link = (
    <a
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      className={className}
      title={title ?? `Opens ${check.host}`}
      onClick={onClick}
    >
      {children}
    </a>
  );
  if (!showHost) return link;
  return (
    <>
      {link}
      <LinkHost host={check.host} />
    </>
  );
}

/** The real host of a link, isolated left-to-right so surrounding text cannot reorder it. */
export function LinkHost({ host }: { host: string }) {
  return (
    <>
      {' '}
      <bdi dir="ltr" className="link-host">
        {host}
      </bdi>
    </>
  );
}

const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
// Punctuation that usually ends a sentence rather than the URL ("see https://x.com/a.").
const TRAILING = /[),.;:!?\]]+$/;

/** Does the visible URL text already begin with its real host (so a host badge would only repeat it)? */
function startsWithHost(text: string, host: string): boolean {
  const lower = text.toLowerCase();
  return ['https://', 'http://'].some((s) => lower === s + host || lower.startsWith(`${s}${host}/`));
}

/**
 * Text with its URLs turned into safe external links; everything else stays text (never HTML). A URL's bidi
 * controls are removed from both its text and its href (what is shown is what opens), and it is isolated `ltr`.
 */
export function LinkifiedText(props: { text: string; bridge: Bridge }) {
  const { text, bridge } = props;
  const parts: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    let raw = m[0];
    const trail = TRAILING.exec(raw)?.[0] ?? '';
    if (trail) raw = raw.slice(0, -trail.length);
    const start = m.index;
    if (start > last) parts.push(text.slice(last, start));
    const url = stripBidiControls(raw);
    const check = checkExternalLink(url);
    parts.push(
      <ExternalLink
        key={start}
        href={url}
        bridge={bridge}
        className="text-link"
        showHost={check.ok && !startsWithHost(url, check.host)}
      >
        <bdi dir="ltr">{url}</bdi>
      </ExternalLink>,
    );
    last = start + raw.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return <>{parts}</>;
}
