// Thumbnails off the main thread. jpeg-js is plain JavaScript: decoding a 1080 px picture blocks for hundreds of
// milliseconds, which in Electron's main process would freeze every IPC call and protocol request meanwhile.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import {
  blockBounds,
  boxDownscale,
  makeThumbnail,
  sniffMime,
  THUMB_LIMITS,
  thumbnailWith,
} from './thumbnail';

/** Makes thumbnails (see makeThumbnail): null means "serve the original bytes". */
export interface Thumbnailer {
  make(bytes: Uint8Array, maxSide: number): Promise<Buffer | null>;
  close(): Promise<void>;
}

/** Runs makeThumbnail on the calling thread (tests, tools, and the fallback when no worker can start). */
export function inProcessThumbnailer(): Thumbnailer {
  return {
    make: async (bytes, maxSide) => makeThumbnail(bytes, maxSide),
    close: async () => undefined,
  };
}

interface Job {
  resolve(out: Buffer | null): void;
  bytes: Uint8Array;
  maxSide: number;
}

type WorkerReply =
  { id: number; ok: true; out: Uint8Array | null } | { id: number; ok: false; error: string };

/** The worker's source: the thumbnail functions from ./thumbnail.ts, so both paths run the same code. */
function workerSource(): string {
  // The declared name, not `.name`: a bundler may rename the function while keeping `.name` as written.
  const entry = /^function\s*([\w$]+)/.exec(thumbnailWith.toString())?.[1] ?? 'thumbnailWith';
  return `'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const jpeg = require(workerData.jpegPath);
${blockBounds.toString()}
${boxDownscale.toString()}
${thumbnailWith.toString()}
parentPort.on('message', (m) => {
  try {
    const out = ${entry}(jpeg, m.bytes, m.maxSide, m.limits);
    const copy = out ? Uint8Array.from(out) : null;
    parentPort.postMessage({ id: m.id, ok: true, out: copy }, copy ? [copy.buffer] : []);
  } catch (e) {
    parentPort.postMessage({ id: m.id, ok: false, error: String(e && e.message || e) });
  }
});`;
}

/**
 * Makes thumbnails in one worker thread (jobs run one at a time, so at most one decoded picture is in memory).
 * If the worker cannot start or dies, it falls back to the calling thread, so thumbnails keep working.
 */
export function createWorkerThumbnailer(): Thumbnailer {
  const jobs = new Map<number, Job>();
  let nextId = 1;
  let worker: Worker | null = null;
  let failed = false;

  const fallback = (job: Job): void => job.resolve(makeThumbnail(job.bytes, job.maxSide));

  const fail = (): void => {
    failed = true;
    const w = worker;
    worker = null;
    void w?.terminate();
    for (const job of jobs.values()) fallback(job);
    jobs.clear();
  };

  const start = (): Worker | null => {
    if (worker || failed) return worker;
    try {
      const jpegPath = createRequire(import.meta.url).resolve('jpeg-js');
      worker = new Worker(workerSource(), { eval: true, workerData: { jpegPath } });
    } catch {
      failed = true;
      return null;
    }
    worker.unref();
    worker.on('message', (reply: WorkerReply) => {
      const job = jobs.get(reply.id);
      if (!job) return;
      jobs.delete(reply.id);
      if (reply.ok)
        job.resolve(
          reply.out ? Buffer.from(reply.out.buffer, reply.out.byteOffset, reply.out.byteLength) : null,
        );
      else fallback(job);
      if (jobs.size === 0) worker?.unref();
    });
    worker.on('error', fail);
    worker.on('exit', () => {
      if (jobs.size > 0) fail();
      worker = null;
    });
    return worker;
  };

  return {
    make(bytes, maxSide) {
      // Non-JPEGs never need decoding: answer at once without a round trip.
      if (sniffMime(bytes) !== 'image/jpeg') return Promise.resolve(null);
      return new Promise<Buffer | null>((resolve) => {
        const job: Job = { resolve, bytes, maxSide };
        const w = start();
        if (!w) return fallback(job);
        const id = nextId++;
        jobs.set(id, job);
        // Keep the process alive only while a job is pending.
        w.ref();
        w.postMessage({ id, bytes, maxSide, limits: THUMB_LIMITS });
      });
    },
    async close() {
      const w = worker;
      worker = null;
      failed = true;
      for (const job of jobs.values()) fallback(job);
      jobs.clear();
      await w?.terminate();
    },
  };
}
