import fs from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Analyzer } from '../../../src/core/analysis/analyzer.js';
import { REPORT_CHECKS, type ReportCheckState, TOKEN_CHECKS } from '../../../src/core/checks/index.js';
import { scanStorage } from '../../../src/core/find/storage.js';
import { FINDING_HELP } from '../../../src/core/model/finding-help.js';
import { FINDING_TITLES, type FindingCode } from '../../../src/core/model/findings.js';
import * as P from '../../fixtures/proofs.js';
import * as T from '../../fixtures/tokens.js';

const CHECKS = [...TOKEN_CHECKS, ...REPORT_CHECKS];
const harEntries = (path: string): unknown[] =>
  (JSON.parse(fs.readFileSync(path, 'utf8')) as { log: { entries: unknown[] } }).log.entries;

describe('the list of checks', () => {
  it('names every code of the catalogue exactly once, and no code the catalogue lacks', () => {
    const listed = CHECKS.flatMap((c) => c.codes as readonly FindingCode[]);
    expect([...listed].sort()).toEqual(Object.keys(FINDING_TITLES).sort());
    expect(Object.keys(FINDING_HELP).sort()).toEqual(Object.keys(FINDING_TITLES).sort());
    expect(new Set(CHECKS.map((c) => c.name)).size).toBe(CHECKS.length);
  });
});

describe('the analysis runs the list', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Wraps every listed check to record the codes it makes, then analyses a capture and a storage read in which every check finds something. */
  async function analyse() {
    const made = new Map<string, Set<FindingCode>>(CHECKS.map((c) => [c.name, new Set()]));
    const record = <F extends { code: FindingCode }>(name: string, found: F[]): F[] => {
      for (const f of found) made.get(name)?.add(f.code);
      return found;
    };
    for (const check of TOKEN_CHECKS) {
      const run = check.run.bind(check);
      vi.spyOn(check, 'run').mockImplementation((input) => record(check.name, run(input)));
    }
    for (const check of REPORT_CHECKS) {
      const create = check.create.bind(check);
      vi.spyOn(check, 'create').mockImplementation(() => {
        const s = create();
        const wrapped: ReportCheckState = { ...s };
        if (s.entry) wrapped.entry = (entry, found) => record(check.name, s.entry?.(entry, found) ?? []);
        if (s.storage) wrapped.storage = (scan) => record(check.name, s.storage?.(scan) ?? []);
        if (s.findings) wrapped.findings = (owner) => record(check.name, s.findings?.(owner) ?? []);
        return wrapped;
      });
    }
    const T0 = Date.parse('2025-11-23T12:13:20Z');
    const call = (token: string, s: number, headers: Array<{ name: string; value: string }> = [], status = 200) => ({
      startedDateTime: new Date(T0 + s * 1000).toISOString(),
      time: 10,
      request: {
        method: 'GET',
        url: 'https://api.example/orders',
        headers: [{ name: 'Authorization', value: `Bearer ${token}` }, ...headers],
      },
      response: { status, headers: [] },
    });
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const a = new Analyzer();
    for (const e of harEntries('test/fixtures/sharepoint-addin.har')) a.add(e);
    a.setFile('refresh-session.har');
    for (const e of harEntries('test/fixtures/refresh-session.har')) a.add(e);
    a.setFile('ericduran-cookies-redacted.har');
    for (const e of harEntries('test/fixtures/real/derived/ericduran-cookies-redacted.har')) a.add(e);
    a.setFile('crafted');
    a.add({
      startedDateTime: new Date(T0).toISOString(),
      time: 10,
      request: { method: 'GET', url: 'https://issuer.example/jwks', headers: [] },
      response: {
        status: 200,
        headers: [],
        content: { mimeType: 'application/json', text: JSON.stringify(P.ISSUER_JWKS) },
      },
    });
    a.add(call(P.BOUND, 5));
    a.add(call(P.TAMPERED, 5));
    a.add(
      call(
        `${b64({ alg: 'HS256', kid: '../../../dev/null' })}.${b64({ iss: 'https://issuer.example', exp: T0 / 1000 + 3600 })}.c2ln`,
        6,
      ),
    );
    a.add(call(T.ENTRA_V2_ID, 7));
    a.add({
      ...call(T.ENTRA_V1_DELEGATED, 8, [{ name: 'Sec-Fetch-Mode', value: 'cors' }], 302),
      response: {
        status: 302,
        headers: [
          { name: 'Location', value: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=a' },
        ],
      },
    });
    a.setStorage(
      await scanStorage({
        url: 'https://app.contoso.com/',
        time: '2023-11-14T22:25:00Z',
        notes: [],
        session: [],
        cookie: '',
        local: [
          { key: 'access_token', value: T.ENTRA_V1_DELEGATED },
          { key: 'gh', value: 'ghp_qsR6RZ24lPoQj3oPUlieI2nVsbBi1RMar1jf' },
        ],
      }),
    );
    await a.verifySignatures();
    return { made, report: a.report(T0) };
  }

  it('every finding comes from a listed check, and each check makes only the codes it names', async () => {
    const { made, report } = await analyse();
    for (const check of CHECKS)
      expect(
        [...(made.get(check.name) ?? [])].filter((code) => !(check.codes as readonly FindingCode[]).includes(code)),
        check.name,
      ).toEqual([]);
    const reported = new Set([
      ...report.tokens.flatMap((t) => t.findings.map((f) => f.code)),
      ...report.findings.map((f) => f.code),
    ]);
    const recorded = new Set([...made.values()].flatMap((codes) => [...codes]));
    expect([...reported].sort()).toEqual([...recorded].sort());
    // The capture exercises every check, so none of them could go unrun unnoticed.
    expect(CHECKS.filter((c) => !made.get(c.name)?.size).map((c) => c.name)).toEqual([]);
  });
});
