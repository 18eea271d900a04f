// diagnostics/*: what the Diagnostics panel shows of the host side.
import { z } from 'zod';
import { call } from '../define';
import { UsageInfo } from './sync';

export const HostDiagnostics = z.object({
  mediaCache: z.object({
    bytes: z.number(),
    entries: z.number(),
    maxBytes: z.number(),
    hits: z.number(),
    misses: z.number(),
  }),
  usage: z.array(UsageInfo),
  /** Recent host log lines, already redacted (no tokens, no message text). */
  log: z.array(z.string()),
  memory: z.object({ rssBytes: z.number(), heapUsedBytes: z.number() }),
});
export type HostDiagnostics = z.infer<typeof HostDiagnostics>;

export const diagnosticsCalls = {
  'diagnostics/get': call({
    summary: 'Host-side diagnostics (media cache, budgets, log).',
    request: z.object({}).strict(),
    response: HostDiagnostics,
  }),
} as const;
