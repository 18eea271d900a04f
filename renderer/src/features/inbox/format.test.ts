import { describe, expect, it } from 'vitest';
import { type MessageRow } from '../../data/db';
import { dayLabel, highlightParts, snippetAround, threadRows } from './format';
import { imageBox } from './MessageBubble';

const msg = (id: string, t: number, fromPage = false, extra: Partial<MessageRow> = {}): MessageRow => ({
  id,
  nativeId: id,
  conversationId: 'messenger:t_1',
  accountId: 'p',
  platform: 'messenger',
  createdTime: t,
  from: { id: fromPage ? 'p' : 'u' },
  text: id,
  attachments: [],
  fromPage,
  words: [],
  ...extra,
});

describe('thread rows', () => {
  it('puts a day separator before each new day and groups bubbles of one side into runs', () => {
    const day1 = new Date(2026, 10, 20, 10, 0).getTime();
    const day2 = new Date(2026, 10, 21, 9, 0).getTime();
    const rows = threadRows(
      [msg('a', day1), msg('b', day1 + 60_000), msg('c', day1 + 120_000, true), msg('d', day2, true)],
      new Date(2026, 10, 21, 12, 0).getTime(),
    );
    expect(
      rows.map((r) =>
        r.kind === 'day'
          ? `[${r.label}]`
          : `${r.message.id}${r.firstOfRun ? '^' : ''}${r.lastOfRun ? '$' : ''}`,
      ),
    ).toEqual([
      `[${dayLabel(day1, new Date(2026, 10, 21, 12, 0).getTime())}]`,
      'a^',
      'b$',
      'c^$',
      '[Today]',
      'd^$',
    ]);
    expect(dayLabel(day1, new Date(2026, 10, 21, 12, 0).getTime())).toBe('Yesterday');
  });

  it('keys an optimistic reply by its clientId so adoption of Meta’s id keeps the same bubble', () => {
    const before = threadRows([msg('local:c1', 1, true, { clientId: 'c1' })]);
    const after = threadRows([msg('messenger:m_9', 1, true, { clientId: 'c1' })]);
    expect(before[1]!.key).toBe(after[1]!.key);
  });
});

describe('search highlighting', () => {
  it('marks word prefixes case-insensitively, as text', () => {
    expect(highlightParts('Blue jackets and a BLUEBERRY <b>', 'blue jack')).toEqual([
      { text: 'Blue', hit: true },
      { text: ' ', hit: false },
      { text: 'jack', hit: true },
      { text: 'ets and a ', hit: false },
      { text: 'BLUE', hit: true },
      { text: 'BERRY <b>', hit: false },
    ]);
    expect(highlightParts('sky(blue)', '(')).toEqual([{ text: 'sky(blue)', hit: false }]);
  });

  it('cuts long texts around the first hit', () => {
    const long = `${'x '.repeat(100)}needle ${'y '.repeat(100)}`;
    const s = snippetAround(long, 'needle', 60);
    expect(s).toContain('needle');
    expect(s.startsWith('…')).toBe(true);
    expect(s.length).toBeLessThanOrEqual(62);
  });
});

describe('image boxes', () => {
  it('reserves the picture’s size before it loads, within the bubble limits', () => {
    expect(imageBox(1080, 1350)).toEqual({ width: 240, height: 300 });
    expect(imageBox(1200, 600)).toEqual({ width: 260, height: 130 });
    expect(imageBox(100, 80)).toEqual({ width: 100, height: 80 });
    expect(imageBox(undefined, undefined)).toEqual({ width: 240, height: 180 });
  });
});
