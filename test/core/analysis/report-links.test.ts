import { describe, expect, it } from 'vitest';
import { Analyzer } from '../../../src/core/analysis/analyzer.js';
import { gate } from '../../../src/core/output/gate.js';
import { toSarif } from '../../../src/core/output/sarif.js';
import { toJunit } from '../../../src/core/output/junit.js';
import { scanStorage } from '../../../src/core/find/storage.js';

const NOW = Date.parse('2026-12-07T05:00:00Z');
// The demo's /secret.html: made-up keys, sent as a bearer token and in a URL.
const STRIPE = 'sk_live_yRh6nRuyLeXE7At07YbTCyAE';
const GOOGLE = 'AIza17ZvBiv7E2tsfPsRn5RUaAb1MXtGeg0CPuo';

const bearer = (value: string, url = 'http://127.0.0.1:8080/api/ping?charge=1') => ({
  startedDateTime: '2026-12-07T04:59:00Z',
  time: 5,
  request: { method: 'POST', url, headers: [{ name: 'Authorization', value: `Bearer ${value}` }] },
  response: { status: 200, headers: [] },
});

function secretPage() {
  const a = new Analyzer();
  a.add(bearer(STRIPE));
  a.add({
    ...bearer(''),
    request: { method: 'GET', url: `http://127.0.0.1:8080/api/ping?key=${GOOGLE}&callback=initMap`, headers: [] },
  });
  return a.report(NOW);
}

describe('report-level findings on the token they concern', () => {
  it('a secret key sent as a bearer token: its row carries the secret-in-browser error', () => {
    const report = secretPage();
    const stripe = report.tokens.find((t) => t.sightings.some((s) => s.name === 'Authorization'))!;
    expect(stripe).toBeDefined();
    const reportLevel = report.findings.find((f) => f.code === 'secret-in-browser' && f.severity === 'error')!;
    expect(reportLevel.token).toBe(stripe.id);
    expect(stripe.findings[0]).toMatchObject({
      code: 'secret-in-browser',
      severity: 'error',
      linked: true,
      entries: [0],
      message: reportLevel.message,
    });
    // Nothing secret travels with it: the message shows a few characters only.
    expect(JSON.stringify(report)).not.toContain(STRIPE);
  });

  it('names no token when none has the secret’s value, and repeats nothing on other rows', () => {
    const a = new Analyzer();
    a.add({
      ...bearer('eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.'),
      response: { status: 200, headers: [], content: { text: `{"stripe":"${STRIPE}"}`, mimeType: 'application/json' } },
    });
    const report = a.report(NOW);
    const f = report.findings.find((x) => x.code === 'secret-in-browser')!;
    expect(f).toBeDefined();
    expect(f).not.toHaveProperty('token');
    expect(report.tokens.flatMap((t) => t.findings).some((x) => x.code === 'secret-in-browser')).toBe(false);
  });

  it('a secret kept in storage whose value is a stored token’s: on that token’s row, with its place', async () => {
    const a = new Analyzer();
    a.setStorage(
      await scanStorage({
        url: 'http://127.0.0.1:8080/spa.html',
        time: '2026-12-07T04:59:30Z',
        local: [{ key: 'access_token', value: STRIPE }],
        session: [],
        cookie: '',
        notes: [],
      }),
    );
    const report = a.report(NOW);
    const f = report.findings.find((x) => x.code === 'secret-in-browser')!;
    expect(f.place).toBe('localStorage');
    const row = report.tokens.find((t) => t.id === f.token);
    expect(row?.findings.map((x) => [x.code, x.linked ?? false])).toContainEqual(['secret-in-browser', true]);
  });

  it('outputs count a linked finding once: SARIF, JUnit and the gate take it from the report level', () => {
    const report = secretPage();
    const sarif = toSarif(report, { inputs: [], version: '0' });
    const results = sarif.runs[0]!.results.filter((r: { ruleId: string }) => r.ruleId === 'secret-in-browser');
    expect(results).toHaveLength(2);
    const g = gate(report, { failOn: 'error', inputs: [] });
    expect(g.findings.filter((x) => x.finding.code === 'secret-in-browser' && x.fails)).toHaveLength(1);
    expect(toJunit(report, { failOn: 'error' })).toMatch(/failures="1"/);
  });
});
