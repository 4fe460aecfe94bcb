import { describe, expect, it } from 'vitest';
import { cpuMs } from '../../cpu-time.js';
import { redactReport, redactText, redactUrl } from '../../../src/core/find/redact.js';
import { REPORT_VERSION, type Report } from '../../../src/core/model/report.js';
import * as T from '../../fixtures/tokens.js';

const GHP = 'ghp_qsR6RZ24lPoQj3oPUlieI2nVsbBi1RMar1jf';

describe('redactUrl', () => {
  it('returns a URL with nothing secret in it unchanged, character for character', () => {
    for (const url of [
      'https://graph.microsoft.com/v1.0/me?$select=displayName,mail&$top=10',
      'https://app.example/#/orders/42?tab=open',
      'https://a.example/%7Euser/p%C3%A9?q=a+b&empty=&flag',
      '/relative/path?page=2',
    ]) {
      expect(redactUrl(url)).toBe(url);
    }
  });

  it('masks credential-named query and fragment values, whatever their spelling or encoding', () => {
    expect(
      redactUrl(
        'https://login.example/token?grant_type=refresh_token&Refresh_Token=0.AXk-rt&client%5Fsecret=s3cr%65t&state=abc',
      ),
    ).toBe(
      'https://login.example/token?grant_type=refresh_token&Refresh_Token=[redacted: 8 characters]&client%5Fsecret=[redacted: 6 characters]&state=abc',
    );
    expect(redactUrl('https://app.example/cb#access_token=opaque-123&token_type=bearer&expires_in=3599')).toBe(
      'https://app.example/cb#access_token=[redacted: 10 characters]&token_type=bearer&expires_in=3599',
    );
    // Hash routing: the fragment is a path and a query of its own.
    expect(redactUrl('https://app.example/#/callback?code=0.AXkA-code&session_state=x')).toBe(
      'https://app.example/#/callback?code=[redacted: 11 characters]&session_state=x',
    );
  });

  it('masks a JWT under any name, also when a character of it is percent-encoded (once or twice)', () => {
    const jwt = T.RFC7519_JWT;
    for (const form of [jwt, jwt.replace(/\./g, '%2e'), jwt.replace(/\./g, '%252E')]) {
      expect(redactUrl(`https://api.example/x?t=${form}&n=1`)).toBe(
        `https://api.example/x?t=[redacted JWT: ${jwt.length} characters]&n=1`,
      );
    }
  });

  it('masks userinfo, a secret in a path or a fragment, and a known opaque token under an innocent name', () => {
    expect(redactUrl('https://alice:hunter2@files.example/a.csv')).toBe(
      'https://[redacted: 13 characters]@files.example/a.csv',
    );
    expect(redactUrl(`https://api.example/repos/${GHP}/readme`)).toBe(
      'https://api.example/repos/[redacted: ghp_qsR6… (40 characters)]/readme',
    );
    expect(redactUrl('https://pay.example/#sk_live_51HxyzAbcdefGhijkL')).toBe(
      'https://pay.example/#[redacted: sk_live_… (26 characters)]',
    );
    expect(
      redactUrl(`https://api.example/x?q=${encodeURIComponent(`Bearer ${T.MSA_OPAQUE}`)}`, new Set([T.MSA_OPAQUE])),
    ).toMatch(/^https:\/\/api\.example\/x\?q=\[redacted: \d+ characters\]$/);
  });
});

describe('redactText', () => {
  it('masks a token echoed in quoted server text, and credential pairs, and leaves the rest of the sentence', () => {
    const said = `WWW-Authenticate: Bearer error="invalid_token", error_description="The token ${T.ENTRA_V1_DELEGATED} expired"; body access_token=abc123xyz&scope=openid "password": "p@ss"`;
    expect(redactText(said)).toBe(
      `WWW-Authenticate: Bearer error="invalid_token", error_description="The token [redacted JWT: ${T.ENTRA_V1_DELEGATED.length} characters] expired"; body access_token=[redacted: 9 characters]&scope=openid "password": "[redacted: 4 characters]"`,
    );
    expect(redactText(`sent ${T.MSA_OPAQUE} again`, new Set([T.MSA_OPAQUE]))).toBe(
      `sent [redacted token: ${T.MSA_OPAQUE.length} characters] again`,
    );
  });

  it('finds URLs inside sentences and keeps the punctuation after them', () => {
    expect(redactText('A client_secret was sent (entry #3, GET https://app.example/cb#client_secret=abcdefgh).')).toBe(
      'A client_secret was sent (entry #3, GET https://app.example/cb#client_secret=[redacted: 8 characters]).',
    );
  });

  it('leaves out the piece of a file a V8 JSON error quotes, which may be a cut secret', () => {
    let said = '';
    try {
      JSON.parse('{"x":\x1bcpw=hunter2}');
    } catch (err) {
      said = (err as Error).message;
    }
    expect(said).toContain('hunte');
    expect(redactText(`entry #1: ${said}`)).toBe("entry #1: Unexpected token '\x1b': not valid JSON");
  });

  it('is linear on hostile text', () => {
    const punctuation = `https://h/${').'.repeat(100_000)}x`;
    for (const text of [
      'a://'.repeat(50_000),
      'access_token='.repeat(20_000),
      `${'eyJ-ey-'.repeat(30_000)}`,
      'x=&'.repeat(60_000),
      punctuation,
      `${'.'.repeat(200_000)}x`,
      '"password": "'.repeat(20_000),
      ', "'.repeat(50_000) + ' is not valid JSON',
    ]) {
      const { ms } = cpuMs(() => {
        redactText(text, new Set(['a-known-token-value']));
        redactUrl(`https://h/?${text}`);
      });
      expect(ms).toBeLessThan(1000);
    }
  });
});

describe('redactReport', () => {
  const report: Report = {
    tool: 'bearerscope',
    reportVersion: REPORT_VERSION,
    now: '2026-03-01T12:00:00.000Z',
    entries: 1,
    tokens: [],
    findings: [
      {
        code: 'oauth-error',
        severity: 'warning',
        entry: 0,
        message: `A sign-in redirect returned error=invalid_grant: refresh_token=${T.OPAQUE_REFRESH} is revoked`,
      },
    ],
    notes: [`a note quoting https://u:p@h.example/?sig=${'s'.repeat(20)}`],
  };

  it('redacts every string of the report without changing the one it was given', () => {
    const before = JSON.stringify(report);
    const out = redactReport(report, { personal: true, known: new Set() });
    expect(JSON.stringify(report)).toBe(before);
    expect(JSON.stringify(out)).not.toContain(T.OPAQUE_REFRESH);
    expect(out.notes).toEqual([
      'a note quoting https://[redacted: 3 characters]@h.example/?sig=[redacted: 20 characters]',
    ]);
  });
});

describe('error codes under the name code', () => {
  it("keeps Entra's lookup link readable and still masks an authorization code", () => {
    expect(redactUrl('https://login.microsoftonline.com/error?code=65004')).toBe(
      'https://login.microsoftonline.com/error?code=65004',
    );
    expect(redactUrl('https://app.example/cb?code=0.AXoA-8Hd3kQ9xYz&state=1')).not.toContain('0.AXoA');
    expect(redactText('see …/error?code=700084 and code=0.AXoAbcdefgh')).toBe(
      'see …/error?code=700084 and code=[redacted: 13 characters]',
    );
  });
});
