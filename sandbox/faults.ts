/** Fault injection rules matched by route: "METHOD /pattern" where a star matches one segment and a double star any rest. */
import { Rng } from './rng.js';

/** Every supported fault kind. */
export const FAULT_KINDS = [
  'latency',
  'http-500',
  'reset',
  'commit-then-drop',
  'throttle',
  'token-expired',
  'malformed-json',
  'wrong-types',
  'missing-fields',
  'bad-time',
  'script-injection',
  'policy-block',
] as const;

/** A fault kind. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** A registered fault. */
export interface Fault {
  id: string;
  route: string;
  kind: FaultKind;
  probability: number;
  count?: number;
  latencyMs?: number;
  status?: number;
  /** `throttle` only: the `estimated_time_to_regain_access` reported, in minutes (default 5). */
  regainMinutes?: number;
  hits: number;
}

/** Input for creating a fault. */
export interface FaultInput {
  route: string;
  kind: FaultKind;
  probability?: number;
  count?: number;
  latencyMs?: number;
  status?: number;
  regainMinutes?: number;
}

/** True when `path` (no version prefix) matches `pattern` segments. */
export function matchPath(pattern: string, path: string): boolean {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  const rec = (i: number, j: number): boolean => {
    if (i === p.length) return j === s.length;
    const seg = p[i] as string;
    if (seg === '**') {
      for (let k = j; k <= s.length; k++) if (rec(i + 1, k)) return true;
      return false;
    }
    if (j >= s.length) return false;
    return (seg === '*' || seg === s[j]) && rec(i + 1, j + 1);
  };
  return rec(0, 0);
}

/** Parses `"METHOD /path"` or `"/path"` / `"**"`. */
export function parseRoute(route: string): { method?: string; pattern: string } {
  const m = /^([A-Za-z]+)\s+(.*)$/.exec(route.trim());
  if (m) return { method: (m[1] as string).toUpperCase(), pattern: (m[2] as string).trim() };
  return { pattern: route.trim() };
}

/** The set of active faults with a deterministic RNG. */
export class FaultSet {
  private faults: Fault[] = [];
  private nextId = 1;
  private rng: Rng;

  /** Creates an empty set seeded for probability decisions. */
  constructor(private readonly seed: number) {
    this.rng = new Rng(seed ^ 0x5eed);
  }

  /** Adds a fault and returns it. */
  add(input: FaultInput): Fault {
    const f: Fault = {
      id: `f${this.nextId++}`,
      route: input.route,
      kind: input.kind,
      probability: input.probability ?? 1,
      hits: 0,
    };
    if (input.count !== undefined) f.count = input.count;
    if (input.latencyMs !== undefined) f.latencyMs = input.latencyMs;
    if (input.status !== undefined) f.status = input.status;
    if (input.regainMinutes !== undefined) f.regainMinutes = input.regainMinutes;
    this.faults.push(f);
    return f;
  }

  /** All faults. */
  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** Removes one fault; returns whether it existed. */
  remove(id: string): boolean {
    const n = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length !== n;
  }

  /** Removes all faults and re-seeds the RNG. */
  clear(): void {
    this.faults = [];
    this.rng = new Rng(this.seed ^ 0x5eed);
  }

  /** Faults that fire for this request (probability rolled, counts consumed). */
  fire(method: string, path: string, opts: { cdn?: boolean; kinds?: readonly FaultKind[] } = {}): Fault[] {
    const fired: Fault[] = [];
    for (const f of this.faults) {
      if (f.count !== undefined && f.hits >= f.count) continue;
      if (opts.kinds && !opts.kinds.includes(f.kind)) continue;
      const { method: m, pattern } = parseRoute(f.route);
      if (m && m !== method.toUpperCase()) continue;
      if (opts.cdn && !pattern.startsWith('/cdn')) continue;
      if (!matchPath(pattern, path)) continue;
      if (f.probability < 1 && this.rng.next() >= f.probability) continue;
      f.hits++;
      fired.push(f);
    }
    return fired;
  }
}
