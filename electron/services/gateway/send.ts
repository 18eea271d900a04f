// inbox/send, inbox/send-status and inbox/mark-seen: replies sent exactly once by clientId (joined while in flight,
// answered again once delivered, remembered on disk by the send registry) and read receipts to known customers.
import type { CallArgs, CallResponse } from '../../../shared/bridge/contract';
import type { SendOutcome, SendRequest } from '../../../shared/bridge/calls/inbox';
import { GraphSendResult } from '../../../shared/graph/schemas';
import { GraphCallError, graphPath } from '../graph/client';
import { createSendRegistry } from '../send-registry';
import type { GatewayContext } from './context';
import { failedSendOutcome, noTokenOutcome, recipientCheckOutcome, sendParams } from './send-outcomes';

/** What inbox/send-status answers. */
export type SendStatus = CallResponse<'inbox/send-status'>;

/**
 * "Not sent" needs the attempt to be this much later than the moment since which the registry is complete: it only
 * matters when the registry file was created anew after the attempt (first run, file deleted) and the clock was
 * set back in between; NTP slews are far smaller.
 */
const NOT_SENT_MARGIN_MS = 5_000;

/** The send side of the gateway. */
export interface Sender {
  send(req: SendRequest): Promise<SendOutcome>;
  /** `attemptAt`: when the renderer made the attempt (local clock), so "never began here" can prove "not sent". */
  sendStatus(args: CallArgs<'inbox/send-status'>): SendStatus;
  markSeen(args: CallArgs<'inbox/mark-seen'>): Promise<CallResponse<'inbox/mark-seen'>>;
  /** Forgets in-flight records (sign-out). */
  reset(): void;
  /** Waits, at most `timeoutMs`, for the sends in flight to get their answers. */
  settle(timeoutMs: number): Promise<void>;
}

/** Creates the send side over the gateway's shared context. */
export function createSender(ctx: GatewayContext): Sender {
  const { opts, now, account, ownConversation, isKnownCustomer } = ctx;
  /** Sends in flight in this process (a duplicate call joins the first). */
  const inFlight = new Map<string, Promise<SendOutcome>>();
  const registry = opts.registry ?? createSendRegistry({ now, log: opts.log });

  function remember(clientId: string, outcome: SendOutcome) {
    inFlight.delete(clientId);
    registry.finish(clientId, outcome);
  }

  /** The Page token for a send, or the outcome that says why there is none. */
  function tokenFor(accountId: string): { token: string } | { outcome: SendOutcome } {
    try {
      return { token: opts.session.pageToken(accountId) };
    } catch (err) {
      return { outcome: noTokenOutcome(err) };
    }
  }

  /** Null when the recipient is the customer of this Page's conversation; else why the send stops here. */
  async function checkRecipient(req: SendRequest): Promise<SendOutcome | null> {
    // The recipient must be the customer of this Page's conversation: ids from the renderer are not trusted.
    try {
      const customer = await ownConversation(account(req.accountId), req.conversationId);
      if (customer !== req.recipientId)
        return {
          status: 'permanent',
          reason: 'This person is not part of that conversation, so Duet did not send the reply.',
          code: 'permission',
        };
      return null;
    } catch (err) {
      return recipientCheckOutcome(err);
    }
  }

  async function doSend(req: SendRequest): Promise<SendOutcome> {
    const auth = tokenFor(req.accountId);
    if ('outcome' in auth) return auth.outcome;
    const refused = await checkRecipient(req);
    if (refused) return refused;
    try {
      const res = await opts.graph.request({
        method: 'POST',
        path: graphPath(req.accountId, 'messages'),
        params: sendParams(req),
        token: auth.token,
        accountId: req.accountId,
      });
      const ok = GraphSendResult.safeParse(res.data);
      // Meta answered 200 but without a message id: it may have been delivered, so the outbox must reconcile.
      if (!ok.success) return { status: 'ambiguous', reason: 'Facebook answered without a message id.' };
      return { status: 'sent', messageId: ok.data.message_id, sentAt: now() };
    } catch (err) {
      if (!(err instanceof GraphCallError)) throw err;
      return failedSendOutcome(err, ctx.noteFailure);
    }
  }

  return {
    async send(req) {
      const joined = inFlight.get(req.clientId);
      if (joined) return joined;
      const known = registry.get(req.clientId);
      // Already delivered under this clientId: answer again instead of sending twice.
      if (known?.state === 'done' && known.outcome.status === 'sent') return known.outcome;
      try {
        // On disk before the request leaves: after a host restart this send reads as "in doubt", not unknown.
        registry.begin(req.clientId);
      } catch (err) {
        opts.log?.(`send registry could not be saved: ${(err as Error).message}`);
        return {
          status: 'retryable',
          reason: 'Duet could not write to its data folder, so it did not send. It will try again.',
          retryAfterMs: 5000,
        };
      }
      const promise = doSend(req).then(
        (outcome) => {
          remember(req.clientId, outcome);
          return outcome;
        },
        (err: unknown) => {
          const outcome: SendOutcome = {
            status: 'ambiguous',
            reason: err instanceof Error ? err.message : 'Unexpected error while sending.',
          };
          remember(req.clientId, outcome);
          return outcome;
        },
      );
      inFlight.set(req.clientId, promise);
      return promise;
    },
    sendStatus({ clientId, attemptAt }) {
      if (inFlight.has(clientId)) return { state: 'in-flight' };
      const s = registry.get(clientId);
      if (!s) {
        // The registry is written before any request leaves and lists every send since completeSince(): an attempt
        // after that which is not listed never reached Meta from here.
        const since = registry.completeSince();
        if (attemptAt !== undefined && since !== undefined && attemptAt > since + NOT_SENT_MARGIN_MS)
          return { state: 'not-sent' };
        return { state: 'unknown' };
      }
      // In flight in an earlier run of the host (or unreadable): only the thread can tell.
      if (s.state !== 'done') return { state: 'in-doubt' };
      return { state: 'done', outcome: s.outcome };
    },
    async markSeen({ accountId, recipientId }) {
      // Only a customer of one of this Page's listed conversations gets a read receipt.
      if (!isKnownCustomer(accountId, recipientId))
        return { ok: false, reason: 'This person is not in one of this Page’s conversations.' };
      let token: string;
      try {
        token = opts.session.pageToken(accountId);
      } catch (err) {
        return { ok: false, reason: err instanceof Error ? err.message : 'Not signed in.' };
      }
      try {
        await opts.graph.request({
          method: 'POST',
          path: graphPath(accountId, 'messages'),
          params: { recipient: JSON.stringify({ id: recipientId }), sender_action: 'mark_seen' },
          token,
          accountId,
        });
        return { ok: true };
      } catch (err) {
        if (!(err instanceof GraphCallError)) throw err;
        ctx.noteFailure(err.info);
        return { ok: false, reason: err.info.message };
      }
    },
    reset() {
      inFlight.clear();
      registry.clear();
    },
    async settle(timeoutMs) {
      if (!inFlight.size) return;
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        Promise.allSettled([...inFlight.values()]),
        new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
      ]);
      clearTimeout(timer);
    },
  };
}
