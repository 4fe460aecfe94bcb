import { describe, expect, it } from 'vitest';
import { normalizeEntry } from '../../../src/core/har/entry.js';
import { entryFindings } from '../../../src/core/checks/oauth-errors.js';

const entry = (raw: Record<string, unknown>) =>
  normalizeEntry({ startedDateTime: '2023-11-14T22:20:00.000Z', time: 300, ...raw }, 4);

// Clock skew has its own module and tests (clock-skew.ts, clock-skew.test.ts).
describe('entryFindings', () => {
  const codes = (raw: Record<string, unknown>) => entryFindings(entry(raw)).map((f) => [f.code, f.severity, f.entry]);
  const form = (text: string) => ({
    request: {
      method: 'POST',
      url: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
      postData: { mimeType: 'application/x-www-form-urlencoded', text },
    },
  });

  it('client-secret-in-browser: in a URL, a form body or a JSON body, and says where', () => {
    expect(codes({ request: { url: 'https://login.example/token?client_id=a&client_secret=s3cr3t' } })).toEqual([
      ['client-secret-in-browser', 'error', 4],
    ]);
    expect(entryFindings(entry(form('grant_type=client_credentials&client_secret=abc%2Bdef')))[0]!.message).toContain(
      'in a form body',
    );
    expect(
      entryFindings(
        entry({
          request: {
            method: 'POST',
            url: 'https://api.example/token',
            postData: { mimeType: 'application/json', text: '{"client_secret":"s3cr3t"}' },
          },
        }),
      )[0]!.message,
    ).toContain('in a JSON body');
  });

  it('no client-secret finding for an empty secret or a public client’s code exchange', () => {
    expect(codes(form('grant_type=authorization_code&code=abc&client_secret='))).toEqual([]);
    expect(codes(form('grant_type=authorization_code&code=abc&code_verifier=xyz&client_id=a'))).toEqual([]);
  });

  it('oauth-error: a known OAuth error code, or any code with a description; not an app’s own ?error=1', () => {
    expect(codes({ request: { url: 'https://app.example/cb?error=consent_required&state=1' } })).toEqual([
      ['oauth-error', 'warning', 4],
    ]);
    const described = entryFindings(
      entry({ request: { url: 'https://app.example/cb#error=custom_failure&error_description=The+app+failed' } }),
    );
    expect(described.map((f) => f.code)).toEqual(['oauth-error']);
    expect(described[0]!.message).toContain('custom_failure “The app failed”');
    // An Entra code is explained as an idp-error, and only as that.
    const aadsts = entryFindings(
      entry({
        request: {
          url: 'https://app.example/cb#error=custom_failure&error_description=AADSTS50011%3A+reply+URL+mismatch',
        },
      }),
    );
    expect(aadsts.map((f) => f.code)).toEqual(['idp-error']);
    expect(codes({ request: { url: 'https://app.example/search?error=1' } })).toEqual([]);
    expect(codes({ request: { url: 'https://app.example/search?error=1&error_description=x' } })).toEqual([]);
  });
});

describe('entryFindings: several files read together', () => {
  it('names the entry with its file', () => {
    const e = Object.assign(entry({ request: { url: 'https://app.example/cb?error=consent_required&state=1' } }), {
      file: 'b.har',
    });
    expect(entryFindings(e)[0]!.message).toContain('(entry #5 of b.har)');
    const secret = Object.assign(entry({ request: { url: 'https://login.example/token?client_secret=s3cr3t' } }), {
      file: 'b.har',
    });
    expect(entryFindings(secret)[0]!.message).toContain('(entry #5 of b.har, GET https://login.example/token)');
  });
});
