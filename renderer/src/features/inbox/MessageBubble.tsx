// One message bubble: inbound left, outbound right; text rendered as text with safe links; attachments from the
// media cache; the delivery state of replies written in Duet.
import { memo, useState } from 'react';
import { type Bridge } from '../../bridge';
import { type MessageRow } from '../../data/db';
import { type Outbox } from '../../data/outbox/types';
import { ExternalLink, LinkifiedText } from '../../ui/ExternalLink';
import { SafeImage } from '../../ui/SafeImage';
import { fullTime, isoTime } from '../../ui/time';
import { AlertIcon, ClockIcon, FileIcon, SentIcon } from './icons';

const MAX_W = 260;
const MAX_H = 300;

/** The on-screen box of a picture, known before it loads so the virtualized thread never re-flows under the reader. */
export function imageBox(
  width: number | undefined,
  height: number | undefined,
): { width: number; height: number } {
  if (!width || !height) return { width: 240, height: 180 };
  const scale = Math.min(MAX_W / width, MAX_H / height, 1);
  return { width: Math.round(width * scale), height: Math.round(height * scale) };
}

/**
 * A reply Meta never confirmed and Duet cannot look up (see data/outbox/README.md): never resent on its own. The
 * user may check again, or send it again after confirming that it might arrive twice.
 */
function Unconfirmed({ message, outbox }: { message: MessageRow; outbox: Outbox | null }) {
  const [confirming, setConfirming] = useState(false);
  const { clientId } = message;
  return (
    <span className="delivery delivery-failed" data-testid="delivery" data-state="unconfirmed" role="status">
      <AlertIcon label="Not sure this was delivered" />
      <span className="delivery-reason">
        Not sure this was delivered — Meta didn’t confirm it.{message.error ? ` ${message.error}` : ''}
      </span>
      {clientId && outbox && !confirming && (
        <>
          <button type="button" className="link-btn" onClick={() => void outbox.checkAgain(clientId)}>
            Check again
          </button>
          <button type="button" className="link-btn" onClick={() => setConfirming(true)}>
            Send again
          </button>
        </>
      )}
      {clientId && outbox && confirming && (
        <>
          <span className="delivery-reason">If it did arrive, the customer will get it twice.</span>
          <button
            type="button"
            className="link-btn"
            onClick={() => {
              setConfirming(false);
              void outbox.sendAgain(clientId);
            }}
          >
            Yes, send it again
          </button>
          <button type="button" className="link-btn" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </>
      )}
    </span>
  );
}

function DeliveryState({ message, outbox }: { message: MessageRow; outbox: Outbox | null }) {
  const { state, clientId } = message;
  if (!state) return null;
  if (state === 'unconfirmed') return <Unconfirmed message={message} outbox={outbox} />;
  if (state === 'queued' || state === 'sending')
    return (
      <span className="delivery delivery-pending" data-testid="delivery" data-state={state}>
        <ClockIcon label={state === 'queued' ? 'Waiting to send' : 'Sending'} />
      </span>
    );
  if (state === 'sent')
    return (
      <span className="delivery delivery-sent" data-testid="delivery" data-state="sent">
        <SentIcon label="Sent" />
      </span>
    );
  if (state === 'unknown')
    return (
      <span
        className="delivery delivery-unknown"
        data-testid="delivery"
        data-state="unknown"
        title="The connection dropped while sending; Duet is checking whether it arrived before trying again."
      >
        checking…
      </span>
    );
  return (
    <span className="delivery delivery-failed" data-testid="delivery" data-state="failed" role="alert">
      <AlertIcon label="Not sent" />
      <span className="delivery-reason">Not sent{message.error ? `: ${message.error}` : ''}</span>
      {clientId && outbox && (
        <>
          <button type="button" className="link-btn" onClick={() => void outbox.retry(clientId)}>
            Retry
          </button>
          <button
            type="button"
            className="link-btn"
            onClick={() => void outbox.discard(clientId).catch(() => undefined)}
          >
            Discard
          </button>
        </>
      )}
    </span>
  );
}

/** A message bubble. */
export const MessageBubble = memo(function MessageBubble(props: {
  message: MessageRow;
  firstOfRun: boolean;
  lastOfRun: boolean;
  highlighted: boolean;
  bridge: Bridge;
  outbox: Outbox | null;
}) {
  const { message: m, firstOfRun, lastOfRun, highlighted, bridge, outbox } = props;
  const side = m.fromPage ? 'out' : 'in';
  const time = new Date(m.createdTime).toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
  return (
    <div
      className={`msg msg-${side}${firstOfRun ? ' msg-first' : ''}${lastOfRun ? ' msg-last' : ''}${highlighted ? ' msg-highlight' : ''}`}
      data-testid="message"
      data-message-id={m.id}
      data-side={side}
    >
      <div className="msg-stack">
        {m.text && (
          <div className="bubble" title={fullTime(m.createdTime)}>
            <LinkifiedText text={m.text} bridge={bridge} />
          </div>
        )}
        {m.attachments.map((a, i) =>
          a.kind === 'image' && a.media ? (
            <div className="bubble bubble-media" key={i} style={imageBox(a.media.width, a.media.height)}>
              <SafeImage
                media={a.media}
                variant="thumb"
                bridge={bridge}
                alt={a.name ?? 'Image'}
                className="msg-image"
              />
            </div>
          ) : (
            <div className="bubble bubble-file" key={i}>
              <FileIcon />
              <ExternalLink href={a.url ?? a.media?.url} bridge={bridge}>
                {a.name ?? (a.kind === 'video' ? 'Video' : a.kind === 'audio' ? 'Audio' : 'Attachment')}
              </ExternalLink>
            </div>
          ),
        )}
        {(lastOfRun || m.state) && (
          <div className="msg-meta">
            <time dateTime={isoTime(m.createdTime)}>{time}</time>
            <DeliveryState message={m} outbox={outbox} />
          </div>
        )}
      </div>
    </div>
  );
});
