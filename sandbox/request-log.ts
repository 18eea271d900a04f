/**
 * The Graph requests that reached the sandbox over HTTP, in order, so tests can count what a client did (a batch is
 * one request; its sub-requests are listed with it). Paths only: no query, so no access token is ever kept.
 */

/** One logged Graph request. */
export interface LoggedRequest {
  /** Sandbox clock (ms) when it arrived. */
  at: number;
  method: string;
  /** Without the version prefix and the query, e.g. `/123/conversations`; `/` for a batch. */
  path: string;
  /** The version prefix the client used, or the one unversioned calls get. */
  version: string;
  /** A batch's sub-requests, in order. */
  batch?: { method: string; path: string }[];
}

/** The newest `max` Graph requests (oldest dropped first, so a long demo or soak run stays bounded). */
export class RequestLog {
  readonly entries: LoggedRequest[] = [];

  /** Keeps at most `max` entries. */
  constructor(readonly max = 10_000) {}

  /** Records a request; returns the entry (a batch adds its sub-requests to it). */
  add(entry: LoggedRequest): LoggedRequest {
    this.entries.push(entry);
    if (this.entries.length > this.max) this.entries.splice(0, this.entries.length - this.max);
    return entry;
  }

  /** Forgets every entry. */
  clear(): void {
    this.entries.length = 0;
  }
}
