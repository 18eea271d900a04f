/** Small HTTP helpers: body reading, form and multipart parsing. */
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type Upload } from './graph/request.js';

/** Reads the whole request body (up to `max` bytes; larger bodies reject). */
export function readBody(req: IncomingMessage, max = 32 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Parsed request body. */
export interface ParsedBody {
  fields: Map<string, unknown>;
  files: Map<string, Upload>;
  /** True when the body was not valid for its content type. */
  invalid?: boolean;
}

/** Parses JSON, urlencoded or multipart bodies. */
export function parseBody(contentType: string | undefined, body: Buffer): ParsedBody {
  const fields = new Map<string, unknown>();
  const files = new Map<string, Upload>();
  const ct = (contentType ?? '').toLowerCase();
  if (body.length === 0) return { fields, files };
  if (ct.startsWith('application/json')) {
    try {
      const v = JSON.parse(body.toString('utf8')) as unknown;
      if (v && typeof v === 'object' && !Array.isArray(v))
        for (const [k, x] of Object.entries(v)) fields.set(k, x);
      return { fields, files };
    } catch {
      return { fields, files, invalid: true };
    }
  }
  if (ct.startsWith('multipart/form-data')) {
    const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
    const boundary = m ? (m[1] ?? m[2] ?? '').trim() : '';
    if (!boundary) return { fields, files, invalid: true };
    for (const part of splitMultipart(body, boundary)) {
      const headerEnd = part.indexOf('\r\n\r\n');
      if (headerEnd < 0) continue;
      const head = part.subarray(0, headerEnd).toString('utf8');
      const data = part.subarray(headerEnd + 4);
      const name = /name="([^"]*)"/i.exec(head)?.[1];
      if (!name) continue;
      const filename = /filename="([^"]*)"/i.exec(head)?.[1];
      const type = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1]?.trim() ?? 'application/octet-stream';
      if (filename !== undefined) {
        const up: Upload = { data: Buffer.from(data), type };
        if (filename) up.filename = filename;
        files.set(name, up);
      } else fields.set(name, data.toString('utf8'));
    }
    return { fields, files };
  }
  for (const [k, v] of new URLSearchParams(body.toString('utf8'))) fields.set(k, v);
  return { fields, files };
}

function splitMultipart(body: Buffer, boundary: string): Buffer[] {
  const delim = Buffer.from(`--${boundary}`);
  const parts: Buffer[] = [];
  let pos = body.indexOf(delim);
  while (pos >= 0) {
    const start = pos + delim.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delim, start);
    if (next < 0) break;
    // Strip the CRLF after the delimiter and before the next one.
    parts.push(body.subarray(start + 2, next - 2));
    pos = next;
  }
  return parts;
}

/** True for loopback peers. */
export function isLoopback(addr: string | undefined): boolean {
  return addr === '127.0.0.1' || addr === '::1' || addr === '::ffff:127.0.0.1';
}

/** Writes a JSON answer. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
