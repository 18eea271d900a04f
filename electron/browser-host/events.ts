// The host's event stream (server-sent events on /events): every event is checked against the contract before it
// is written to the open streams; a heartbeat keeps idle streams open through proxies and sleep.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type EventName, type EventPayload, events } from '../../shared/bridge/contract';
import { baseHeaders } from './http';

export interface EventStream {
  emit<K extends EventName>(name: K, payload: EventPayload<K>): void;
  /** Answers GET /events: keeps the response open as one stream. */
  attach(req: IncomingMessage, res: ServerResponse): void;
  /** Starts the heartbeat (unref'd: it never keeps the process alive). */
  startHeartbeat(): void;
  /** Stops the heartbeat and ends every stream. */
  close(): void;
}

export function createEventStream(log: (line: string) => void): EventStream {
  const clients = new Set<ServerResponse>();
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  return {
    emit(name, payload) {
      const checked = events[name].payload.safeParse(payload);
      if (!checked.success) {
        log(`event ${name} dropped: invalid payload`);
        return;
      }
      const frame = `data: ${JSON.stringify({ name, payload: checked.data })}\n\n`;
      for (const client of clients) client.write(frame);
    },
    attach(req, res) {
      res.writeHead(200, {
        ...baseHeaders(),
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      clients.add(res);
      req.on('close', () => clients.delete(res));
    },
    startHeartbeat() {
      heartbeat = setInterval(() => {
        for (const client of clients) client.write(': ping\n\n');
      }, 25_000);
      heartbeat.unref();
    },
    close() {
      clearInterval(heartbeat);
      for (const client of clients) client.end();
      clients.clear();
    },
  };
}
