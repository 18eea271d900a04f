// The host's send registry: what happened to each send by clientId, kept in one JSON file in the host's data
// folder so a host restart does not forget what was in flight. Meta's Send API has no idempotency key; this file is
// how the host answers inbox/send-status after the renderer lost an answer, and how it refuses to send a delivered
// reply twice. Rules: an entry is written (atomically, flushed) BEFORE the request leaves; an entry that was in
// flight when the host stopped comes back "in doubt" (the outbox then reads the thread, never resends blindly);
// a corrupt or partial file is logged, set aside and treated as "in doubt" for every send it may have held.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { SendOutcome } from '../../shared/bridge/calls/inbox';

/** How long finished send outcomes are remembered for inbox/send-status (at least an hour, as the outbox needs). */
export const SEND_MEMORY_MS = 2 * 60 * 60 * 1000;
/** At most this many entries are kept (the oldest finished ones go first). */
const SEND_REGISTRY_MAX = 2000;

const Entry = z.discriminatedUnion('state', [
  z.object({ state: z.literal('in-flight'), at: z.number() }),
  z.object({ state: z.literal('in-doubt'), at: z.number() }),
  z.object({ state: z.literal('done'), at: z.number(), outcome: SendOutcome }),
]);
export type RegistryEntry = z.infer<typeof Entry>;

/** The registry as the gateway uses it. */
export interface SendRegistry {
  get(clientId: string): RegistryEntry | undefined;
  /** Records that a request is about to leave (durable when it returns). */
  begin(clientId: string): void;
  finish(clientId: string, outcome: SendOutcome): void;
  /** Forgets everything (sign-out). */
  clear(): void;
  /**
   * Every send begun at or after this local time is listed (nothing since was pruned or lost), so a clientId
   * attempted later and not listed never left this host. Undefined when the file could not be read.
   */
  completeSince(): number | undefined;
  /**
   * The host is going away: nothing is written any more, and a send that has not begun is refused. A send still in
   * flight then stays "in flight" on disk and reads as in doubt at the next start, exactly as after a crash — a late
   * answer must not overwrite the file a new host on the same data folder already owns.
   */
  close(): void;
}

/** Options: without `file` the registry lives in memory (tests, embedders). */
export interface SendRegistryOptions {
  file?: string;
  now?: () => number;
  log?: (line: string) => void;
}

export function createSendRegistry(opts: SendRegistryOptions = {}): SendRegistry {
  const now = opts.now ?? Date.now;
  const log = opts.log ?? (() => undefined);
  const entries = new Map<string, RegistryEntry>();
  /** The file could not be read: any send not listed may have been in it, so none is provably unknown. */
  let doubtful = false;
  /** When this registry started (kept in the file) and the newest time of any entry pruned since. */
  let createdAt = now();
  let prunedUpTo = 0;
  let closed = false;

  if (opts.file) {
    let text: string | undefined;
    try {
      text = readFileSync(opts.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        doubtful = true;
        log(
          `send registry ${opts.file} could not be read (${(err as Error).message}); unsure sends will be checked`,
        );
      }
    }
    if (text !== undefined) {
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch {
        raw = undefined;
      }
      const list = (raw as { entries?: unknown } | undefined)?.entries;
      const head = raw as { createdAt?: unknown; prunedUpTo?: unknown } | undefined;
      if (typeof head?.createdAt === 'number') createdAt = head.createdAt;
      if (typeof head?.prunedUpTo === 'number') prunedUpTo = head.prunedUpTo;
      if (!list || typeof list !== 'object' || (raw as { version?: unknown }).version !== 1) {
        doubtful = true;
        log(
          `send registry ${opts.file} could not be read (corrupt); it was set aside and unsure sends will be checked`,
        );
        try {
          renameSync(opts.file, `${opts.file}.corrupt-${now()}`);
        } catch {
          // Keeping the bad file is fine; it is rewritten at the next send.
        }
      } else {
        for (const [clientId, value] of Object.entries(list as Record<string, unknown>)) {
          const e = Entry.safeParse(value);
          // In flight when the host stopped, or unreadable: Meta may or may not have it.
          if (!e.success) entries.set(clientId, { state: 'in-doubt', at: now() });
          else
            entries.set(
              clientId,
              e.data.state === 'in-flight' ? { state: 'in-doubt', at: e.data.at } : e.data,
            );
        }
      }
    }
  }

  function prune() {
    const t = now();
    const drop = (k: string, v: RegistryEntry) => {
      entries.delete(k);
      prunedUpTo = Math.max(prunedUpTo, v.at);
    };
    for (const [k, v] of entries) if (v.state !== 'in-flight' && t - v.at > SEND_MEMORY_MS) drop(k, v);
    if (entries.size <= SEND_REGISTRY_MAX) return;
    const old = [...entries].filter(([, v]) => v.state !== 'in-flight').sort((a, b) => a[1].at - b[1].at);
    for (const [k, v] of old.slice(0, entries.size - SEND_REGISTRY_MAX)) drop(k, v);
  }

  function flush() {
    if (closed) throw new Error('the send registry is closed (Duet is stopping)');
    if (!opts.file) return;
    mkdirSync(dirname(opts.file), { recursive: true });
    const tmp = `${opts.file}.${process.pid}.tmp`;
    writeFileSync(
      tmp,
      JSON.stringify({ version: 1, createdAt, prunedUpTo, entries: Object.fromEntries(entries) }),
      {
        mode: 0o600,
        flush: true,
      },
    );
    renameSync(tmp, opts.file);
  }

  return {
    get(clientId) {
      const e = entries.get(clientId);
      if (e && e.state !== 'in-flight' && now() - e.at > SEND_MEMORY_MS) return undefined;
      if (!e && doubtful) return { state: 'in-doubt', at: now() };
      return e;
    },
    begin(clientId) {
      prune();
      entries.set(clientId, { state: 'in-flight', at: now() });
      flush();
    },
    finish(clientId, outcome) {
      entries.set(clientId, { state: 'done', outcome, at: now() });
      prune();
      try {
        flush();
      } catch (err) {
        // The outcome is still answered from memory; after a restart this send reads as in doubt (safe).
        log(`send registry could not be saved: ${(err as Error).message}`);
      }
    },
    clear() {
      entries.clear();
      doubtful = false;
      createdAt = now();
      prunedUpTo = 0;
      if (!closed) flush();
    },
    completeSince() {
      return doubtful ? undefined : Math.max(createdAt, prunedUpTo);
    },
    close() {
      closed = true;
    },
  };
}
