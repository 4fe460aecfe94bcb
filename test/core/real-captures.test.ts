/**
 * The regression suite on real, third-party HAR files (test/fixtures/real/README.md says where each comes from).
 * Every file is scanned; each must give exactly the tokens and report findings listed here, and no token
 * finding at all. A false alarm met in the wild becomes a line in this table.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Analyzer } from '../../src/core/analysis/analyzer.js';
import { readHarBytes } from '../../src/core/har/reader.js';
import type { Report } from '../../src/core/model/report.js';

const DIR = 'test/fixtures/real';
/** Long after every capture: expiry is not what this suite is about, and the report must not depend on today. */
const NOW = Date.parse('2026-01-01T00:00:00Z');

interface Expected {
  /** "kind family where:name scheme ×sightings" per token. */
  tokens?: string[];
  /** Report-level finding codes. */
  findings?: string[];
  /** Text the report's notes must contain. */
  notes?: string[];
  /** The file is refused: the start of the message. */
  refused?: string;
}

/** electrode-csrf-jwt's signed double-submit pair, per page load: the cookie half (first sent, then set and sent again) and the header half. */
const csrfJwt = (setCookie: number, header: number) => [
  'unknown other cookie:x-csrf-jwt ×1',
  `unknown other set-cookie:x-csrf-jwt,cookie:x-csrf-jwt ×${setCookie}`,
  `unknown other header:x-csrf-jwt ×${header}`,
];

const EXPECTED: Record<string, Expected> = {
  // A real Firefox capture (mitmproxy.org behind CloudFront) with the capturing machine's clock set 2 h slow.
  'derived/firefox-clock-2h-slow.har': { findings: ['clock-skew'] },
  // The same with four entries, two of them fresh responses: few, but enough.
  'derived/firefox-clock-2h-slow-4-entries.har': { findings: ['clock-skew'] },
  // A real Chrome capture whose cookie values were all replaced by [REDACTED].
  'derived/ericduran-cookies-redacted.har': { findings: ['capture-stripped'] },
  'har-to-k6/api-check.har': {},
  'har-to-k6/api.har': {},
  'har-to-k6/better-variable-avoidance.har': {},
  'har-to-k6/blacklisted-headers.har': {},
  'har-to-k6/checks.har': {},
  'har-to-k6/entry.har': {},
  // `Authorization: Bearer ${token}`: a template variable, not an opaque token (it was listed as one).
  'har-to-k6/full.har': { notes: ['4 credential values are template variables'] },
  'har-to-k6/headers.har': { tokens: ['opaque other authorization-header:Authorization Bearer ×1'] },
  'har-to-k6/inconsistent-content-type.har': {},
  'har-to-k6/invalid-sleep.har': {},
  'har-to-k6/multi-variable-check.har': {},
  'har-to-k6/multipart-formdata.har': {},
  'har-to-k6/options.har': {},
  // HAR 1.2 requires log.entries; a file with pages only is refused, in one line.
  'har-to-k6/page.har': { refused: 'not a HAR file: "log" has no "entries" array' },
  'har-to-k6/params.har': {},
  'har-to-k6/postDataConflict.har': {},
  'har-to-k6/pseudo-headers.har': { tokens: ['opaque other authorization-header:Authorization Bearer ×1'] },
  'har-to-k6/query.har': {},
  'har-to-k6/scope-vars.har': { notes: ['1 credential value is a template variable'] },
  'har-to-k6/scopes.har': {},
  'har-to-k6/sleep.har': {},
  'har-to-k6/stages.har': {},
  'har-to-k6/text.har': {},
  'har-to-k6/url-constructed.har': {},
  'har-to-k6/url-full.har': {},
  'har-to-k6/url-runtime.har': {},
  'har-to-k6/variable.har': { notes: ['1 credential value is a template variable'] },
  'har-to-k6/x-www-form-url-encoded.har': {},
  'har-to-openapi/ServerService-GetNavigationMenu2-ff.har': {},
  'har-to-openapi/ServerService-GetNavigationMenu2-fiddler.har': {},
  'har-to-openapi/add.har': {},
  // Bearer, Basic (not to a token endpoint: no client secret), X-Api-Key "secret-key" (too short for a key).
  'har-to-openapi/auth-variants.har': { tokens: ['opaque other authorization-header:Authorization Bearer ×1'] },
  'har-to-openapi/base-path.har': {},
  'har-to-openapi/binary-json.har': {},
  'har-to-openapi/custom-method.har': {},
  // A real Chrome capture of a GitHub Pages site: CDN responses with two-day-old Date and an Age (clock-skew fired).
  'har-to-openapi/ericduran.github.io.har': {},
  'har-to-openapi/formdata.har': {},
  'har-to-openapi/full.har': { notes: ['4 credential values are template variables'] },
  'har-to-openapi/html.har': {},
  'har-to-openapi/invalid-url.har': {},
  'har-to-openapi/load-impact.har': {},
  'har-to-openapi/media-types.har': {},
  'har-to-openapi/multipart-merge.har': {},
  'har-to-openapi/no-entries.har': {},
  'har-to-openapi/no-success-status.har': {},
  'har-to-openapi/one-post-json-cookie.har': {},
  'har-to-openapi/pathReplace.har': {},
  'har-to-openapi/post-data-conflict.har': {},
  'har-to-openapi/post-json-invalid.har': {},
  // A trimmed Chrome export (Content-Type only, no User-Agent) of three POSTs: not taken for a stripped capture.
  'har-to-openapi/post-same-endpoint-diff-bodies.har': {},
  // X-Auth-Token: "Secret", six letters: not a token.
  'har-to-openapi/security.har': {},
  'har-to-openapi/typed-params.har': {},
  'har-to-openapi/url.har': {},
  'har-to-openapi/urlfull.har': {},
  // A Charles capture of one CDN response, Date 16 h old with an Age (clock-skew fired).
  'mitmproxy/charles.har': {},
  // Chrome: a memory-cache hit (_fromCache) and a 304 among three entries.
  'mitmproxy/chrome.har': {},
  'mitmproxy/corrupted_gzip_body.har': {},
  // A Google OAuth access token (ya29.…) and a Google API key in x-goog-api-key; Dates days old with an Age.
  // The x-goog-api-key is a Google browser key: public by design, an info-level secret-in-browser ("verify its API restrictions").
  'mitmproxy/diff_data.har': {
    tokens: ['opaque other header:x-goog-api-key ×1', 'opaque other authorization-header:Authorization Bearer ×1'],
    findings: ['secret-in-browser'],
  },
  'mitmproxy/error_log.har': {},
  // `Authorization: api_key mob-…`: a custom scheme carries a replayable credential too.
  'mitmproxy/event_stream.har': { tokens: ['opaque other authorization-header:Authorization api_key ×2'] },
  // Firefox: 304s and CloudFront hits with Age (clock-skew fired, 21 h).
  'mitmproxy/firefox.har': {},
  'mitmproxy/head-content-length.har': {},
  'mitmproxy/incomplete_log.har': {},
  'mitmproxy/insomnia.har': {},
  'mitmproxy/postdata.har': {},
  // Safari: memory-cache hits marked only by _fetchType, replaying an old Age (clock-skew fired, then 9 min).
  'mitmproxy/safari.har': {},
  'mitmproxy/successful_log.har': {},
  'mitmproxy/websocket.har': {},
  // A UTF-8 byte-order mark before the JSON.
  'mitmproxy/with-bom.har': {},
  // Chrome on www.sitespeed.io behind Varnish, which stamps Date at delivery and still sends Age (~20.5 h) on its
  // 8 hits; its 3 misses (Age 0, X-Cache: MISS) and Google Analytics agree with the capture clock (clock-skew fired, 20 h 32 min).
  'pagexray/http1.1-chrome.har': {},
  // WebPageTest, three loads of en.wikipedia.org behind Wikimedia's Varnish (Date at delivery, Age up to 24 days): two
  // of the loads are stamped 5 h 1 min before every server's Date on every host, a capture clock really off.
  'pagexray/en.wikipedia.org.spdy-wpt.har': { findings: ['clock-skew'] },
  // Mixpanel's /decide?token=…: a project token, public by design (url-leak fired).
  'pagexray/aftonbladet.se.har': {},
  // Walmart's electrode-csrf-jwt double-submit pairs ({"type":"cookie"} / {"type":"header"}): 18 cookie-leak errors fired.
  'pagexray/304.har': {
    tokens: [
      ...csrfJwt(5, 1),
      ...csrfJwt(6, 2),
      ...csrfJwt(5, 1),
      ...csrfJwt(6, 2),
      ...csrfJwt(6, 2),
      ...csrfJwt(6, 2),
      ...csrfJwt(5, 1),
      ...csrfJwt(6, 2),
      ...csrfJwt(5, 1),
    ],
  },
  // Chrome 44 through WebPageTest on www.nytimes.com: analytics beacons of every kind (Google Analytics collect,
  // Chartbeat ping, comScore, the Facebook pixel, DoubleClick), none a credential; the capture clock 5 h 1 min off on all 54 hosts.
  'pagexray/www.nytimes.com.har': { findings: ['clock-skew'] },
  // Firefox 43 on www.linkedin.com, signed out: LinkedIn's double-submit pair (the JSESSIONID cookie "ajax:…" and
  // ?csrfToken=ajax:… on its POSTs) is anti-forgery, not a credential; leo_auth_token is a signed-out visitor's
  // quoted guest id ("GST:…:time:HMAC"); comScore and Google Analytics beacons.
  'pagexray/linkedin.har': {},
  // Browsertime's Firefox on a local page: its only POSTs are Firefox's own OCSP checks (capture-stripped fired).
  'pagexray/frontendredirect.har': {},
  // Polly.JS recordings of a Node client of Entra ID, Microsoft Graph and Azure Resource Manager: every credential
  // replaced by [REDACTED] (so capture-stripped is right), Microsoft's answers left as they came.
  // ARM's v1 token endpoint (resource=https://management.azure.com/), then five ARM calls.
  'jupiterone-azure/accessTokenCaching_2442705541.har': { findings: ['capture-stripped'] },
  // 401 invalid_client, AADSTS7000215 (wrong client secret).
  'jupiterone-azure/authenticate-invalid_1887818055.har': { findings: ['idp-error', 'capture-stripped'] },
  // An access token with its header and signature redacted and its payload kept: not a JWT, not a token.
  'jupiterone-azure/fetchIdentitySecurityDefaultsEnforcementPolicy-without-permission_662264354.har': {
    findings: ['capture-stripped'],
  },
  // Graph 401 InvalidAuthenticationToken ("CompactToken parsing failed"), a new token, the retry answered 200.
  'jupiterone-azure/refresh-access-token_2395700497.har': { findings: ['capture-stripped'] },
  // Graph 401 whose WWW-Authenticate offers PoP with a signed nonce JWT: a challenge, not a token the client holds.
  'jupiterone-azure/rm-access-package-catalog_2198857082.har': { findings: ['capture-stripped'] },
  // 400 invalid_request, AADSTS90002 (tenant not found), 691 characters without "token": the reader elided it.
  'jupiterone-azure/validateInvocationWithInvalidDirectoryId_4082019438.har': {
    findings: ['idp-error', 'capture-stripped'],
  },
  // 400 invalid_request, AADSTS900023 (tenant identifier not valid): elided likewise.
  'jupiterone-azure/validateManagementGroupStepInvocation-badCredentials_2778872183.har': {
    findings: ['idp-error', 'capture-stripped'],
  },
  // Firefox 118/119, scrubbed by its author (example.com, COOKIE1=BAR, Bearer 123456): an Auth0 classic login POST
  // answered 401 invalid_user_password (not an OAuth error), with the _csrf double-submit cookie and body field.
  'har-sanitizer/example.har': { tokens: ['opaque other authorization-header:Authorization Bearer ×1'] },
  'mitmproxy2swagger/form_data_har.har': {},
  // X-Api-Key: "mykey": too short for a key.
  'mitmproxy2swagger/headers_and_params_har.har': {},
};

function scan(file: string): Report | { refused: string } {
  const a = new Analyzer();
  try {
    readHarBytes(fs.readFileSync(path.join(DIR, file)), (e) => a.add(e));
  } catch (err) {
    return { refused: (err as Error).message };
  }
  return a.report(NOW);
}

const harFiles = fs
  .readdirSync(DIR, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.har'))
  .map((f) => f.split(path.sep).join('/'))
  .sort();

describe('real captures', () => {
  it('every HAR file in the suite has its expectations, and the README names it', () => {
    expect(harFiles).toEqual(Object.keys(EXPECTED).sort());
    const readme = fs.readFileSync(path.join(DIR, 'README.md'), 'utf8');
    for (const f of harFiles) expect(readme, f).toContain(path.basename(f));
  });

  for (const [file, want] of Object.entries(EXPECTED)) {
    it(file, () => {
      const r = scan(file);
      if ('refused' in r) {
        expect(want.refused, `refused: ${r.refused}`).toBeDefined();
        expect(r.refused.startsWith(want.refused!)).toBe(true);
        return;
      }
      expect(want.refused).toBeUndefined();
      const tokens = r.tokens.map(
        (t) =>
          `${t.kind} ${t.family} ${[...new Set(t.sightings.map((s) => `${s.where}:${s.name}${s.kind === 'request' && s.scheme ? ` ${s.scheme}` : ''}`))].join(',')} ×${t.sightingCount}`,
      );
      expect(tokens).toEqual(want.tokens ?? []);
      // No token finding of its own at all: none of these captures holds a real problem with its tokens (a report
      // finding about a token, repeated on its row, is checked with the report's).
      expect(r.tokens.flatMap((t) => t.findings.filter((f) => !f.linked).map((f) => f.code))).toEqual([]);
      expect(r.findings.map((f) => f.code)).toEqual(want.findings ?? []);
      for (const n of want.notes ?? []) expect(r.notes.join('\n')).toContain(n);
      if (!want.notes) expect(r.notes).toEqual([]);
    });
  }

  it('the Wikimedia capture is estimated from its Varnish hits read at delivery time: 5 h 1 min', () => {
    const f = (scan('pagexray/en.wikipedia.org.spdy-wpt.har') as Report).findings[0]!;
    expect(f.clockSkew?.host).toBe('upload.wikimedia.org');
    expect(Math.abs(f.clockSkew!.skewMs - 301 * 60_000)).toBeLessThan(60_000);
  });

  it('the Entra token endpoint errors are keyed by their AADSTS code, with the server’s ids and the lookup link', () => {
    const idp = (file: string) => (scan(`jupiterone-azure/${file}.har`) as Report).findings[0]!.serverError;
    expect(idp('validateInvocationWithInvalidDirectoryId_4082019438')).toMatchObject({
      key: 'AADSTS90002',
      source: 'token-response',
      traceId: '6adb51ba-8d11-410a-91a4-172ea6ab2100',
      correlationId: '19aa0d10-4977-412b-9eb6-873854024f99',
      timestamp: '2023-04-27 11:54:06Z',
      link: 'https://login.microsoftonline.com/error?code=90002',
    });
    expect(idp('validateInvocationWithInvalidDirectoryId_4082019438')!.text).toContain(
      "Tenant '00000000-0000-0000-0000-000000000001' not found",
    );
    expect(idp('validateManagementGroupStepInvocation-badCredentials_2778872183')).toMatchObject({
      key: 'AADSTS900023',
      traceId: 'f437ee95-32b6-4f78-b7dd-e2fa24d78800',
    });
    expect(idp('authenticate-invalid_1887818055')).toMatchObject({
      key: 'AADSTS7000215',
      text: 'AADSTS7000215: Invalid client secret is provided.',
      traceId: '14932fbd-312e-4845-8481-730a441c3600',
    });
  });

  it('the New York Times capture is estimated at 5 h 1 min, as WebPageTest wrote local time with a +00:00 offset', () => {
    const f = (scan('pagexray/www.nytimes.com.har') as Report).findings[0]!;
    expect(Math.abs(f.clockSkew!.skewMs - 301 * 60_000)).toBeLessThan(60_000);
  });

  it('the skewed capture is estimated right: about 2 h, on mitmproxy.org, from the fresh responses only', () => {
    const r = scan('derived/firefox-clock-2h-slow.har') as Report;
    const f = r.findings[0]!;
    expect(f.clockSkew).toMatchObject({ host: 'mitmproxy.org', agreeing: 4, responses: 4 });
    expect(Math.abs(f.clockSkew!.skewMs - 2 * 3600_000)).toBeLessThan(2 * 60_000);
    // entry 6 (polyfills.js) is the first fresh 200: the 304s (0, 9, 10, 12) and header-less images are not counted
    expect(f.entry).toBe(6);
  });
});
