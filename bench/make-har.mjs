// Writes a large, realistic HAR: Chromium's export shape (pretty-printed, HTTP/2 pseudo-headers, timings), mostly
// ordinary traffic with bodies, and among it bearer calls with 2,000 distinct JWTs, SPAppToken form posts, token
// responses, cookies and a URL token, as a SharePoint add-in session would hold.
import crypto from 'node:crypto';
import fs from 'node:fs';

const b64 = (v) => Buffer.from(JSON.stringify(v)).toString('base64url');
function jwt(i, nowS) {
  const payload = {
    aud: `https://api${i % 7}.contoso.example`,
    iss: 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0',
    iat: nowS - 600,
    nbf: nowS - 600,
    exp: nowS + (i % 3 === 0 ? -60 : 3000),
    scp: 'Orders.Read',
    azp: '6e74172b-be56-4843-9ff4-e66a39bb12e3',
    oid: crypto.randomUUID(),
    tid: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    ver: '2.0',
    name: `User ${i}`,
  };
  return `${b64({ typ: 'JWT', alg: 'RS256', kid: 'k1' })}.${b64(payload)}.${crypto.randomBytes(256).toString('base64url')}`;
}

const LOREM =
  'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. ';
function body(i) {
  const kind = i % 10;
  if (kind < 4)
    return {
      mimeType: 'application/json',
      text: JSON.stringify({
        d: {
          results: Array.from({ length: 4 + (i % 25) }, (_, k) => ({
            Id: k,
            Title: `Item ${k}`,
            Modified: '2026-11-20T10:00:00Z',
            Author: { Title: 'Alex Doe' },
          })),
        },
      }),
    };
  if (kind < 7)
    return { mimeType: 'text/html', text: `<!doctype html><html><body>${LOREM.repeat(10 + (i % 40))}</body></html>` };
  if (kind < 9)
    return {
      mimeType: 'application/javascript',
      text: `(function(){${'var a=1;function f(x){return x*2}'.repeat(40 + (i % 80))}})();`,
    };
  return { mimeType: 'image/png', text: crypto.randomBytes(1500 + (i % 3000)).toString('base64'), encoding: 'base64' };
}

export function makeHar(file, { entries = 50_000, distinctTokens = 2_000, bearerEvery = 20 } = {}) {
  const nowS = Math.floor(Date.now() / 1000);
  const tokens = Array.from({ length: distinctTokens }, (_, i) => jwt(i, nowS));
  const fd = fs.openSync(file, 'w');
  fs.writeSync(
    fd,
    '{\n  "log": {\n    "version": "1.2",\n    "creator": { "name": "WebInspector", "version": "537.36" },\n    "pages": [],\n    "entries": [\n',
  );
  const t0 = Date.now() - entries * 100;
  let buffer = '';
  for (let i = 0; i < entries; i++) {
    const started = new Date(t0 + i * 100).toISOString();
    const url = `https://contoso.sharepoint.com/sites/dev/_api/web/lists/getbytitle('Orders')/items?$top=${i % 100}&$skip=${i}`;
    const headers = [
      { name: ':authority', value: 'contoso.sharepoint.com' },
      { name: ':method', value: 'GET' },
      { name: ':path', value: url.slice(30) },
      { name: ':scheme', value: 'https' },
      { name: 'accept', value: 'application/json;odata=nometadata' },
      { name: 'accept-encoding', value: 'gzip, deflate, br, zstd' },
      { name: 'accept-language', value: 'en-GB,en;q=0.9' },
      { name: 'referer', value: 'https://contoso.sharepoint.com/sites/dev/SitePages/Home.aspx' },
      { name: 'sec-fetch-dest', value: 'empty' },
      { name: 'sec-fetch-mode', value: 'cors' },
      {
        name: 'user-agent',
        value: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
      },
    ];
    if (i % bearerEvery === 0)
      headers.push({ name: 'authorization', value: `Bearer ${tokens[(i / bearerEvery) % distinctTokens]}` });
    if (i % 500 === 7)
      headers.push({ name: 'cookie', value: `ai_session=abc|${i}; spAccessToken=${tokens[i % distinctTokens]}` });
    let postData;
    if (i % 1000 === 3)
      postData = {
        mimeType: 'application/x-www-form-urlencoded',
        text: `SPAppToken=${tokens[(i + 1) % distinctTokens]}&SPSiteUrl=https%3A%2F%2Fcontoso.sharepoint.com`,
      };
    const content =
      i % 1000 === 5
        ? {
            mimeType: 'application/json',
            text: JSON.stringify({
              token_type: 'Bearer',
              expires_in: 3599,
              access_token: tokens[(i + 2) % distinctTokens],
              refresh_token: `0.AXEA${crypto.randomBytes(64).toString('base64url')}`,
            }),
          }
        : body(i);
    const entry = {
      _initiator: { type: 'script' },
      _priority: 'High',
      _resourceType: 'fetch',
      cache: {},
      connection: '443',
      request: {
        method: postData ? 'POST' : 'GET',
        url: i % 5000 === 11 ? `${url}&access_token=${tokens[0]}` : url,
        httpVersion: 'http/2.0',
        headers,
        queryString: [],
        cookies: [],
        headersSize: -1,
        bodySize: postData ? postData.text.length : 0,
        ...(postData ? { postData } : {}),
      },
      response: {
        status: i % 997 === 0 ? 401 : 200,
        statusText: '',
        httpVersion: 'http/2.0',
        headers: [
          { name: 'cache-control', value: 'private, max-age=0' },
          { name: 'content-type', value: content.mimeType },
          { name: 'date', value: new Date(t0 + i * 100).toUTCString() },
          { name: 'server', value: 'Microsoft-IIS/10.0' },
          { name: 'sprequestguid', value: crypto.randomUUID() },
          { name: 'x-ms-invokeapp', value: '1; RequireReadOnly' },
          { name: 'request-id', value: crypto.randomUUID() },
        ],
        cookies: [],
        content: {
          size: content.text.length,
          mimeType: content.mimeType,
          text: content.text,
          ...(content.encoding ? { encoding: content.encoding } : {}),
        },
        redirectURL: '',
        headersSize: -1,
        bodySize: -1,
        _transferSize: 1200,
        _error: null,
      },
      serverIPAddress: '13.107.136.10',
      startedDateTime: started,
      time: 84.2,
      timings: {
        blocked: 1.1,
        dns: -1,
        ssl: -1,
        connect: -1,
        send: 0.2,
        wait: 80.3,
        receive: 2.6,
        _blocked_queueing: 0.7,
      },
    };
    buffer += `${i ? ',\n' : ''}${JSON.stringify(entry, null, 2).replace(/^/gm, '      ')}`;
    if (buffer.length > 1 << 22) {
      fs.writeSync(fd, buffer);
      buffer = '';
    }
  }
  fs.writeSync(fd, `${buffer}\n    ]\n  }\n}\n`);
  fs.closeSync(fd);
  return fs.statSync(file).size;
}
