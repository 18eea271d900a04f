import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeBridge } from '../../test/fake-bridge';
import { LinkPreview } from './PostCard';

afterEach(cleanup);

describe('LinkPreview', () => {
  it("shows the target's host for a link wrapped in Meta's link shim, not l.facebook.com", () => {
    const bridge = createFakeBridge();
    const url = 'https://l.facebook.com/l.php?u=https%3A%2F%2Fshop.example%2Fsale%3Fx%3D1&h=AT0abc';
    const { container } = render(
      <LinkPreview a={{ type: 'link', url, title: 'Winter sale' }} bridge={bridge} />,
    );
    expect(container.querySelector('.post-link-domain')?.textContent).toBe('shop.example');
    expect(container.textContent).not.toContain('l.facebook.com');
    // It opens through the shim (Meta's malicious-link check), which is what the href says.
    expect(container.querySelector('a')?.getAttribute('href')).toBe(url);
  });

  it('shows the real host when the title names another site', () => {
    const bridge = createFakeBridge();
    const { container } = render(
      <LinkPreview
        a={{ type: 'link', url: 'https://evil.example/login', title: 'bank.com — sign in' }}
        bridge={bridge}
      />,
    );
    expect(container.querySelector('.post-link-domain')?.textContent).toBe('evil.example');
  });
});
