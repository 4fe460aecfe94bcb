// The panel's export: the CLI's formats from one report, under a name that says what and when.
import { describe, expect, it } from 'vitest';
import { Analyzer } from '../../src/core/analysis/analyzer.js';
import { exportFile } from '../../src/panel/export.js';
import har from '../fixtures/sharepoint-addin.har?raw';
import * as T from '../fixtures/tokens.js';

const entries = (JSON.parse(har) as { log: { entries: unknown[] } }).log.entries;
const WHEN = new Date(2026, 0, 2, 3, 4, 5); // local time, as the name shows it
const report = (reveal = false) => {
  const a = new Analyzer();
  for (const e of entries) a.add(e);
  return a.report(Date.parse('2023-11-14T22:30:00Z'), { reveal });
};

describe('exportFile', () => {
  it('names live traffic for the host most of its token sightings went to', () => {
    const r = report();
    const hosts = r.tokens.flatMap((t) => t.sightings.map((s) => new URL(s.url).hostname));
    const top = [...new Set(hosts)].sort(
      (a, b) => hosts.filter((h) => h === b).length - hosts.filter((h) => h === a).length,
    )[0];
    expect(exportFile(r, 'json', null, WHEN).name).toBe(`bearerscope-${top}-20260102-030405.json`);
    expect(exportFile({ ...r, tokens: [] }, 'html', null, WHEN).name).toBe('bearerscope-live-20260102-030405.html');
  });

  it('names a file by its name, made safe for any file system', () => {
    expect(exportFile(report(), 'sarif', '../My capture (2).HAR', WHEN).name).toBe(
      'bearerscope-My_capture_2_-20260102-030405.sarif',
    );
    expect(exportFile(report(), 'json', `${'x'.repeat(200)}.har`, WHEN).name).toBe(
      `bearerscope-${'x'.repeat(60)}-20260102-030405.json`,
    );
  });

  it('writes JSON as the CLI prints it, SARIF and HTML from the same report; raw tokens only when revealed', () => {
    const json = exportFile(report(), 'json', 'a.har', WHEN);
    expect(json.text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(json.text)).toMatchObject({ tool: 'bearerscope', entries: 10 });
    const sarif = JSON.parse(exportFile(report(), 'sarif', 'a.har', WHEN).text);
    expect(sarif.runs[0].results.length).toBeGreaterThan(0);
    for (const format of ['json', 'sarif', 'html'] as const)
      expect(exportFile(report(), format, 'a.har', WHEN).text).not.toContain(T.ACS_CONTEXT);
    expect(exportFile(report(true), 'html', 'a.har', WHEN).text).toContain(T.ACS_CONTEXT);
  });
});
