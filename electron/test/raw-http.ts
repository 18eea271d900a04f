// Raw HTTP for tests that must send what fetch and node:http refuse to (bad targets, bad methods, huge or repeated
// headers): writes the bytes as given and reads the status line and headers of the answer.
import { connect } from 'node:net';

/** The parsed head of a raw answer; status 0 when the server closed the connection without answering. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string[]>;
  body: string;
}

/** Sends `head` (request line + headers, CRLF-separated, without the final blank line) and an optional body. */
export function rawRequest(port: number, head: string, body = ''): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    socket.setTimeout(10_000, () => socket.destroy(new Error('raw request timed out')));
    socket.on('connect', () => socket.end(`${head}\r\nConnection: close\r\n\r\n${body}`));
    socket.on('data', (c: Buffer) => chunks.push(c));
    // The server may reset a connection it refuses; what it answered before that still counts.
    socket.on('error', (e: NodeJS.ErrnoException) =>
      e.code === 'ECONNRESET' || e.code === 'EPIPE' ? undefined : reject(e),
    );
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const [headText = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = headText.split('\r\n');
      const headers: Record<string, string[]> = {};
      for (const line of lines) {
        const at = line.indexOf(':');
        if (at > 0) (headers[line.slice(0, at).toLowerCase()] ??= []).push(line.slice(at + 1).trim());
      }
      resolve({
        status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0),
        headers,
        body: rest.join('\r\n\r\n'),
      });
    });
  });
}
