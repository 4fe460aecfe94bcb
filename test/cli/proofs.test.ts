import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as P from '../fixtures/proofs.js';
import { at, b64, captured, T0, type Headers } from '../fixtures/capture.js';

// A capture with an issuer's discovery document and JWKS, a verified token, a tampered one, DPoP mistakes and a PoP request.
const entry = (s: number, method: string, url: string, headers: Headers, json?: unknown) =>
  captured(s, url, headers, json, method);
const HS_NO_KID = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ iss: 'https://issuer.example', sub: 'u', jti: 'hs-no-kid', exp: T0 + 3600 })}.c2lnbmF0dXJl`;
const dpop = (s: number, token: string, proof: string) =>
  entry(s, 'GET', 'https://api.example/orders', [
    { name: 'Authorization', value: `DPoP ${token}` },
    { name: 'DPoP', value: proof },
  ]);
const har = {
  log: {
    version: '1.2',
    creator: { name: 'test', version: '1' },
    entries: [
      entry(0, 'GET', 'https://issuer.example/.well-known/openid-configuration', [], {
        issuer: 'https://issuer.example',
        jwks_uri: 'https://keys.example/jwks',
      }),
      entry(1, 'GET', 'https://keys.example/jwks', [], P.ISSUER_JWKS),
      entry(2, 'GET', 'https://api.example/orders', [{ name: 'Authorization', value: `Bearer ${P.PLAIN}` }]),
      entry(3, 'GET', 'https://api.example/orders', [{ name: 'Authorization', value: `Bearer ${P.TAMPERED}` }]),
      // HS256 with no kid from the issuer whose JWKS (on another host) holds only an EC key.
      entry(4, 'GET', 'https://api.example/orders', [{ name: 'Authorization', value: `Bearer ${HS_NO_KID}` }]),
      dpop(10, P.BOUND, P.PROOF_ORDERS),
      dpop(40, P.BOUND, P.PROOF_ORDERS),
      dpop(41, P.BOUND, P.PROOF_WRONG_HTU),
      entry(42, 'GET', 'https://api.example/orders', [{ name: 'Authorization', value: `Bearer ${P.BOUND}` }]),
      entry(43, 'GET', 'https://api.example:8443/orders?top=5', [
        { name: 'Authorization', value: `PoP ${P.POP_ORDERS}` },
      ]),
    ],
  },
};
const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bearerscope-proofs-')), 'proofs.har');
fs.writeFileSync(file, JSON.stringify(har));
const scan = (args: string[]) =>
  spawnSync(process.execPath, ['dist/cli.js', 'scan', file, '--now', at(60), ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });

describe('bearerscope scan: signatures and proofs', () => {
  it('--json carries each token’s signature status and its proofs with their checks', () => {
    const report = JSON.parse(scan(['--json']).stdout);
    const byJti = (jti: string) =>
      report.tokens.find((t: { claims: { jti?: string } | null }) => t.claims?.jti === jti);
    const tampered = report.tokens.find((t: { claims: { sub?: string } | null }) => t.claims?.sub === 'admin');
    expect(tampered.signature).toMatchObject({ status: 'invalid', source: 'https://keys.example/jwks', entry: 1 });
    expect(tampered.findings.map((f: { code: string }) => f.code)).toContain('signature-invalid');
    expect(byJti('at-1').signature).toMatchObject({
      status: 'verified',
      kid: 'issuer-ec-1',
      source: 'https://keys.example/jwks',
    });
    // The discovery document (no "token" in it) was kept by the HAR reader: it ties the JWKS on keys.example to the issuer.
    expect(byJti('hs-no-kid')?.findings.map((f: { code: string }) => f.code)).toContain('alg-confusion');
    const codes = byJti('at-1').findings.map((f: { code: string }) => f.code);
    expect(codes).toEqual(expect.arrayContaining(['dpop-replayed', 'dpop-invalid', 'dpop-downgrade']));
    expect(byJti('at-1').proofs).toHaveLength(3);
    expect(byJti('at-pop').proofs[0].checks.every((c: { ok: boolean | null }) => c.ok === true)).toBe(true);
    expect(byJti('at-pop').signature.status).toBe('no-key');
  });

  it('with several files, proofs, signature statuses and their findings name the file their entry is in', () => {
    const copy = path.join(path.dirname(file), 'again.har');
    fs.copyFileSync(file, copy);
    const report = JSON.parse(
      spawnSync(process.execPath, ['dist/cli.js', 'scan', file, copy, '--json', '--now', at(60)], { encoding: 'utf8' })
        .stdout,
    );
    const bound = report.tokens.find((t: { claims: { jti?: string } | null }) => t.claims?.jti === 'at-1');
    expect(bound.signature).toMatchObject({ status: 'verified', entry: 1, file });
    expect(bound.proofs.map((p: { entry: number; file: string }) => [p.entry, p.file])).toEqual(
      expect.arrayContaining([
        [7, file],
        [7, copy],
      ]),
    );
    const replayed = bound.findings.find((f: { code: string }) => f.code === 'dpop-replayed');
    // The second file replays every proof of the first: its entry #6 is flagged too, named with its file.
    expect(replayed.files).toContain(copy);
    expect(replayed.message).toContain(`was already used by entry #6 of ${file}`);
  });

  it('prints the statuses, the proofs’ verdicts and the findings', () => {
    const r = scan([]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(
      /signature \w+ verified: ES256 signature verified with the EC key "issuer-ec-1" from https:\/\/keys\.example\/jwks/,
    );
    expect(r.stdout).toMatch(/signature \w+ invalid: The ES256 signature does not match/);
    // Entries are numbered from 1, as HAR viewers and every other message do (the JSON keeps the 0-based index).
    expect(r.stdout).toMatch(/signature \w+ verified: .* from https:\/\/keys\.example\/jwks \(entry #2\)/);
    expect(r.stdout).toMatch(/dpop proof \w+ entry #8: fails htu/);
    expect(r.stdout).toMatch(/pop proof \w+ entry #10: all checks pass/);
    expect(r.stdout).toContain('was already used by entry #6: this proof was replayed');
    expect(r.stdout).toMatch(
      /sent as a Bearer token, without a proof \(first: entry #9, GET https:\/\/api\.example\/orders\)/,
    );
    for (const code of ['signature-invalid', 'dpop-replayed', 'dpop-invalid', 'dpop-downgrade'])
      expect(r.stdout).toContain(`✖ ${code}`);
  });
});
