// @vitest-environment happy-dom
// The HTML report parsed by a DOM: whatever the tokens hold, every element and attribute is one the builder
// wrote, the hostile strings are text, nothing can load or run, and raw tokens appear only when revealed.
import fs from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { Analyzer } from '../../../src/core/analysis/analyzer.js';
import { readHarBytes } from '../../../src/core/har/reader.js';
import { contentSecurityPolicy, toHtml } from '../../../src/core/output/html-report.js';
import { HOSTILE_TOKENS, writeHostileHar } from '../../fixtures/hostile-corpus.mjs';
import * as T from '../../fixtures/tokens.js';

const dir = fs.mkdtempSync(`${os.tmpdir()}/bearerscope-html-`);
function reportOf(file: string, reveal = false) {
  const a = new Analyzer();
  readHarBytes(fs.readFileSync(file), (e) => a.add(e));
  return a.report(Date.now(), { reveal });
}
const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');

/** Every element the builder writes; anything else came from data. */
const TAGS = new Set([
  'html',
  'head',
  'meta',
  'title',
  'style',
  'body',
  'h1',
  'h2',
  'h3',
  'h4',
  'p',
  'span',
  'table',
  'tbody',
  'tr',
  'th',
  'td',
  'a',
  'code',
  'div',
  'strong',
  'br',
  'section',
  'ul',
  'li',
  'i',
  'svg',
  'g',
  'line',
  'text',
  'rect',
  'path',
  'circle',
]);
const ATTRS = new Set([
  'lang',
  'charset',
  'http-equiv',
  'content',
  'name',
  'class',
  'id',
  'href',
  'xmlns',
  'viewbox',
  'viewBox',
  'width',
  'height',
  'role',
  'aria-labelledby',
  'transform',
  'x',
  'y',
  'x1',
  'y1',
  'x2',
  'y2',
  'rx',
  'cx',
  'cy',
  'r',
  'd',
  'text-anchor',
]);

describe('the HTML report', () => {
  it('keeps the hostile corpus as text: no element, attribute or link comes from token data', () => {
    const report = reportOf(writeHostileHar(dir), true);
    const html = toHtml(report, { version: '0.1.0', files: ['<img src=x onerror=alert(1)>.har'] });
    const doc = parse(html);
    const elements = [...doc.querySelectorAll('*')];
    expect(elements.filter((e) => !TAGS.has(e.tagName.toLowerCase())).map((e) => e.tagName)).toEqual([]);
    expect(elements.flatMap((e) => [...e.attributes].map((a) => a.name)).filter((n) => !ATTRS.has(n))).toEqual([]);
    expect(
      [...doc.querySelectorAll('a')]
        .map((a) => a.getAttribute('href'))
        .filter((h) => !/^#t-[0-9a-f]{16}$/.test(h ?? '')),
    ).toEqual([]);
    expect(doc.querySelectorAll('script, iframe, img').length).toBe(0);
    // The markup from the claims is there, as text, in the claims tables (and the raw tokens, as asked).
    const text = doc.body.textContent ?? '';
    expect(text).toContain('<script>window.__pwned="script"</script>');
    expect(text).toContain('<img src=x onerror="window.__pwned=\'img\'">');
    expect(text).toContain(HOSTILE_TOKENS.html);
    // Invisible and direction characters are shown as escapes, never as themselves.
    expect(text).toContain('invoice⟨U+202E⟩fdp.exe');
    expect(html).not.toMatch(/[\u202e\u200b\u2066]/);
    // A 1 MB claim is cut to a bounded line (the raw token, when revealed, is whole).
    expect(toHtml(reportOf(writeHostileHar(dir)), { version: '0.1.0', files: [] }).length).toBeLessThan(200_000);
  });

  it('allows nothing to load or run: the CSP allows only its own style sheet, by hash', async () => {
    const report = reportOf('test/fixtures/sharepoint-addin.har');
    const html = toHtml(report, { version: '0.1.0', files: ['sharepoint-addin.har'] });
    const doc = parse(html);
    const csp = doc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '';
    expect(csp).toMatch(
      /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; img-src 'none'; script-src 'none'; base-uri 'none'; form-action 'none'$/,
    );
    const style = doc.querySelector('style')?.textContent ?? '';
    const digest = Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(style))).toString(
      'base64',
    );
    expect(csp).toContain(`'sha256-${digest}'`);
    expect(contentSecurityPolicy(style)).toBe(csp);
    expect(doc.querySelectorAll('[style]').length).toBe(0);
  });

  it('has the summary, each finding with its advice, the timeline, and each token’s times and claims; redacted unless revealed', () => {
    const report = reportOf('test/fixtures/sharepoint-addin.har');
    const doc = parse(toHtml(report, { version: '0.1.0', files: ['sharepoint-addin.har'] }));
    expect(doc.querySelectorAll('h2 + table tr').length).toBe(report.tokens.length + 1);
    const rejected = [...doc.querySelectorAll('.finding')].find(
      (f) => f.textContent?.includes('rejected') && f.querySelector('.advice'),
    );
    expect(rejected?.querySelector('.advice')?.textContent).toMatch(/^Read the quoted WWW-Authenticate error/);
    // Every token has its bar, linked to its section: a bar that ended years before the requests is a stub at the edge.
    expect([...doc.querySelectorAll('svg.timeline a')].map((a) => a.getAttribute('href')).sort()).toEqual(
      report.tokens.map((t) => `#t-${t.id}`).sort(),
    );
    expect(doc.querySelectorAll('svg.timeline .bar.outside').length).toBe(3);
    expect([...doc.querySelectorAll('svg.timeline .tick.denied title')].map((t) => t.textContent)).toEqual([
      '2023-11-14T22:20:04.500Z GET https://company.sharepoint.com/sites/dev/_api/web?$select=Title → 401 (entry #3)',
    ]);
    // A link from a token response names its entry counted from 1, as the token's own "Issued by" row does.
    const issued = [...doc.querySelectorAll('svg.timeline .link title')]
      .map((t) => t.textContent ?? '')
      .filter((t) => t.startsWith('Issued by'));
    expect(issued.length).toBeGreaterThan(0);
    for (const text of issued) {
      const n = Number(/entry #(\d+)$/.exec(text)?.[1]);
      expect(
        report.tokens.some((t) => t.issuedBy?.entry === n - 1 && !t.issuedBy.refreshTokenId),
        text,
      ).toBe(true);
    }
    const context = doc.getElementById('t-3a5bdc3de99fb3b3');
    expect(context?.textContent).toContain('2012-05-01T09:54:55.000Z');
    expect(context?.textContent).toMatch(/refreshtoken\[redacted: \d+ characters\]/);
    expect(doc.body.textContent).not.toContain(T.ACS_CONTEXT);
    expect(doc.body.textContent).toContain('Raw tokens and credential claims are redacted.');
    const revealed = parse(
      toHtml(reportOf('test/fixtures/sharepoint-addin.har', true), { version: '0.1.0', files: [] }),
    );
    expect(revealed.body.textContent).toContain(T.ACS_CONTEXT);
  });

  it('draws the flow findings on the timeline, each titled by its finding and request (the reused refresh token)', () => {
    const doc = parse(toHtml(reportOf('test/fixtures/refresh-session.har'), { version: '0.1.0', files: [] }));
    const titles = [...doc.querySelectorAll('svg.timeline .flow title')].map((t) => t.textContent ?? '');
    expect(
      titles.some((t) =>
        /^2023-11-14T22:50:00\.000Z A replaced refresh token was sent again \(refresh-reused\), entry #6: /.test(t),
      ),
    ).toBe(true);
    expect(doc.querySelectorAll('svg.timeline .flow.sev-error').length).toBeGreaterThan(0);
  });
});
