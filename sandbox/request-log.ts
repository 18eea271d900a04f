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

/** Which route a Graph request (or batch sub-request) matched and which permissions its handler checked. */
export interface RouteUse {
  /** Method and route pattern, e.g. `GET /{page}/feed`. */
  route: string;
  permissions: string[];
  /** False when the handler answered an error. */
  ok: boolean;
}

/** The newest `max` Graph requests (oldest dropped first, so a long demo or soak run stays bounded). */
export class RequestLog {
  readonly entries: LoggedRequest[] = [];
  /** The routes the requests matched (batch sub-requests included), newest `max` kept. */
  readonly uses: RouteUse[] = [];

  /** Keeps at most `max` entries. */
  constructor(readonly max = 10_000) {}

  /** Records a request; returns the entry (a batch adds its sub-requests to it). */
  add(entry: LoggedRequest): LoggedRequest {
    this.entries.push(entry);
    if (this.entries.length > this.max) this.entries.splice(0, this.entries.length - this.max);
    return entry;
  }

  /** Records the route one request matched. */
  use(entry: RouteUse): void {
    this.uses.push(entry);
    if (this.uses.length > this.max) this.uses.splice(0, this.uses.length - this.max);
  }

  /** Forgets every entry. */
  clear(): void {
    this.entries.length = 0;
    this.uses.length = 0;
  }
}
