import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CompactSign, importJWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ENTRA_ISS,
  ENTRA_KEYS_URL,
  ENTRA_KID,
  ENTRA_PRIVATE,
  EVIL_PRIVATE,
  TENANT,
  publicOf,
} from '../fixtures/trust.js';
import { at, captured, harText, T0 } from '../fixtures/capture.js';

// Captures with a forged Entra token: signed by a key a page fetched from another host, under Entra's kid.
const entry = captured;
const har = harText;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bearerscope-trust-'));
const scan = (file: string, args: string[] = []) =>
  spawnSync(process.execPath, ['dist/cli.js', 'scan', file, '--now', at(60), ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });

let withRealKeys = '';
let foreignOnly = '';
beforeAll(async () => {
  const claims = {
    aud: 'api://orders',
    iss: ENTRA_ISS,
    iat: T0,
    nbf: T0,
    exp: T0 + 3600,
    scp: 'Orders.Read',
    sub: 'lVd0V2h1bW9zM2dqQm0',
    tid: TENANT,
    ver: '2.0',
    jti: 'forged',
  };
  const forged = await new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: ENTRA_KID })
    .sign(await importJWK(EVIL_PRIVATE, 'RS256'));
  const entraKeys = entry(1, ENTRA_KEYS_URL, [], {
    keys: [{ ...publicOf(ENTRA_PRIVATE), kid: ENTRA_KID, use: 'sig' }],
  });
  const evilKeys = entry(2, 'https://evil.example/.well-known/jwks.json', [], {
    keys: [{ ...publicOf(EVIL_PRIVATE), kid: ENTRA_KID, use: 'sig' }],
  });
  const sent = entry(5, 'https://orders.contoso.example/api/orders', [
    { name: 'Authorization', value: `Bearer ${forged}` },
  ]);
  withRealKeys = path.join(dir, 'forged-with-real-keys.har');
  foreignOnly = path.join(dir, 'forged-foreign-keys.har');
  fs.writeFileSync(withRealKeys, har([entraKeys, evilKeys, sent]));
  fs.writeFileSync(foreignOnly, har([evilKeys, sent]));
});

describe('bearerscope scan: a forged token is never verified', () => {
  it('exits 1 and calls the forgery invalid when the issuer’s own JWKS is in the capture beside the forger’s', () => {
    const r = scan(withRealKeys);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/signature \w+ invalid: The RS256 signature does not match .*login\.microsoftonline\.com/);
    expect(r.stdout).not.toMatch(/signature \w+ verified/);
    expect(r.stdout).toContain('✖ signature-invalid');
  });

  it('shows untrusted-key, with its warning, when only the forger’s key is there; --fail-on warning exits 1', () => {
    const r = scan(foreignOnly);
    expect(r.stdout).toMatch(
      /signature \w+ untrusted-key: Signed by a key from evil\.example, which is not this issuer's/,
    );
    expect(r.stdout).toContain('▲ signature-untrusted-key');
    expect(r.stdout).not.toMatch(/signature \w+ verified/);
    expect(scan(foreignOnly, ['--fail-on', 'warning']).status).toBe(1);
    const report = JSON.parse(scan(foreignOnly, ['--json']).stdout);
    expect(report.tokens[0].signature).toMatchObject({
      status: 'untrusted-key',
      source: 'https://evil.example/.well-known/jwks.json',
    });
  });

  it('carries the warning into SARIF, JUnit and the HTML report', () => {
    const sarif = JSON.parse(scan(foreignOnly, ['--format', 'sarif']).stdout);
    expect(sarif.runs[0].results.map((x: { ruleId: string }) => x.ruleId)).toContain('signature-untrusted-key');
    expect(scan(foreignOnly, ['--format', 'junit']).stdout).toContain('signature-untrusted-key');
    expect(scan(foreignOnly, ['--format', 'html']).stdout).toContain('signature-untrusted-key');
  });
});
