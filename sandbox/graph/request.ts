/** What a Graph request is once parsed: its parameters, files, headers, and the services a handler may change. */
import { errors } from '../errors.js';
import { type Platform, type World } from '../world.js';

/** Request parameters merged from the query string, form body and JSON body. */
export class Params {
  /** Wraps a map of raw values. */
  constructor(readonly map: Map<string, unknown> = new Map()) {}

  /** A parameter as a string (objects are JSON-encoded). */
  str(k: string): string | undefined {
    const v = this.map.get(k);
    if (v === undefined || v === null) return undefined;
    return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  }

  /** A parameter as JSON (strings are parsed; parse errors → 100). */
  json(k: string): unknown {
    const v = this.map.get(k);
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v) as unknown;
    } catch {
      throw errors.param(`param ${k} must be a JSON object`);
    }
  }
}

/** An uploaded multipart file. */
export interface Upload {
  data: Buffer;
  type: string;
  filename?: string;
}

/** A Graph request after version stripping. */
export interface GraphRequest {
  method: string;
  /** Path without version prefix and without leading slash, e.g. `me/accounts`. */
  path: string;
  version: string;
  params: Params;
  files: Map<string, Upload>;
  headers: Record<string, string | undefined>;
}

/** One accepted Send API message. */
export interface Delivery {
  messageId: string;
  pageId: string;
  platform: Platform;
  conversationId: string;
  recipientId: string;
  text: string;
  attachmentUrl?: string;
  at: number;
}

/** Mutable services a handler may use. */
export interface Services {
  world: World;
  ledger: Delivery[];
  uploads: Map<string, Upload>;
}

/** Reads the access token from params or the Authorization header. */
export function tokenFrom(req: GraphRequest): string | undefined {
  const q = req.params.str('access_token');
  if (q) return q;
  return bearerToken(req.headers.authorization);
}

/** The token of an `Authorization: Bearer|OAuth <token>` header. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = header ? /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header) : null;
  return m ? (m[1] as string).trim() : undefined;
}

/** A value when it is a string. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
