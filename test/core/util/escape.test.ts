import { describe, expect, it } from 'vitest';
import { esc, jsonVisible, visible } from '../../../src/core/util/escape.js';

describe('visible', () => {
  it('shows tag characters and Hangul fillers as escapes: they render as nothing and would hide text', () => {
    // "ignore" spelled in tag characters (U+E0069 …), then the four Hangul fillers.
    const hidden = `ok${[...'ignore'].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('')}\u3164\u115f\u1160\uffa0`;
    expect(visible(hidden)).toBe(
      'ok⟨U+E0069⟩⟨U+E0067⟩⟨U+E006E⟩⟨U+E006F⟩⟨U+E0072⟩⟨U+E0065⟩⟨U+3164⟩⟨U+115F⟩⟨U+1160⟩⟨U+FFA0⟩',
    );
    expect(esc('\u{e0041}<')).toBe('⟨U+E0041⟩&lt;');
  });

  it('shows a terminal reset (ESC c) and bidi overrides as escapes, and leaves ordinary text and emoji alone', () => {
    expect(visible('\x1bc\u202egnp.exe')).toBe('⟨U+001B⟩c⟨U+202E⟩gnp.exe');
    expect(visible('Zoë ✓ 👍🏽 日本')).toBe('Zoë ✓ 👍🏽 日本');
  });
});

describe('jsonVisible', () => {
  it('writes what JSON.stringify leaves raw as \\u escapes, so the data reads back unchanged', () => {
    const value = { name: `a\u202eb\u{e0041}\u3164\u0085`, n: 1 };
    const json = jsonVisible(JSON.stringify(value, null, 2));
    expect(json).toBe('{\n  "name": "a\\u202eb\\udb40\\udc41\\u3164\\u0085",\n  "n": 1\n}');
    expect(JSON.parse(json)).toEqual(value);
  });
});
