/** Time units and Meta's timestamp format, shared by the world, the renderers and the Graph handlers. */

/** One hour in ms. */
export const HOUR = 3_600_000;
/** One day in ms: stories, IG containers and the messaging window all count in days. */
export const DAY = 24 * HOUR;

/** Meta's timestamp format: `2024-01-15T10:30:00+0000`. */
export function fbTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+0000`;
}

const LA_HOUR = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/Los_Angeles',
  hour: 'numeric',
  hourCycle: 'h23',
});

/**
 * The end_time Meta gives a daily insights value of the calendar day starting at `day` (a UTC midnight): the midnight
 * that ends that day in Pacific time, 07:00 UTC in summer (PDT) and 08:00 UTC in winter (PST), as in Meta's example
 * `"end_time":"2022-10-02T07:00:00+0000"`
 * (https://developers.facebook.com/blog/post/2023/04/12/introducing-new-metric-to-the-page-insights-api/).
 */
export function pacificDayEnd(day: number): number {
  const pdt = day + DAY + 7 * HOUR;
  return Number(LA_HOUR.format(pdt)) === 0 ? pdt : pdt + HOUR;
}
