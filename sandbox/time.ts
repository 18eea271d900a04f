/** Time units and Meta's timestamp format, shared by the world, the renderers and the Graph handlers. */

/** One hour in ms. */
export const HOUR = 3_600_000;
/** One day in ms: stories, IG containers and the messaging window all count in days. */
export const DAY = 24 * HOUR;

/** Meta's timestamp format: `2024-01-15T10:30:00+0000`. */
export function fbTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+0000`;
}
