// Every text colour of the panel against every background it is drawn on, in both themes: WCAG 2.2 SC 1.4.3 asks
// for 4.5:1 (https://www.w3.org/TR/WCAG22/#contrast-minimum). Colours are read from public/panel.css itself.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = fs.readFileSync(new URL('../../public/panel.css', import.meta.url), 'utf8');

function vars(selector: string): Record<string, string> {
  const at = css.indexOf(`${selector} {`);
  const block = css.slice(at, css.indexOf('}', at));
  return Object.fromEntries([...block.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1]!, m[2]!]));
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5]
    .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

const TEXT = [
  'fg',
  'muted',
  'accent',
  'error',
  'warning',
  'info',
  'ok',
  'k-user',
  'k-app',
  'k-context',
  'k-id',
  'k-other',
  'jwt-header',
  'jwt-payload',
  'jwt-signature',
];
/** Where text sits: the page, toolbars and findings, a selected row, rows tinted by their worst finding, banners. */
const BACKGROUNDS = ['bg', 'bg-alt', 'sel', 'tint-error', 'tint-warning', 'error-bg', 'warning-bg', 'info-bg'];

describe('contrast', () => {
  for (const [theme, selector] of [
    ['light', ':root'],
    ['dark', ":root[data-theme='dark']"],
  ] as const) {
    it(`${theme} theme: every text colour is 4.5:1 or more on every background`, () => {
      const v = vars(selector);
      const low: string[] = [];
      for (const fg of TEXT)
        for (const bg of BACKGROUNDS) {
          expect(v[fg], fg).toBeDefined();
          expect(v[bg], bg).toBeDefined();
          const ratio = contrast(v[fg]!, v[bg]!);
          if (ratio < 4.5) low.push(`${fg} on ${bg}: ${ratio.toFixed(2)}`);
        }
      expect(contrast(v['on-accent']!, v.accent!)).toBeGreaterThanOrEqual(4.5);
      expect(low).toEqual([]);
    });
  }
});
