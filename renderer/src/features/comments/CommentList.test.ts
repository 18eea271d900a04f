// The comment list's action keys: plain letters and Delete name a row's action; with a modifier, or while typing in
// a reply box, a key is the browser's (or the text's), never an action.
import { describe, expect, it } from 'vitest';
import { actionKeyOf } from './CommentList';

const press = (key: string, over: Partial<Parameters<typeof actionKeyOf>[0]> = {}) =>
  actionKeyOf({ key, ctrlKey: false, metaKey: false, altKey: false, target: null, ...over });

describe('comment list action keys', () => {
  it('names reply, hide, like, private reply, done and delete', () => {
    expect(['r', 'h', 'l', 'p', 'd', 'Delete'].map((k) => press(k))).toEqual([
      'r',
      'h',
      'l',
      'p',
      'd',
      'delete',
    ]);
    expect(press('H')).toBe('h');
  });

  it('leaves every other key, any key with Ctrl, ⌘ or Alt, and keys typed in a text box alone', () => {
    expect(press('x')).toBeNull();
    expect(press('Enter')).toBeNull();
    expect(press('r', { ctrlKey: true })).toBeNull();
    expect(press('l', { metaKey: true })).toBeNull();
    expect(press('d', { altKey: true })).toBeNull();
    const box = document.createElement('textarea');
    expect(press('h', { target: box })).toBeNull();
    expect(press('Delete', { target: document.createElement('input') })).toBeNull();
    expect(press('h', { target: document.createElement('button') })).toBe('h');
  });
});
