// Store ids (`${prefix}:${nativeId}`), in a module without zod so the renderer's first download can use them
// without pulling in the bridge's schemas. shared/models.ts re-exports them.
import { type MessagingPlatform } from './models';

/** Builds a store id `${prefix}:${nativeId}` so merged lists never collide. */
export function makeId(prefix: 'fb' | 'ig' | MessagingPlatform | 'local', nativeId: string): string {
  return `${prefix}:${nativeId}`;
}

/** Splits a store id back into its prefix and the native Graph id. */
export function parseId(id: string): { prefix: string; nativeId: string } {
  const i = id.indexOf(':');
  return i < 0 ? { prefix: '', nativeId: id } : { prefix: id.slice(0, i), nativeId: id.slice(i + 1) };
}
