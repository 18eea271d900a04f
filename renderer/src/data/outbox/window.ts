// The reply window, as Meta enforces it on the Send API: a Page may answer within 24 h of the person's last message,
// or within 7 days with the HUMAN_AGENT message tag (developers.facebook.com/docs/messenger-platform/policy/policy-overview).

/** 24 hours: the standard messaging window. */
export const STANDARD_WINDOW_MS = 24 * 60 * 60_000;
/** 7 days: the window with the HUMAN_AGENT tag. */
export const HUMAN_AGENT_WINDOW_MS = 7 * 24 * 60 * 60_000;
/** The composer warns during the last hour. */
export const WARN_BEFORE_MS = 60 * 60_000;

/** Where a conversation stands with respect to the reply window. */
export interface ReplyWindow {
  /** open: can reply; closing: can reply, less than an hour left; closed: Meta would refuse; unknown: no customer message seen. */
  status: 'open' | 'closing' | 'closed' | 'unknown';
  /** Epoch ms when the window closes (absent when unknown). */
  closesAt?: number;
  /** Milliseconds left (0 when closed). */
  remainingMs?: number;
  /** True when only the HUMAN_AGENT tag keeps it open (the standard 24 h window has closed). */
  needsHumanAgent: boolean;
}

/** Computes the reply window from the customer's last message time. */
export function replyWindow(
  lastCustomerMessageAt: number | undefined,
  now: number,
  humanAgent: boolean,
): ReplyWindow {
  if (lastCustomerMessageAt === undefined) return { status: 'unknown', needsHumanAgent: false };
  const standardClosesAt = lastCustomerMessageAt + STANDARD_WINDOW_MS;
  const closesAt = lastCustomerMessageAt + (humanAgent ? HUMAN_AGENT_WINDOW_MS : STANDARD_WINDOW_MS);
  const remainingMs = Math.max(0, closesAt - now);
  const needsHumanAgent = now >= standardClosesAt && now < lastCustomerMessageAt + HUMAN_AGENT_WINDOW_MS;
  const status = remainingMs <= 0 ? 'closed' : remainingMs <= WARN_BEFORE_MS ? 'closing' : 'open';
  return { status, closesAt, remainingMs, needsHumanAgent };
}

/** "23 h 12 min", "42 min", "6 days 3 h": how long is left, for the composer. */
export function formatRemaining(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'less than a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  const restH = hours % 24;
  return `${days} day${days === 1 ? '' : 's'}${restH ? ` ${restH} h` : ''}`;
}

/** The sentence the composer shows under the text box, or an explanation when sending is not allowed. */
export function windowMessage(w: ReplyWindow, humanAgent: boolean): string {
  switch (w.status) {
    case 'unknown':
      return 'Reply window unknown until the conversation has synced.';
    case 'closed':
      return !humanAgent && w.needsHumanAgent
        ? 'The 24-hour reply window has closed. Turn on “Human agent” to reply within 7 days of their last message.'
        : 'The reply window has closed (24 h, or 7 days for a human agent). Meta accepts a reply only after the customer writes again.';
    case 'closing':
      return `Reply window closes in ${formatRemaining(w.remainingMs ?? 0)}.`;
    case 'open':
      return `Reply window open for ${formatRemaining(w.remainingMs ?? 0)}${humanAgent ? ' (human agent)' : ''}.`;
  }
}

/**
 * The reply window of a conversation. Before its messages are fetched the customer's last message time is unknown,
 * but the conversation's last activity is an upper bound for it: if even that is too old, the window is closed.
 */
export function conversationWindow(
  c: { lastCustomerMessageAt?: number | undefined; updatedTime: number },
  now: number,
  humanAgent: boolean,
): ReplyWindow {
  const w = replyWindow(c.lastCustomerMessageAt, now, humanAgent);
  if (w.status !== 'unknown') return w;
  const bound = replyWindow(c.updatedTime, now, humanAgent);
  return bound.status === 'closed' ? bound : w;
}
