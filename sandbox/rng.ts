/** Deterministic pseudo-random helpers (mulberry32) so every seeded world and fault decision is reproducible. */

/** A small deterministic random source. */
export class Rng {
  private state: number;

  /** Creates a generator from a 32-bit seed. */
  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** Next float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max] inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** A numeric string of the given length with no leading zero, like Meta's object ids. */
  digits(length: number): string {
    let s = String(this.int(1, 9));
    while (s.length < length) {
      const n = Math.min(9, length - s.length);
      s += String(Math.floor(this.next() * 10 ** n)).padStart(n, '0');
    }
    return s;
  }

  /** `length` pseudo-random bytes. */
  bytes(length: number): Buffer {
    const b = Buffer.allocUnsafe(length);
    for (let i = 0; i < length; i += 4) {
      const v = Math.floor(this.next() * 4294967296);
      b[i] = v & 255;
      if (i + 1 < length) b[i + 1] = (v >>> 8) & 255;
      if (i + 2 < length) b[i + 2] = (v >>> 16) & 255;
      if (i + 3 < length) b[i + 3] = v >>> 24;
    }
    return b;
  }
}

/** 32-bit FNV-1a hash of a string; used to derive per-object deterministic values. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
