// The colour tokens meet WCAG 2.2 AA contrast in both themes. The values are parsed from theme.css itself (every
// colour token is light-dark(light, dark)), so changing a token in the stylesheet is what this test checks.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AVATAR_COLORS } from './Avatar';

type Theme = 'light' | 'dark';
type Rgba = { r: number; g: number; b: number; a: number };

/** Every custom property declared in theme.css's :root block, as written. */
function customProperties(css: string): Map<string, string> {
  const root = /:root\s*\{([\s\S]*?)\n\}/.exec(css)?.[1] ?? '';
  const props = new Map<string, string>();
  for (const m of root.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)) props.set(m[1]!, m[2]!.trim());
  return props;
}

// Read from disk (tests run from the repository root): the test environment turns CSS imports into empty modules.
const TOKENS = customProperties(readFileSync(resolve('renderer/src/ui/theme.css'), 'utf8'));

/** A CSS colour (#rgb, #rrggbb, rgb(), rgba()) as numbers. */
function parseColor(value: string): Rgba {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(value);
  if (hex) {
    const h = hex[1]!.length === 3 ? [...hex[1]!].map((c) => c + c).join('') : hex[1]!;
    return {
      r: parseInt(h.slice(0, 2), 16),
      g: parseInt(h.slice(2, 4), 16),
      b: parseInt(h.slice(4, 6), 16),
      a: 1,
    };
  }
  const fn = /^rgba?\(([^)]+)\)$/.exec(value);
  if (fn) {
    const [r, g, b, a = 1] = fn[1]!
      .split(/[\s,/]+/)
      .filter(Boolean)
      .map(Number);
    return { r: r!, g: g!, b: b!, a };
  }
  throw new Error(`not a colour this test understands: ${value}`);
}

/** A token's colour in one theme (light-dark(light, dark) or one value for both), var() references followed. */
function tokenColor(name: string, theme: Theme): Rgba {
  const value = TOKENS.get(name);
  if (value === undefined) throw new Error(`${name} is not declared in theme.css`);
  const pair = /^light-dark\((.+)\)$/.exec(value);
  const raw = pair ? splitTopLevel(pair[1]!)[theme === 'light' ? 0 : 1]!.trim() : value;
  const ref = /^var\((--[\w-]+)\)$/.exec(raw);
  return ref ? tokenColor(ref[1]!, theme) : parseColor(raw);
}

function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')') depth--;
    else if (s[i] === ',' && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}

/** A translucent colour painted over an opaque one. */
function over(top: Rgba, bottom: Rgba): Rgba {
  const mix = (t: number, b: number) => t * top.a + b * (1 - top.a);
  return { r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a: 1 };
}

/** WCAG 2.x relative luminance. */
function luminance({ r, g, b }: Rgba): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG 2.x contrast ratio, 1 to 21. */
export function contrastRatio(a: Rgba, b: Rgba): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** A surface: a token, or a translucent token over an opaque one (hover, selection). */
type Surface = string | [top: string, under: string];

function surfaceColor(s: Surface, theme: Theme): Rgba {
  return typeof s === 'string'
    ? tokenColor(s, theme)
    : over(tokenColor(s[0], theme), tokenColor(s[1], theme));
}

const SURFACES: Surface[] = [
  '--bg',
  '--bg-elevated',
  '--bg-sunken',
  ['--bg-hover', '--bg-elevated'],
  ['--bg-active', '--bg-elevated'],
  // The selection tint is only ever laid on an elevated surface (selected tab, chip, conversation).
  ['--accent-soft', '--bg-elevated'],
];

/** Text tokens on the surfaces they are used on, at the WCAG AA minimum for normal-size text (4.5:1). */
const TEXT_PAIRS: Array<[text: string, surfaces: Surface[]]> = [
  ['--text', SURFACES],
  ['--text-muted', SURFACES],
  ['--text-faint', SURFACES],
  ['--accent', ['--bg', '--bg-elevated', '--bg-sunken', ['--accent-soft', '--bg-elevated']]],
  ['--accent-contrast', ['--accent', '--accent-hover']],
  ['--danger-contrast', ['--danger']],
  ['--bubble-out-text', ['--bubble-out']],
  ['--text', ['--bubble-in']],
  ['--text-muted', ['--bubble-in']],
  ['--danger', ['--bg', '--bg-elevated', ['--danger-soft', '--bg-elevated']]],
  ['--warning', ['--bg', '--bg-elevated', ['--warning-soft', '--bg-elevated']]],
  ['--success', ['--bg', '--bg-elevated']],
];

/** Non-text UI that must be seen (the focus ring, a primary button's shape) at 3:1 against what is around it. */
const UI_PAIRS: Array<[part: string, surfaces: Surface[]]> = [
  ['--focus-ring-color', ['--bg', '--bg-elevated', '--bg-sunken', ['--accent-soft', '--bg-elevated']]],
  ['--accent', ['--bg', '--bg-elevated']],
  // The outline of text fields, the composer and the off-state of switches is what shows where they are (1.4.11).
  ['--control-edge', ['--bg', '--bg-elevated', '--bg-sunken']],
];

function label(s: Surface): string {
  return typeof s === 'string' ? s : `${s[0]} over ${s[1]}`;
}

describe.each(['light', 'dark'] as const)('%s theme colour tokens', (theme) => {
  it.each(TEXT_PAIRS)('%s is readable (4.5:1) on each surface', (text, surfaces) => {
    const low = surfaces
      .map((s) => ({ s: label(s), ratio: contrastRatio(tokenColor(text, theme), surfaceColor(s, theme)) }))
      .filter((x) => x.ratio < 4.5)
      .map((x) => `${x.s}: ${x.ratio.toFixed(2)}:1`);
    expect(low).toEqual([]);
  });

  it.each(UI_PAIRS)('%s stands out (3:1) from each surface', (part, surfaces) => {
    const low = surfaces
      .map((s) => ({ s: label(s), ratio: contrastRatio(tokenColor(part, theme), surfaceColor(s, theme)) }))
      .filter((x) => x.ratio < 3)
      .map((x) => `${x.s}: ${x.ratio.toFixed(2)}:1`);
    expect(low).toEqual([]);
  });
});

describe('avatar initials', () => {
  it.each(AVATAR_COLORS)('white initials are readable (4.5:1) on %s', (color) => {
    expect(contrastRatio(parseColor('#ffffff'), parseColor(color))).toBeGreaterThanOrEqual(4.5);
  });
});

describe('the contrast formula', () => {
  it('gives the known ratios', () => {
    expect(contrastRatio(parseColor('#000000'), parseColor('#ffffff'))).toBeCloseTo(21, 5);
    expect(contrastRatio(parseColor('#777777'), parseColor('#ffffff'))).toBeCloseTo(4.48, 2);
    expect(contrastRatio(parseColor('#ffffff'), parseColor('#ffffff'))).toBe(1);
  });
});
