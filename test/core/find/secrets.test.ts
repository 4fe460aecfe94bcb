import { describe, expect, it } from 'vitest';
import { Analyzer } from '../../../src/core/analysis/analyzer.js';
import { SECRET_HINT } from '../../../src/core/har/hints.js';
import { SECRET_RULES, findSecrets, redactSecret } from '../../../src/core/find/secrets.js';

/**
 * One literal positive and one near miss per rule. The keys are made up (random characters in each provider's
 * format); none is live.
 */
const CASES: Array<[provider: string, positive: string, nearMiss: string]> = [
  [
    'GitHub personal access token',
    'Authorization: token ghp_qsR6RZ24lPoQj3oPUlieI2nVsbBi1RMar1jf',
    'ghp_qsR6RZ24lPoQj3oPUlieI2nVsbBi1RMar1j (35 characters)',
  ],
  [
    'GitHub OAuth access token',
    '{"token":"gho_3YZ4Zq0CVB8iY4qw2oF5WJKBQx4BOuPhw0MZ"}',
    '{"token":"gho-3YZ4Zq0CVB8iY4qw2oF5WJKBQx4BOuPhw0MZ"}',
  ],
  [
    'GitHub App token',
    'x=ghu_OqSCJNViCRUCIlsmlHwqxDqMrz4iKFJpKp4m&y=ghs_SxieBPO9DyaUB73cojFZS1COqkUAV3q4WZwm',
    'ghx_OqSCJNViCRUCIlsmlHwqxDqMrz4iKFJpKp4m',
  ],
  [
    'GitHub refresh token',
    'refresh=ghr_T2OxHTQi5TMpUFn3NcLSLcwLUKvlsmkYRJh5',
    'refresh=ghr_T2OxHTQi5TMpUFn3NcLSLcwLUKvlsmkYRJh5Z (37 characters)',
  ],
  [
    'GitHub fine-grained personal access token',
    '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',
    'github_pat_okeBPMJZIScC0vPfHaithA_t6rKMSe8EHx21cauvjFJIH0EoQnsZcyGT6kVjqBR02nqBL',
  ],
  [
    'Slack bot token',
    '{"token":"xoxb-67110904377-865048622015-0knttMyscwigxFCL4LBcwIsi"}',
    'xoxb-6711-865048622015-0knttMyscwigxFCL4LBcwIsi',
  ],
  [
    'Slack user token',
    'token=xoxp-05282032175-15430338739-690801928586-tj8tqfxdbkag7rfv1kschgtzy4yrjj2t',
    'token=xoxp-05282032175-15430338739-tj8tqfxdbkag7rfv1kschgtzy4yrjj2t',
  ],
  [
    'Slack app-level token',
    'xapp-1-AA7B8QRVOPX-6276427987367-0ab9fedae3c9b07aae3eb7219ad14a841b71ad5e85e513c2eefdbea85697c824',
    'xapp-A7B8QRVOPX-6276427987367-0ab9fedae3c9b07aae3eb7219ad14a841b71ad5e85e513c2eefdbea85697c824',
  ],
  [
    'Stripe live secret key',
    'Authorization: Bearer sk_live_yRh6nRuyLeXE7At07YbTCyAE',
    'sk_lives_yRh6nRuyLeXE7At07YbTCyAE',
  ],
  ['Stripe live restricted key', 'key=rk_live_K5VdfqnajIut19HnB7JsanO4', 'key=rk_live_K5Vdf'],
  [
    'Stripe test secret key',
    '{"stripeKey":"sk_test_fVhPi9eJyOnukbkSlddoBK4l"}',
    '{"stripeKey":"sk_tst_fVhPi9eJyOnukbkSlddoBK4l"}',
  ],
  [
    'AWS access key ID',
    'X-Amz-Credential=AKIA2F7JHDWDLF3T2TPQ/20231114/us-east-1/s3/aws4_request',
    'AKIA2F7JHDWDLF3T2TP1 (1 is not base32) and XAKIA2F7JHDWDLF3T2TPQ',
  ],
  [
    'OpenAI API key',
    'Authorization: Bearer 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',
    'sk-proj-3p_0AtWcYYR2ZKkFZvg74n5sfydE3f-I2fSy6Zu4A3YhYZCy2Aeec5YZq6l-_5kbh_wEod1A79XXXXXXXXe1fzJ-tstcwiLv8y-aFi7oiiXwyhdWA5Qs5wrEj2vZ0FNK5an46ExHc7BJaq2QE4cZImreQ4dj',
  ],
  [
    'Anthropic API key',
    'x-api-key: sk-ant-api03-joUkw_7a7cRSk00kARtptjXL-K1z-ynXMfjN5z8bg2j8NApPbM8cvQeL3a2r2gVtvUXFM9AcmOvhFCKTZKbbyHiErn1Y4AA',
    'x-api-key: sk-ant-api03-joUkw_7a7cRSk00kARtptjXL-K1z-ynXMfjN5z8bg2j8NApPbM8cvQeL3a2r2gVtvUXFM9AcmOvhFCKTZKbbyHiErn1Y4AB',
  ],
  [
    'Azure Storage account key',
    'DefaultEndpointsProtocol=https;AccountName=contosodata;AccountKey=lqGCIdiRdN4+9n01Imk7qm9WLrHMfmGjPyin0u/Xxswmu9NbhZfA9SJKIbQGqrbV1MZQN23LNWk/ytH6ac4kig==;EndpointSuffix=core.windows.net',
    'DefaultEndpointsProtocol=https;AccountName=contosodata;AccountKey=lqGCIdiRdN4+9n01Imk7qm9WLrHMfmGjPyin0u/Xxswmu9NbhZfA9SJKIbQGqrbV1MZQN23LNWk/ytH6ac4k=;EndpointSuffix=core.windows.net',
  ],
  [
    'Private key',
    '{"key":"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\\nMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu\\n-----END PRIVATE KEY-----"}',
    '-----BEGIN PUBLIC KEY-----\\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo\\n-----END PUBLIC KEY-----',
  ],
  [
    'Entra ID client secret',
    'client_secret=54a8Q~UyK~JxVKRHxfOlsDHLUd9lwW72S1mcHwEi&grant_type=client_credentials',
    'client_secret=54a8X~UyK~JxVKRHxfOlsDHLUd9lwW72S1mcHwEi&grant_type=client_credentials',
  ],
  [
    'GitLab personal access token',
    'PRIVATE-TOKEN: glpat-20abgAplnDWV9l9TvgIY',
    'PRIVATE-TOKEN: glpat-20abgAplnDWV9l9Tvg',
  ],
  [
    'npm access token',
    '//registry.npmjs.org/:_authToken=npm_17fh1zd2setqnh4e3cs2kx5mq370uryju9cf',
    '//registry.npmjs.org/:_authToken=npm_17fh1zd2setqnh4e3cs2kx5mq370uryju9c',
  ],
  [
    'Hugging Face access token',
    'Authorization: Bearer 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',
    'Authorization: Bearer hf_FnBZIWswBNnyKPdWEAGKaWTvrteNBfJdt5',
  ],
  [
    'SendGrid API key',
    'Authorization: Bearer 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',
    'SG.EAj4cq7_AabnxeqLMe54mL-XDeb_J9xsxndRdfIuJOXTDAKCPPjWwfqz78GfkhjI8m',
  ],
  [
    'Stripe publishable key',
    'Stripe("pk_live_EP5TN8wqE7LbXLiu5Hslsyqw")',
    'Stripe("pk_livee_EP5TN8wqE7LbXLiu5Hslsyqw")',
  ],
  [
    'Google API key',
    'https://maps.googleapis.com/maps/api/js?key=AIza17ZvBiv7E2tsfPsRn5RUaAb1MXtGeg0CPuo',
    'https://maps.googleapis.com/maps/api/js?key=AIza17ZvBiv7E2tsfPsRn5RUaAb1MXtGeg0CPu',
  ],
];

describe('each secret rule: a literal positive and a near miss', () => {
  it.each(CASES)('%s', (provider, positive, nearMiss) => {
    expect(findSecrets(positive, 'x').map((h) => h.rule.provider)).toContain(provider);
    expect(findSecrets(nearMiss, 'x').map((h) => h.rule.provider)).not.toContain(provider);
  });

  it("the HAR reader's hint pattern matches every rule's literals (or it would skip entries holding them)", () => {
    for (const rule of SECRET_RULES)
      for (const hint of rule.hints) expect(SECRET_HINT.test(`xx ${hint} xx`), `${rule.provider}: ${hint}`).toBe(true);
    expect(SECRET_HINT.test('Authorization: Basic YWxleDpodW50ZXIy')).toBe(true);
    expect(SECRET_HINT.test('{"name":"value","list":[1,2,3],"text":"ordinary words and numbers 12345"}')).toBe(false);
  });

  it('severity: live secrets error, Stripe test keys warning, public-by-design keys info', () => {
    const sev = (text: string) => findSecrets(text, 'x')[0]?.rule.severity;
    expect(sev('sk_live_yRh6nRuyLeXE7At07YbTCyAE')).toBe('error');
    expect(sev('sk_test_fVhPi9eJyOnukbkSlddoBK4l')).toBe('warning');
    expect(sev('pk_live_EP5TN8wqE7LbXLiu5Hslsyqw')).toBe('info');
    expect(sev('AIza17ZvBiv7E2tsfPsRn5RUaAb1MXtGeg0CPuo')).toBe('info');
  });

  it('AWS: says whether a secret access key was beside the key ID', () => {
    const [alone] = findSecrets('{"accessKeyId":"ASIAS2SRNGFKDHQJOTGG"}', 'x');
    expect(alone?.withSecret).toBe(false);
    const [paired] = findSecrets(
      '{"accessKeyId":"AKIA2F7JHDWDLF3T2TPQ","secretAccessKey":"+4nf1r9D9QUpa/lmI5b1rarFSt23cTUQSynsuv2h"}',
      'x',
    );
    expect(paired?.withSecret).toBe(true);
  });

  it('redaction shows the provider prefix and a few characters only', () => {
    const [hit] = findSecrets('ghp_qsR6RZ24lPoQj3oPUlieI2nVsbBi1RMar1jf', 'x');
    expect(redactSecret(hit!)).toBe('ghp_qsR6… (40 characters)');
    const [pem] = findSecrets(CASES.find((c) => c[0] === 'Private key')![1], 'x');
    expect(redactSecret(pem!)).toBe('-----BEGIN PRIVATE KEY-----');
  });
});

describe('secret-in-browser in the report', () => {
  const entry = (
    url: string,
    extra: { headers?: Array<{ name: string; value: string }>; body?: string; response?: string } = {},
  ) => ({
    startedDateTime: '2023-11-14T22:20:00Z',
    time: 40,
    request: {
      method: extra.body ? 'POST' : 'GET',
      url,
      headers: extra.headers ?? [],
      ...(extra.body ? { postData: { mimeType: 'application/json', text: extra.body } } : {}),
    },
    response: { status: 200, headers: [], content: { mimeType: 'application/json', text: extra.response ?? '' } },
  });

  it('names the provider, where, what to do, and never the whole secret; each secret once', () => {
    const a = new Analyzer();
    a.add(
      entry('https://api.stripe.com/v1/charges', {
        headers: [{ name: 'Authorization', value: 'Bearer sk_live_yRh6nRuyLeXE7At07YbTCyAE' }],
      }),
    );
    a.add(
      entry('https://api.stripe.com/v1/charges', {
        headers: [{ name: 'Authorization', value: 'Bearer sk_live_yRh6nRuyLeXE7At07YbTCyAE' }],
      }),
    );
    a.add(
      entry('https://app.contoso.com/config.json', {
        response:
          '{"openaiKey":"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"}',
      }),
    );
    const r = a.report(Date.parse('2023-11-14T22:30:00Z'));
    const secrets = r.findings.filter((f) => f.code === 'secret-in-browser');
    expect(secrets).toHaveLength(2);
    expect(secrets[0]).toMatchObject({ severity: 'error', entry: 0 });
    expect(secrets[0]!.message).toBe(
      'A server-side secret, a Stripe live secret key (sk_live_yR… (32 characters)), was sent from the browser in request header Authorization (entry #1, GET https://api.stripe.com/v1/charges). Roll the key in the Stripe dashboard now; only publishable keys (pk_) belong in a browser. Move the call to a server.',
    );
    expect(secrets[1]!.message).toContain(
      'OpenAI API key (sk-proj-… (164 characters)), came to the browser in the response body (entry #3',
    );
    expect(JSON.stringify(r)).not.toContain('yRh6nRuyLeXE7At07YbTCyAE');
  });

  it('an Entra secret sent as client_secret is reported once, as client-secret-in-browser; elsewhere as secret-in-browser', () => {
    const form = (url: string, body: string) => ({
      startedDateTime: '2023-11-14T22:20:00Z',
      request: {
        method: 'POST',
        url,
        headers: [],
        postData: { mimeType: 'application/x-www-form-urlencoded', text: body },
      },
      response: { status: 200, headers: [] },
    });
    const a = new Analyzer();
    a.add(
      form(
        'https://login.microsoftonline.com/common/oauth2/v2.0/token',
        'grant_type=client_credentials&client_secret=54a8Q~UyK~JxVKRHxfOlsDHLUd9lwW72S1mcHwEi',
      ),
    );
    expect(a.report(0).findings.map((f) => f.code)).toEqual(['client-secret-in-browser']);
    const b = new Analyzer();
    b.add(form('https://app.contoso.com/api/settings', 'azureSecret=54a8Q~UyK~JxVKRHxfOlsDHLUd9lwW72S1mcHwEi'));
    expect(b.report(0).findings.map((f) => f.code)).toEqual(['secret-in-browser']);
  });

  it('Authorization: Basic over plain HTTP is an error, over loopback info, over HTTPS nothing', () => {
    const basic = [{ name: 'Authorization', value: 'Basic YWxleDpodW50ZXIy' }];
    const find = (url: string) => {
      const a = new Analyzer();
      a.add(entry(url, { headers: basic }));
      return a
        .report(0)
        .findings.filter((f) => f.code === 'secret-in-browser')
        .map((f) => f.severity);
    };
    expect(find('http://intranet.contoso.com/api')).toEqual(['error']);
    expect(find('http://127.0.0.1:8080/api')).toEqual(['info']);
    expect(find('https://intranet.contoso.com/api')).toEqual([]);
  });

  it('a secret kept in localStorage is reported with its place, not a request', async () => {
    const { scanStorage } = await import('../../../src/core/find/storage.js');
    const a = new Analyzer();
    a.setStorage(
      await scanStorage({
        url: 'https://app.contoso.com/',
        time: '2023-11-14T22:25:00Z',
        local: [{ key: 'settings', value: '{"github":"ghp_qsR6RZ24lPoQj3oPUlieI2nVsbBi1RMar1jf"}' }],
        session: [],
        cookie: '',
        notes: [],
      }),
    );
    const [f] = a.report(0).findings;
    expect(f).toMatchObject({ code: 'secret-in-browser', severity: 'error', entry: -1, place: 'localStorage' });
    expect(f!.message).toContain(
      'GitHub personal access token (ghp_qsR6… (40 characters)), is kept in localStorage key "settings".',
    );
  });
});
