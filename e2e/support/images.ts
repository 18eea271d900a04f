// How many pictures are visible in a region, and how many of them actually loaded (not broken, not queued).
import { type Page } from '@playwright/test';

/** Visible <img> elements (plus queued or placeholder slots) under `selector`, and how many have loaded. */
export async function visibleImages(page: Page, selector: string) {
  return page.evaluate((sel) => {
    const root = document.querySelector(sel);
    if (!root) return { total: 0, loaded: 0 };
    const box = root.getBoundingClientRect();
    const imgs = Array.from(root.querySelectorAll('img')).filter((img) => {
      const r = img.getBoundingClientRect();
      return r.bottom > box.top && r.top < box.bottom && r.width > 0;
    });
    // Pictures still queued or replaced by the broken-image placeholder count as not loaded.
    const waiting = Array.from(root.querySelectorAll('.img-pending, [data-placeholder]')).filter((el) => {
      const r = el.getBoundingClientRect();
      return r.bottom > box.top && r.top < box.bottom && r.width > 0;
    }).length;
    return {
      total: imgs.length + waiting,
      loaded: imgs.filter((i) => i.complete && i.naturalWidth > 0).length,
    };
  }, selector);
}
