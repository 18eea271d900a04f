// What the publish operations share (gateway/publish.ts builds it once): the token of a Page or of an IG account's
// Page, one classified Graph call, the uploads, and small readers of Meta's JSON answers.
import type { PublishFailure } from '../../../shared/bridge/calls/publish';
import type { GraphParams, GraphPath, GraphRequest } from '../graph/client';
import type { PublishCallKind } from './publish-outcomes';
import type { PublishUploads } from './publish-uploads';

/** A Page token and the Page whose budget it spends. */
export interface PublishAuth {
  token: string;
  pageId: string;
}

/** What every publish operation borrows from the publisher. */
export interface PublishDeps {
  pageAuth(pageId: string): PublishAuth | { failure: PublishFailure };
  igAuth(igUserId: string): PublishAuth | { failure: PublishFailure };
  call(
    kind: PublishCallKind,
    auth: PublishAuth,
    method: 'GET' | 'POST' | 'DELETE',
    path: GraphPath,
    params: GraphParams,
    files?: GraphRequest['files'],
  ): Promise<{ ok: true; value: Record<string, unknown> } | { ok: false; failure: PublishFailure }>;
  uploads: PublishUploads;
  markExpired: (message: string) => void;
}

/** A string field of an answer. */
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
/** An object field of an answer (empty when it is none). */
export const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' ? (v as Record<string, unknown>) : {};

/** Meta answered 200 without what the call creates: for a live write that may still have taken effect. */
export function missingAnswer(kind: PublishCallKind, what: string): PublishFailure {
  return kind === 'live'
    ? {
        status: 'ambiguous',
        reason: `Facebook answered without ${what}, so Duet cannot tell whether this went live.`,
      }
    : { status: 'retryable', reason: `Facebook answered without ${what}.`, retryAfterMs: 5_000 };
}
