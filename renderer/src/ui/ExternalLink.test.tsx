import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeBridge } from '../data/sync/testkit';
import { LinkifiedText, safeHttpUrl } from './ExternalLink';

afterEach(cleanup);

describe('safeHttpUrl', () => {
  it('accepts only absolute http(s) URLs', () => {
    expect(safeHttpUrl('https://example.com/a?b=1')).toBe('https://example.com/a?b=1');
    expect(safeHttpUrl('javascript:alert(1)')).toBeNull();
    expect(safeHttpUrl('data:text/html,<script>')).toBeNull();
    expect(safeHttpUrl('/relative')).toBeNull();
    expect(safeHttpUrl(undefined)).toBeNull();
  });
});

describe('LinkifiedText', () => {
  it('renders markup as text and turns only http(s) URLs into new-tab links without an opener', () => {
    const bridge = createFakeBridge();
    const text =
      'Sale! <img src=x onerror="window.__pwn=1"> see https://shop.example/candles. or javascript:alert(1)';
    const { container } = render(<LinkifiedText text={text} bridge={bridge} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toBe(text);
    const links = container.querySelectorAll('a');
    expect(links).toHaveLength(1);
    expect(links[0]!.getAttribute('href')).toBe('https://shop.example/candles');
    expect(links[0]!.getAttribute('target')).toBe('_blank');
    expect(links[0]!.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('opens links through the host allow-list in Electron instead of navigating', () => {
    const bridge = { ...createFakeBridge(), kind: 'electron' as const };
    const invoke = vi.fn(async () => ({ opened: true }));
    bridge.invoke = invoke as never;
    const { container } = render(<LinkifiedText text="https://www.facebook.com/x" bridge={bridge} />);
    const a = container.querySelector('a')!;
    const event = new MouseEvent('click', { bubbles: true, cancelable: true });
    a.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
    expect(invoke).toHaveBeenCalledWith('app/open-external', { url: 'https://www.facebook.com/x' });
  });
});
