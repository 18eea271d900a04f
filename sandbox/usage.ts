/**
 * Sliding-window call accounting behind `X-App-Usage` and `X-Business-Use-Case-Usage`.
 * Header formats and throttling codes: https://developers.facebook.com/docs/graph-api/overview/rate-limiting/
 */

const BUCKETS = 60;

/** BUC types Meta reports. */
export type BucType = 'pages' | 'instagram' | 'messenger';

class Window {
  private readonly counts = new Map<number, number>();

  constructor(private readonly bucketMs: () => number) {}

  add(now: number): void {
    const b = Math.floor(now / this.bucketMs());
    this.counts.set(b, (this.counts.get(b) ?? 0) + 1);
  }

  total(now: number): number {
    const cur = Math.floor(now / this.bucketMs());
    let sum = 0;
    for (const [b, c] of this.counts) {
      if (b > cur - BUCKETS) sum += c;
      else this.counts.delete(b);
    }
    return sum;
  }

  /** Ms until the count drops below `limit` (0 when already below). */
  regainMs(now: number, limit: number): number {
    const cur = Math.floor(now / this.bucketMs());
    let total = this.total(now);
    if (total < limit) return 0;
    const buckets = [...this.counts.entries()].sort((a, b) => a[0] - b[0]);
    for (const [b, c] of buckets) {
      total -= c;
      if (total < limit) return (b + BUCKETS - cur) * this.bucketMs() - (now % this.bucketMs());
    }
    return this.bucketMs() * BUCKETS;
  }
}

/** Usage percentages as Meta reports them. */
export interface UsageSnapshot {
  call_count: number;
  total_cputime: number;
  total_time: number;
}

/** Tracks app-level and per-business-object call volume. */
export class UsageTracker {
  /** Calls allowed per window before usage reaches 100 %. */
  callBudget: number;
  /** Sliding window length in ms (Meta: one rolling hour for platform limits). */
  windowMs: number;
  private app: Window;
  private objects = new Map<string, Window>();

  /** Creates a tracker. */
  constructor(callBudget = 20_000, windowMs = 3_600_000) {
    this.callBudget = callBudget;
    this.windowMs = windowMs;
    this.app = new Window(() => this.windowMs / BUCKETS);
  }

  /** Clears all counts. */
  reset(): void {
    this.app = new Window(() => this.windowMs / BUCKETS);
    this.objects.clear();
  }

  private obj(id: string): Window {
    let w = this.objects.get(id);
    if (!w) {
      w = new Window(() => this.windowMs / BUCKETS);
      this.objects.set(id, w);
    }
    return w;
  }

  /** Records one call: Page-token calls count against the business object (BUC), others against the app. */
  record(now: number, objectId?: string): void {
    if (objectId) this.obj(objectId).add(now);
    else this.app.add(now);
  }

  private pct(count: number): number {
    return Math.min(100, Math.floor((count * 100) / Math.max(1, this.callBudget)));
  }

  /** App usage percentages. */
  appUsage(now: number): UsageSnapshot {
    const c = this.pct(this.app.total(now));
    return { call_count: c, total_cputime: Math.floor(c * 0.4), total_time: Math.floor(c * 0.6) };
  }

  /** Business-object usage percentages. */
  objectUsage(now: number, id: string): UsageSnapshot & { estimated_time_to_regain_access: number } {
    const w = this.obj(id);
    const c = this.pct(w.total(now));
    return {
      call_count: c,
      total_cputime: Math.floor(c * 0.4),
      total_time: Math.floor(c * 0.6),
      estimated_time_to_regain_access: Math.ceil(w.regainMs(now, this.callBudget) / 60_000),
    };
  }

  /** Minutes until app usage drops below 100 % (0 when not throttled). */
  appRegainMinutes(now: number): number {
    return Math.ceil(this.app.regainMs(now, this.callBudget) / 60_000);
  }

  /** True when app usage is at 100 %. */
  appThrottled(now: number): boolean {
    return this.app.total(now) >= this.callBudget;
  }

  /** True when the object's usage is at 100 %. */
  objectThrottled(now: number, id: string): boolean {
    return this.obj(id).total(now) >= this.callBudget;
  }
}
