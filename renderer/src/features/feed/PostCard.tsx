// One Facebook post as a card: author, time, text (as text, links made safe), attachments, counts, permalink.
import { memo, useContext } from 'react';
import { OpenCommentsContext } from '../comments/open-comments';
import { type Account, type PostAttachment } from '../../../../shared/models';
import { type Bridge } from '../../bridge';
import { type PostRow } from '../../data/db';
import { type Headline } from '../insights/headline';
import { Avatar } from '../../ui/Avatar';
import { CommentIcon, ExternalIcon, LikeIcon, PlayIcon, ShareIcon } from '../../ui/content-icons';
import { checkExternalLink } from '../../../../shared/security/links';
import { ExternalLink, LinkifiedText } from '../../ui/ExternalLink';
import { SafeImage } from '../../ui/SafeImage';
import { fullTime, isoTime, relativeTime } from '../../ui/time';

/** Compact count: 1234 → "1.2K". */
export function compactCount(n: number): string {
  return new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 }).format(n);
}

function ratioStyle(a: PostAttachment | undefined) {
  const w = a?.image?.width;
  const h = a?.image?.height;
  // Clamp very tall or very wide pictures the way Facebook's feed does, so a card never becomes a poster.
  const r = w && h ? Math.min(Math.max(w / h, 0.8), 2) : 1.6;
  return { aspectRatio: String(r) };
}

function Photo({ a, bridge, label }: { a: PostAttachment; bridge: Bridge; label: string }) {
  return (
    <div className="post-photo" style={ratioStyle(a)}>
      <SafeImage media={a.image} variant="full" bridge={bridge} alt={label} />
      {a.type === 'video' && (
        <span className="post-play" role="img" aria-label="Video">
          <PlayIcon size={26} />
        </span>
      )}
    </div>
  );
}

function Album({ items, bridge }: { items: PostAttachment[]; bridge: Bridge }) {
  const shown = items.slice(0, 4);
  const more = items.length - shown.length;
  return (
    <div className={`post-album post-album-${shown.length}`} data-testid="post-album">
      {shown.map((c, i) => (
        <div className="post-album-cell" key={i}>
          <SafeImage
            media={c.image}
            variant="thumb"
            bridge={bridge}
            alt={`Photo ${i + 1} of ${items.length}`}
          />
          {c.type === 'video' && (
            <span className="post-play post-play-sm" role="img" aria-label="Video">
              <PlayIcon size={18} />
            </span>
          )}
          {more > 0 && i === shown.length - 1 && <span className="post-album-more">+{more}</span>}
        </div>
      ))}
    </div>
  );
}

/** A shared link's card. The domain line is the real host of where the link leads (the target of Meta's link shim). */
export function LinkPreview({ a, bridge }: { a: PostAttachment; bridge: Bridge }) {
  const check = checkExternalLink(a.url);
  const domain = check.ok ? check.host : '';
  return (
    <ExternalLink href={a.url} bridge={bridge} className="post-link" showHost={false}>
      {a.image && (
        <span className="post-link-image">
          <SafeImage media={a.image} variant="thumb" bridge={bridge} />
        </span>
      )}
      <span className="post-link-text">
        {domain && (
          <bdi dir="ltr" className="post-link-domain">
            {domain}
          </bdi>
        )}
        {a.title && <bdi className="post-link-title">{a.title}</bdi>}
        {a.description && <bdi className="post-link-desc">{a.description}</bdi>}
      </span>
    </ExternalLink>
  );
}

function Attachment({ post, bridge }: { post: PostRow; bridge: Bridge }) {
  const a = post.attachments[0];
  if (a?.type === 'album' || (a?.children && a.children.length > 1)) {
    const items = a.children?.length ? a.children : [a];
    return items.length === 1 ? (
      <Photo a={items[0]!} bridge={bridge} label="Photo" />
    ) : (
      <Album items={items} bridge={bridge} />
    );
  }
  if (a?.type === 'link') return <LinkPreview a={a} bridge={bridge} />;
  if ((a?.type === 'photo' || a?.type === 'video') && a.image)
    return <Photo a={a} bridge={bridge} label={a.title ?? 'Photo'} />;
  if (post.picture) return <Photo a={{ type: 'photo', image: post.picture }} bridge={bridge} label="Photo" />;
  return null;
}

/** A post card (memoized: rows re-render only when their stored row object changes). */
export const PostCard = memo(function PostCard(props: {
  post: PostRow;
  account: Account;
  bridge: Bridge;
  now: number;
  /** The post's views from the insights snapshots, when Duet has fetched them. */
  headline?: Headline | undefined;
}) {
  const { post, account, bridge, now, headline } = props;
  const visitor = post.isVisitorPost;
  const author = visitor ? (post.from?.name ?? 'Visitor') : account.name;
  const edited = post.updatedTime - post.createdTime > 60_000;
  const openComments = useContext(OpenCommentsContext);
  return (
    <article
      className={`post-card${post.goneAt ? ' is-gone' : ''}`}
      data-testid="post-card"
      data-post-id={post.id}
      aria-label={`Post by ${author}`}
    >
      <header className="post-head">
        <Avatar name={author} picture={visitor ? undefined : account.picture} size={40} bridge={bridge} />
        <div className="post-byline">
          <div className="post-author-line">
            <span className="post-author">{author}</span>
            {visitor && <span className="post-tag">Visitor post</span>}
          </div>
          <div className="post-time">
            <time dateTime={isoTime(post.createdTime)} title={fullTime(post.createdTime)}>
              {relativeTime(post.createdTime, now)}
            </time>
            {edited && <span title={`Edited ${fullTime(post.updatedTime)}`}> · Edited</span>}
            {post.goneAt && <span className="post-gone"> · Removed on Facebook</span>}
          </div>
        </div>
      </header>
      {(post.message || post.story) && (
        <div className="post-text" data-testid="post-text">
          <LinkifiedText text={post.message ?? post.story ?? ''} bridge={bridge} />
        </div>
      )}
      <Attachment post={post} bridge={bridge} />
      <footer className="post-foot">
        <span className="post-counts">
          <span className="post-count" title={`${post.reactions} reactions`}>
            <LikeIcon size={15} /> {compactCount(post.reactions)}
          </span>
          {openComments ? (
            <button
              className="post-count post-count-btn"
              onClick={() => openComments(post.id)}
              aria-label={`${post.comments} comments: show them`}
              data-testid="open-comments"
            >
              <CommentIcon size={15} /> {compactCount(post.comments)}
            </button>
          ) : (
            <span className="post-count" title={`${post.comments} comments`}>
              <CommentIcon size={15} /> {compactCount(post.comments)}
            </span>
          )}
          <span className="post-count" title={`${post.shares} shares`}>
            <ShareIcon size={15} /> {compactCount(post.shares)}
          </span>
          {headline && (
            <span className="post-count post-views" title={headline.title} data-testid="post-views">
              {headline.text}
            </span>
          )}
        </span>
        {post.permalinkUrl && (
          <ExternalLink href={post.permalinkUrl} bridge={bridge} className="post-open" showHost={false}>
            Open on Facebook <ExternalIcon size={13} />
          </ExternalLink>
        )}
      </footer>
    </article>
  );
});
