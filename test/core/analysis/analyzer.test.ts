import { describe, expect, it } from 'vitest';
import { Analyzer } from '../../../src/core/analysis/analyzer.js';
import * as T from '../../fixtures/tokens.js';

const NOW = Date.parse('2023-11-14T22:30:00Z');
const sent = (started: unknown) => ({
  startedDateTime: started,
  time: 20,
  request: {
    method: 'GET',
    url: 'https://graph.microsoft.com/v1.0/me',
    headers: [{ name: 'Authorization', value: `Bearer ${T.ENTRA_V1_DELEGATED}` }],
  },
  response: { status: 200, headers: [] },
});
const seen = (startedTimes: unknown[]) => {
  const a = new Analyzer();
  for (const s of startedTimes) a.add(sent(s));
  const t = a.report(NOW).tokens[0]!;
  return [t.firstSeen, t.lastSeen, t.sightingCount];
};

describe('Analyzer: first and last seen', () => {
  it('follow the readable times, in any order', () => {
    expect(seen(['2023-11-14T22:21:00Z', '2023-11-14T22:20:00Z', '2023-11-14T22:22:00Z'])).toEqual([
      '2023-11-14T22:20:00Z',
      '2023-11-14T22:22:00Z',
      3,
    ]);
  });

  it('do not freeze when the first sighting’s startedDateTime cannot be read', () => {
    expect(seen(['not a date', '2023-11-14T22:20:00Z', '2023-11-14T22:22:00Z'])).toEqual([
      '2023-11-14T22:20:00Z',
      '2023-11-14T22:22:00Z',
      3,
    ]);
    expect(seen([undefined, '2023-11-14T22:21:00Z'])).toEqual(['2023-11-14T22:21:00Z', '2023-11-14T22:21:00Z', 2]);
  });

  it('keep what was captured when no time can be read, and ignore unreadable times once a readable one is known', () => {
    expect(seen(['not a date', 'still not'])).toEqual(['not a date', 'still not', 2]);
    expect(seen([undefined])).toEqual([null, null, 1]);
    expect(seen(['2023-11-14T22:21:00Z', 'not a date'])).toEqual(['2023-11-14T22:21:00Z', '2023-11-14T22:21:00Z', 2]);
  });
});

describe('Analyzer: raw token by id', () => {
  it('finds tokens seen in traffic and tokens seen only in the page’s storage, and nothing after a new storage read drops them', async () => {
    const { scanStorage } = await import('../../../src/core/find/storage.js');
    const a = new Analyzer();
    a.add(sent('2023-11-14T22:20:00Z'));
    const store = (value: string) =>
      scanStorage({
        url: 'https://app.contoso.com/',
        time: '2023-11-14T22:25:00Z',
        local: [{ key: 'access_token', value }],
        session: [],
        cookie: '',
        notes: [],
      });
    a.setStorage(await store(T.ACS_ADDIN_ONLY));
    const ids = Object.fromEntries(a.report(NOW).tokens.map((t) => [t.sightings[0]?.where, t.id]));
    expect(a.rawToken(ids['authorization-header']!)).toBe(T.ENTRA_V1_DELEGATED);
    expect(a.rawToken(ids['local-storage']!)).toBe(T.ACS_ADDIN_ONLY);
    a.setStorage(await store(''));
    expect(a.rawToken(ids['local-storage']!)).toBeNull();
  });
});

describe('Analyzer: several files', () => {
  it('estimates clock skew per file: one capture’s right clock does not hide another’s wrong one', async () => {
    const fs = await import('node:fs');
    const entriesOf = (f: string) =>
      (JSON.parse(fs.readFileSync(f, 'utf8')) as { log: { entries: unknown[] } }).log.entries;
    const a = new Analyzer();
    a.setFile('sharepoint-addin.har');
    for (const e of entriesOf('test/fixtures/sharepoint-addin.har')) a.add(e);
    a.setFile('refresh-session.har');
    for (const e of entriesOf('test/fixtures/refresh-session.har')) a.add(e);
    const skews = a.report(NOW).findings.filter((f) => f.code === 'clock-skew');
    expect(skews.map((f) => [f.file, f.clockSkew?.host, f.clockSkew?.skewMs])).toEqual([
      ['refresh-session.har', 'graph.microsoft.com', 10 * 60_000 - 80],
    ]);
  });
});
