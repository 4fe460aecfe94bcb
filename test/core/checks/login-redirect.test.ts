import { describe, expect, it } from 'vitest';
import { Analyzer, tokenId } from '../../../src/core/analysis/analyzer.js';
import { loginRedirect } from '../../../src/core/checks/login-redirect.js';
import { normalizeEntry } from '../../../src/core/har/entry.js';
import * as T from '../../fixtures/tokens.js';

const AUTHORIZE =
  'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/authorize?client_id=00000003-0000-0ff1-ce00-000000000000&response_mode=form_post&response_type=code%20id_token&resource=00000003-0000-0ff1-ce00-000000000000&scope=openid&nonce=638&redirect_uri=https%3A%2F%2Fcontoso.sharepoint.com%2F_forms%2Fdefault.aspx&state=OD0w';

/** A SharePoint REST call made by fetch after the FedAuth session expired, as Chrome records it. */
function call(
  over: {
    resourceType?: string;
    headers?: Array<{ name: string; value: string }>;
    status?: number;
    location?: string;
  } = {},
) {
  return {
    startedDateTime: '2024-05-06T14:02:03.000Z',
    time: 95,
    ...(over.resourceType === undefined
      ? { _resourceType: 'fetch' }
      : over.resourceType
        ? { _resourceType: over.resourceType }
        : {}),
    request: {
      method: 'GET',
      url: "https://contoso.sharepoint.com/sites/dev/_api/web/lists/getbytitle('Orders')/items?$top=50",
      headers: over.headers ?? [
        { name: 'Accept', value: 'application/json;odata=nometadata' },
        { name: 'Authorization', value: `Bearer ${T.ACS_USER_ADDIN}` },
      ],
    },
    response: {
      status: over.status ?? 302,
      headers: [
        { name: 'Location', value: over.location ?? AUTHORIZE },
        { name: 'Content-Type', value: 'text/html; charset=utf-8' },
      ],
    },
  };
}
const codes = (raw: object) => loginRedirect(normalizeEntry(raw, 7)).map((f) => [f.code, f.severity, f.entry]);

describe('login-redirect', () => {
  it('an API call answered 302 to an authorize endpoint, tied to the token it carried', () => {
    expect(codes(call())).toEqual([['login-redirect', 'warning', 7]]);
    const a = new Analyzer();
    a.add(call());
    const [f] = a.report(Date.parse('2024-05-06T14:03:00Z')).findings;
    expect(f).toMatchObject({ code: 'login-redirect', token: tokenId(T.ACS_USER_ADDIN) });
    expect(f!.message).toContain(
      'was answered 302 to the sign-in page https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/authorize',
    );
  });

  it('SharePoint’s own Authenticate.aspx, a 303, and an exporter without _resourceType (Sec-Fetch-Mode, Accept)', () => {
    expect(codes(call({ location: '/_layouts/15/Authenticate.aspx?Source=%2Fsites%2Fdev' }))).toHaveLength(1);
    expect(codes(call({ status: 303 }))).toHaveLength(1);
    expect(codes(call({ resourceType: '', headers: [{ name: 'Sec-Fetch-Mode', value: 'cors' }] }))).toHaveLength(1);
    expect(codes(call({ resourceType: '', headers: [{ name: 'Accept', value: 'application/json' }] }))).toHaveLength(1);
  });

  it('is quiet on a page load sent to sign in, and on an API call redirected elsewhere', () => {
    expect(codes(call({ resourceType: 'document' }))).toEqual([]);
    expect(
      codes(
        call({
          resourceType: '',
          headers: [
            { name: 'Sec-Fetch-Mode', value: 'navigate' },
            { name: 'Accept', value: 'text/html,application/xhtml+xml' },
          ],
        }),
      ),
    ).toEqual([]);
    expect(codes(call({ location: 'https://contoso.sharepoint.com/sites/dev/_api/web/lists' }))).toEqual([]);
    expect(codes(call({ status: 200 }))).toEqual([]);
  });
});
