// How far a target's file upload has got, in memory only (nothing here is worth storing: after a restart the upload
// starts again). Two sources feed it: the renderer's own chunks to the host (`toHost`), then the host's
// `publish/upload-progress` events as the bytes leave for Meta (`toMeta`, keyed by the host's upload id, which
// `begin` tied to its target). Listeners hear at most one update per `intervalMs` per target, and always the last
// one, so a 1 GB file (2,000 chunks) does not re-render the Posts view 2,000 times.

/** Where one target's upload is. */
export interface TargetProgress {
  /** `to-host`: the file is copied to Duet's host; `to-meta`: the host is sending it to Meta. */
  phase: 'to-host' | 'to-meta';
  sentBytes: number;
  totalBytes: number;
}

/** The progress source. */
export interface UploadProgress {
  /** An upload for `targetId` began (the host answered its id). */
  begin(uploadId: string, targetId: string, totalBytes: number): void;
  /** The renderer handed the host this many bytes of the upload. */
  toHost(uploadId: string, sentBytes: number): void;
  /** The host sent this many bytes on to Meta (its `publish/upload-progress` event); unknown ids are ignored. */
  toMeta(p: { uploadId: string; sentBytes: number; totalBytes: number }): void;
  /** The target moved on: its progress is dropped (a later `toMeta` for one of its uploads starts it again). */
  clear(targetId: string): void;
  /** The target's progress as listeners last heard it. */
  get(targetId: string): TargetProgress | undefined;
  /** Calls `listener` (throttled) when the target's progress changes; returns the unsubscribe function. */
  subscribe(targetId: string, listener: () => void): () => void;
}

/** Timers and the clock, injectable for tests. */
export interface UploadProgressDeps {
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  intervalMs?: number;
}

/** Most upload ids remembered (a carousel of ten for many posts); the oldest are forgotten first. */
const IDS_KEPT = 200;

/** Creates an empty progress source. */
export function createUploadProgress(deps: UploadProgressDeps = {}): UploadProgress {
  const now = deps.now ?? (() => performance.now());
  const setTimer = deps.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
  const interval = deps.intervalMs ?? 250;
  const targetOf = new Map<string, string>();
  const sizes = new Map<string, number>();
  const state = new Map<string, TargetProgress>();
  /** What listeners were last told (what `get` answers, so a render between two updates shows the same value). */
  const shown = new Map<string, TargetProgress>();
  const listeners = new Map<string, Set<() => void>>();
  const lastSent = new Map<string, number>();
  const pending = new Set<string>();

  function notify(targetId: string) {
    lastSent.set(targetId, now());
    const p = state.get(targetId);
    if (p) shown.set(targetId, p);
    else shown.delete(targetId);
    for (const l of [...(listeners.get(targetId) ?? [])]) l();
  }

  /** Leading edge at once, then at most one trailing call per interval (carrying the latest value). */
  function changed(targetId: string) {
    if (pending.has(targetId)) return;
    const wait = (lastSent.get(targetId) ?? -Infinity) + interval - now();
    if (wait <= 0) return notify(targetId);
    pending.add(targetId);
    setTimer(() => {
      pending.delete(targetId);
      notify(targetId);
    }, wait);
  }

  function set(uploadId: string, p: TargetProgress) {
    const targetId = targetOf.get(uploadId);
    if (!targetId) return;
    const before = state.get(targetId);
    if (
      before &&
      before.phase === p.phase &&
      before.sentBytes === p.sentBytes &&
      before.totalBytes === p.totalBytes
    )
      return;
    state.set(targetId, p);
    changed(targetId);
  }

  return {
    begin(uploadId, targetId, totalBytes) {
      targetOf.set(uploadId, targetId);
      sizes.set(uploadId, totalBytes);
      while (targetOf.size > IDS_KEPT) {
        const oldest = targetOf.keys().next().value as string;
        targetOf.delete(oldest);
        sizes.delete(oldest);
      }
      set(uploadId, { phase: 'to-host', sentBytes: 0, totalBytes });
    },
    toHost(uploadId, sentBytes) {
      const total = sizes.get(uploadId) ?? sentBytes;
      set(uploadId, { phase: 'to-host', sentBytes: Math.min(sentBytes, total), totalBytes: total });
    },
    toMeta({ uploadId, sentBytes, totalBytes }) {
      set(uploadId, { phase: 'to-meta', sentBytes: Math.min(sentBytes, totalBytes), totalBytes });
    },
    clear(targetId) {
      if (!state.delete(targetId)) return;
      changed(targetId);
    },
    get: (targetId) => shown.get(targetId),
    subscribe(targetId, listener) {
      let set = listeners.get(targetId);
      if (!set) listeners.set(targetId, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (!set.size) listeners.delete(targetId);
      };
    },
  };
}
