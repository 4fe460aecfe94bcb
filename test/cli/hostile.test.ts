/**
 * The three inputs of issue 19's review, through the whole CLI: a 240 KB header value of `eyJ-ey-…` (34–41 s
 * before the JWT pattern was made linear), a 240 KB `Cookie` of `${${…` (25–47 s) and a 1.28 MB multipart head of
 * `content-disposition:` repeated (39–42 s). Each must scan in well under a second; the bound of 5 s is for a busy
 * shared machine, and the measured times are printed.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BOUND_MS = 5000;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bearerscope-hostile-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function entry(
  i: number,
  url: string,
  headers: Array<{ name: string; value: string }>,
  postData?: { mimeType: string; text: string },
) {
  return {
    startedDateTime: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    time: 5,
    request: {
      method: postData ? 'POST' : 'GET',
      url,
      httpVersion: 'HTTP/1.1',
      headers,
      cookies: [],
      queryString: [],
      ...(postData ? { postData } : {}),
      headersSize: -1,
      bodySize: -1,
    },
    response: {
      status: 200,
      statusText: 'OK',
      httpVersion: 'HTTP/1.1',
      headers: [],
      cookies: [],
      content: { size: 0, mimeType: 'text/plain' },
      redirectURL: '',
      headersSize: -1,
      bodySize: 0,
    },
    cache: {},
    timings: { send: 0, wait: 5, receive: 0 },
  };
}

const REFRESH = '0.AXoAbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdEfGhIjKlMnOpQrStUv';
const UA = { name: 'User-Agent', value: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36' };
const INPUTS = {
  'a 240 KB header of eyJ-ey-…': entry(0, 'https://api.example/v1/me', [
    UA,
    { name: 'X-Trace', value: 'eyJ-'.concat('ey-'.repeat(80_000)) },
  ]),
  'a 240 KB Cookie of ${${…': entry(1, 'https://api.example/v1/me', [
    UA,
    { name: 'Cookie', value: `session=${'${'.repeat(120_000)}` },
  ]),
  'a 1.28 MB multipart head of content-disposition: repeated': entry(
    2,
    'https://login.example/oauth2/token',
    [UA, { name: 'Content-Type', value: 'multipart/form-data; boundary=XyZ' }],
    {
      mimeType: 'multipart/form-data; boundary=XyZ',
      text: `--XyZ\r\n${'content-disposition:'.repeat(64_000)}\r\n\r\nvalue\r\n--XyZ\r\nContent-Disposition: form-data; name="refresh_token"\r\n\r\n${REFRESH}\r\n--XyZ--\r\n`,
    },
  ),
};

function writeHar(name: string, entries: unknown[]): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(
    file,
    JSON.stringify({ log: { version: '1.2', creator: { name: 'hostile', version: '1' }, entries } }),
  );
  return file;
}

function scan(file: string) {
  const start = performance.now();
  const r = spawnSync(
    process.execPath,
    ['dist/cli.js', 'scan', file, '--json', '--fail-on', 'never', '--now', '2026-01-01T00:01:00Z'],
    { encoding: 'utf8', maxBuffer: 1 << 28 },
  );
  return { ms: performance.now() - start, code: r.status, out: r.stdout, err: r.stderr };
}

describe('bearerscope scan of the review’s hostile inputs', () => {
  it.each(Object.entries(INPUTS))('%s', (name, e) => {
    const r = scan(writeHar(`${name.length}.har`, [e]));
    console.log(`scan of ${name}: ${r.ms.toFixed(0)} ms (node start included)`);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).entries).toBe(1);
    expect(r.ms).toBeLessThan(BOUND_MS);
  });

  it('all three in one HAR', () => {
    const r = scan(writeHar('all.har', Object.values(INPUTS)));
    console.log(`scan of all three: ${r.ms.toFixed(0)} ms (node start included)`);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.entries).toBe(3);
    // The multipart body was read past its hostile head: the field after it is found.
    expect(report.tokens.map((t: { kind: string; sightingCount: number }) => t.kind)).toContain('refresh');
    expect(r.ms).toBeLessThan(BOUND_MS);
  });
});
