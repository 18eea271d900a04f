import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeBridge } from '../test/fake-bridge';
import { checkExternalLink } from '../../../shared/security/links';
import { ExternalLink, LinkifiedText } from './ExternalLink';

afterEach(cleanup);

describe('ExternalLink uses the shared link policy', () => {
  it('accepts absolute https URLs only', () => {
    expect(checkExternalLink('https://example.com/a?b=1')).toMatchObject({
      ok: true,
      href: 'https://example.com/a?b=1',
    });
    expect(checkExternalLink('javascript:alert(1)').ok).toBe(false);
    expect(checkExternalLink('data:text/html,<script>').ok).toBe(false);
    expect(checkExternalLink('/relative').ok).toBe(false);
    expect(checkExternalLink(undefined).ok).toBe(false);
  });
});

describe('LinkifiedText', () => {
  it('renders markup as text and turns only https URLs into new-tab links without an opener', () => {
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

describe('links show their real host (bidi spoofing, lying link text)', () => {
  const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
  /** The host the user is shown for `a`: its host badge, or the host its own visible URL text starts with. */
  const shownHost = (a: Element) => {
    const badge = a.parentElement?.querySelector('.link-host');
    if (badge?.textContent) return badge.textContent;
    return new URL(a.textContent ?? '').hostname;
  };

  it('strips bidi controls from a linkified URL, isolates it left-to-right and shows the real host', () => {
    const bridge = createFakeBridge();
    const text = 'Your bank: https://evil.example/\u202Emoc.knab//:sptth thanks';
    const { container } = render(<LinkifiedText text={text} bridge={bridge} />);
    const a = container.querySelector('a')!;
    expect(a.textContent).not.toMatch(BIDI);
    expect(a.getAttribute('href')).not.toMatch(/%E2%80%AE/i);
    expect(a.querySelector('bdi')?.getAttribute('dir')).toBe('ltr');
    expect(shownHost(a)).toBe(new URL(a.getAttribute('href')!).hostname);
    expect(shownHost(a)).toBe('evil.example');
  });

  it('shows the punycode host beside a look-alike (IDN) URL', () => {
    const bridge = createFakeBridge();
    const { container } = render(
      <LinkifiedText text={'pay at https://\u0430pple.com/pay'} bridge={bridge} />,
    );
    const a = container.querySelector('a')!;
    expect(container.querySelector('.link-host')?.textContent).toBe('xn--pple-43d.com');
    expect(shownHost(a)).toBe(new URL(a.getAttribute('href')!).hostname);
  });

  it('shows the real host beside link text that names another one', () => {
    const bridge = createFakeBridge();
    const { container } = render(
      <ExternalLink href="https://evil.example/login" bridge={bridge}>
        {'\u202Ebank.com'}
      </ExternalLink>,
    );
    const a = container.querySelector('a')!;
    expect(container.querySelector('.link-host')?.textContent).toBe('evil.example');
    expect(shownHost(a)).toBe(new URL(a.getAttribute('href')!).hostname);
  });

  it('leaves links the policy refuses as text that says why (http, local names with a trailing dot)', () => {
    const bridge = createFakeBridge();
    const { container } = render(
      <LinkifiedText text="see http://shop.example/a and https://localhost./admin" bridge={bridge} />,
    );
    expect(container.querySelectorAll('a')).toHaveLength(0);
    const refused = container.querySelectorAll('.link-refused');
    expect(refused).toHaveLength(2);
    for (const r of refused) expect(r.getAttribute('title')).toMatch(/Duet does not open/);
  });
});
