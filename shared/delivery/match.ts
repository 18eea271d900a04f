// Was an ambiguous send delivered? Meta's Send API has no idempotency key, so the only evidence is the thread: a
// Page-sent message with the same text, dated (in Meta's time) at or after the attempt. And Meta returns only the
// 20 newest messages of a conversation with their details (older ones answer "deleted or too old": Conversations
// API, developers.facebook.com/docs/messenger-platform/conversations), so "not found" proves non-delivery only when
// the page reaches back past the attempt.

/** Meta returns details for this many of a conversation's newest messages, no more. */
export const MESSAGE_WINDOW = 20;

import type { ClockHint } from '../bridge/calls/inbox';

/**
 * ClockHint: what the host tells the renderer about Meta's clock with a page of messages: Meta's time ≈ local +
 * offsetMs, and a delivery's `created_time` is no earlier than (attempt + offsetMs − toleranceMs).
 */
export type { ClockHint };

/** Above this the clock reading is too poor to match anything by time: the answer is "unconfirmed". */
export const MAX_MATCH_TOLERANCE_MS = 60_000;

/**
 * The earliest Meta time a delivery of an attempt made at local time `attemptAt` can carry, or undefined when the
 * clock is not known well enough to say.
 */
export function deliveryFloor(attemptAt: number, clock: ClockHint | undefined): number | undefined {
  if (!clock || !Number.isFinite(clock.offsetMs) || !(clock.toleranceMs <= MAX_MATCH_TOLERANCE_MS))
    return undefined;
  return attemptAt + clock.offsetMs - Math.max(0, clock.toleranceMs);
}

/** One message of the fetched page, as the match needs it. */
export interface ThreadMessage {
  id: string;
  fromPage: boolean;
  text?: string | undefined;
  createdTime: number;
}

/**
 * Could Page-sent message `m` be the delivery of a reply with `text` whose attempt's floor (Meta's time) is `floor`?
 * The one matching rule: the outbox's reconciliation (`judgeDelivery`) and the poller's adoption in the inbox
 * repository both use it. Without a floor nothing matches: a fixed tolerance on the local clock would take an earlier
 * identical Page message for the reply when the computer runs behind Meta.
 */
export function mayBeDelivery(m: ThreadMessage, text: string, floor: number | undefined): boolean {
  return floor !== undefined && m.fromPage && m.text === text && m.createdTime >= floor;
}

/** The three answers: found (adopt it), absent (provably not delivered: safe to send again), unconfirmed. */
export type DeliveryVerdict =
  | { kind: 'found'; messageId: string; createdTime: number }
  | { kind: 'absent' }
  | { kind: 'unconfirmed'; reason: 'window' | 'clock' };

/**
 * Judges a send against the page Meta returned (newest first or any order). `floor` is from `deliveryFloor`;
 * `taken(id)` is true for a message another outbox entry already owns.
 */
export function judgeDelivery(args: {
  text: string;
  floor: number | undefined;
  items: readonly ThreadMessage[];
  /** Meta said there are older messages than this page. */
  hasMore: boolean;
  taken: (id: string) => boolean;
}): DeliveryVerdict {
  const { floor, items } = args;
  if (floor === undefined) return { kind: 'unconfirmed', reason: 'clock' };
  const match = items
    .filter((m) => mayBeDelivery(m, args.text, floor) && !args.taken(m.id))
    .sort((a, b) => a.createdTime - b.createdTime)[0];
  if (match) return { kind: 'found', messageId: match.id, createdTime: match.createdTime };
  // Every message dated at or after the floor is in the page if the page holds an older one, or is the whole
  // conversation (fewer than Meta's window and nothing more to page).
  const reachesBack =
    items.some((m) => m.createdTime < floor) || (!args.hasMore && items.length < MESSAGE_WINDOW);
  return reachesBack ? { kind: 'absent' } : { kind: 'unconfirmed', reason: 'window' };
}
