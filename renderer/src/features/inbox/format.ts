// Pure helpers of the inbox views (tested without a DOM).
import { type MessageRow } from '../../data/db';
import { searchTerms, WORD_CHARS } from '../../data/words';

/** Start of the local day of a timestamp. */
export function dayStart(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** "Today", "Yesterday", "Monday", "12 March 2025": the label of a day separator. */
export function dayLabel(ms: number, now = Date.now()): string {
  const day = dayStart(ms);
  const today = dayStart(now);
  if (day === today) return 'Today';
  if (day === dayStart(today - 1)) return 'Yesterday';
  if (today - day < 6 * 86_400_000) return new Date(ms).toLocaleDateString(undefined, { weekday: 'long' });
  return new Date(ms).toLocaleDateString(undefined, { day: 'numeric', month: 'long', year: 'numeric' });
}

/** One row of the virtualized thread: a day separator or a message (with its position in a run of bubbles). */
export type ThreadRow =
  | { kind: 'day'; key: string; label: string }
  | { kind: 'message'; key: string; message: MessageRow; firstOfRun: boolean; lastOfRun: boolean };

const RUN_GAP_MS = 5 * 60_000;

/** Interleaves day separators and groups consecutive bubbles of the same side (within 5 minutes) into runs. */
export function threadRows(messages: MessageRow[], now = Date.now()): ThreadRow[] {
  const rows: ThreadRow[] = [];
  let lastDay = -1;
  messages.forEach((m, i) => {
    const day = dayStart(m.createdTime);
    if (day !== lastDay) {
      rows.push({ kind: 'day', key: `day:${day}`, label: dayLabel(m.createdTime, now) });
      lastDay = day;
    }
    const prev = messages[i - 1];
    const next = messages[i + 1];
    const sameRun = (a: MessageRow | undefined, b: MessageRow | undefined) =>
      !!a &&
      !!b &&
      a.fromPage === b.fromPage &&
      Math.abs(b.createdTime - a.createdTime) < RUN_GAP_MS &&
      dayStart(a.createdTime) === dayStart(b.createdTime);
    rows.push({
      kind: 'message',
      key: m.clientId ?? m.id,
      message: m,
      firstOfRun: !sameRun(prev, m),
      lastOfRun: !sameRun(m, next),
    });
  });
  return rows;
}

/** Splits text around case-insensitive prefix matches of the query words, for highlighting (as text, not HTML). */
export function highlightParts(text: string, query: string): Array<{ text: string; hit: boolean }> {
  const terms = searchTerms(query);
  if (!terms.length) return [{ text, hit: false }];
  const escaped = terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(`(?<![${WORD_CHARS}])(${escaped.join('|')})`, 'giu');
  const parts: Array<{ text: string; hit: boolean }> = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > last) parts.push({ text: text.slice(last, m.index), hit: false });
    parts.push({ text: m[0], hit: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), hit: false });
  return parts;
}

/** A snippet of `text` around the first hit, at most `max` characters. */
export function snippetAround(text: string, query: string, max = 120): string {
  if (text.length <= max) return text;
  const first = highlightParts(text, query).findIndex((p) => p.hit);
  if (first < 0) return `${text.slice(0, max - 1)}…`;
  const offset = highlightParts(text, query)
    .slice(0, first)
    .reduce((n, p) => n + p.text.length, 0);
  const start = Math.max(0, offset - 30);
  const slice = text.slice(start, start + max);
  return `${start > 0 ? '…' : ''}${slice}${start + max < text.length ? '…' : ''}`;
}
