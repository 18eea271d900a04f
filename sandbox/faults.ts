/** Fault injection rules matched by route: "METHOD /pattern" where a star matches one segment and a double star any rest. */
import { type GraphError, errors } from './errors.js';
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
  'error-after-success',
  'false-not-found',
  'checkpoint',
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

/** Total `latency` of the fired faults (ms; 1000 per fault unless it says otherwise). */
export function totalLatency(fired: readonly Fault[]): number {
  return fired.filter((f) => f.kind === 'latency').reduce((s, f) => s + (f.latencyMs ?? 1000), 0);
}

/** The error an `http-500` fault answers: code 2 (transient) on odd hits, code 1 on even hits. */
export function http500Error(f: Fault): GraphError {
  return f.hits % 2 === 0 ? errors.unknown() : errors.transient();
}

/** A `malformed-json` body: the first half of it. */
export function truncate(text: string): string {
  return text.slice(0, Math.max(1, Math.floor(text.length / 2)));
}

const INJECTION = '<img src=x onerror="window.__duetPwned=1"><script>window.__duetPwned=1</script>';
const TEXT_KEYS = new Set([
  'message',
  'caption',
  'snippet',
  'text',
  'story',
  'name',
  'username',
  'title',
  'description',
]);

/** Finite numbers that are no valid date: one past the largest Date (8.64e15 ms), far beyond it, far before 1970. */
const BAD_TIMES = [8.64e15 + 1, 1e300, -1e20] as const;

/**
 * Applies a body-corrupting fault (every 3rd list item for type/field/time faults; all text fields for injection).
 * `bad-time` gives those items a time that is a finite number but no valid date: the shape a buggy proxy or a
 * corrupted upstream can produce and that `new Date(x).toISOString()` throws on.
 */
export function corrupt(
  body: unknown,
  kind: 'wrong-types' | 'missing-fields' | 'script-injection' | 'bad-time',
): unknown {
  let bad = 0;
  const walk = (v: unknown, inList: boolean, index: number): unknown => {
    if (Array.isArray(v)) return v.map((x, i) => walk(x, true, i));
    if (!v || typeof v !== 'object') return v;
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (kind === 'script-injection' && typeof x === 'string' && TEXT_KEYS.has(k)) o[k] = x + INJECTION;
      else o[k] = k === 'paging' ? x : walk(x, false, 0);
    }
    const hit = inList ? index % 3 === 1 : false;
    if (hit && kind === 'wrong-types') {
      for (const k of ['created_time', 'timestamp', 'updated_time']) if (k in o) o[k] = 12;
      for (const k of ['message', 'caption', 'snippet']) if (k in o) o[k] = {};
      if ('unread_count' in o) o.unread_count = 'many';
      if ('media_type' in o) o.media_type = 7;
      if (!('created_time' in o) && !('timestamp' in o)) o.created_time = 12;
    }
    if (hit && kind === 'bad-time') {
      const t = BAD_TIMES[bad++ % BAD_TIMES.length];
      for (const k of ['created_time', 'timestamp', 'updated_time']) if (k in o) o[k] = t;
    }
    if (hit && kind === 'missing-fields') {
      delete o.id;
      delete o.created_time;
      delete o.timestamp;
    }
    return o;
  };
  return walk(body, false, 0);
}
