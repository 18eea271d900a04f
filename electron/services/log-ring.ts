// The host's recent log: what Diagnostics shows, every line redacted before it is kept.
import { redact } from './graph/client';

/** Keeps the last `max` log lines, each redacted (no tokens). */
export function createLogRing(max = 500): LogRing {
  const lines: string[] = [];
  return {
    write(line: string) {
      lines.push(`${new Date().toISOString()} ${redact(line)}`);
      if (lines.length > max) lines.splice(0, lines.length - max);
    },
    lines: () => [...lines],
  };
}

/** The host's recent log lines. */
export interface LogRing {
  write(line: string): void;
  lines(): string[];
}
