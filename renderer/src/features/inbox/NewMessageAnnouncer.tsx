// A polite live region that tells a screen reader about new inbound messages: once per new message, never for a poll
// that found nothing, and never for the conversations the first sync brings in.
import { useState } from 'react';
import { type ConversationRow } from '../../data/db';
import { customerName } from './names';

/** The newest customer message seen so far (epoch ms); null until the first conversations have been seen. */
type Watermark = number | null;

/** The conversations whose latest customer message is newer than the watermark, and the new watermark. */
export function inboundArrivals(
  watermark: Watermark,
  conversations: readonly ConversationRow[],
): { watermark: Watermark; arrivals: ConversationRow[] } {
  const times = conversations.map((c) => c.lastCustomerMessageAt ?? 0);
  const newest = times.length ? Math.max(...times) : null;
  // The first conversations seen are what was already there: nothing to announce.
  if (watermark === null) return { watermark: newest, arrivals: [] };
  const arrivals = conversations.filter((c) => (c.lastCustomerMessageAt ?? 0) > watermark);
  return { watermark: Math.max(watermark, newest ?? watermark), arrivals };
}

function timeOf(c: ConversationRow): string {
  return new Date(c.lastCustomerMessageAt ?? c.updatedTime).toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** The sentence a screen reader hears for these new messages. */
export function announcementOf(arrivals: readonly ConversationRow[]): string {
  const one = (c: ConversationRow) => `${customerName(c)}: ${c.snippet ?? 'an attachment'} (${timeOf(c)})`;
  if (arrivals.length === 1) return `New message from ${one(arrivals[0]!)}`;
  return `${arrivals.length} new messages — ${arrivals.map(one).join('; ')}`;
}

/** The live region; give it the account's newest conversations (undefined while they load). */
export function NewMessageAnnouncer({
  conversations,
}: {
  conversations: readonly ConversationRow[] | undefined;
}) {
  const [state, setState] = useState<{
    seen?: readonly ConversationRow[];
    watermark: Watermark;
    text: string;
  }>({
    watermark: null,
    text: '',
  });
  // Adjusting state while rendering when the list changes (React's pattern for state derived from props): the text
  // changes only when a message newer than every one seen before arrives.
  if (conversations && conversations !== state.seen) {
    const next = inboundArrivals(state.watermark, conversations);
    setState({
      seen: conversations,
      watermark: next.watermark,
      text: next.arrivals.length ? announcementOf(next.arrivals) : state.text,
    });
  }
  return (
    <div className="visually-hidden" role="status" aria-live="polite" data-testid="new-message-announcer">
      {state.text}
    </div>
  );
}
