// The token table's layout and its chips, as pure functions: which columns a width keeps, how wide, what a chip says.
import { describe, expect, it } from 'vitest';
import { COLUMNS, layoutColumns, subjectText } from '../../src/panel/columns.js';
import { chipFindings, chipLabel } from '../../src/panel/chips.js';
import { chipsThatFit } from '../../src/panel/components/Badges.js';
import type { Finding } from '../../src/core/model/findings.js';
import type { Sighting } from '../../src/core/model/report.js';

const ids = (width: number, hidden: Parameters<typeof layoutColumns>[2] = []) =>
  layoutColumns(width, {}, hidden).columns.map((c) => c.id);
const widthOf = (width: number, id: string) => {
  const l = layoutColumns(width, {});
  return l.widths[l.columns.findIndex((c) => c.id === id)];
};

describe('column layout', () => {
  it('shows every column in a 1400 px panel’s list (the default 60 % split), shrinking the least needed first', () => {
    expect(ids(840)).toEqual(COLUMNS.map((c) => c.id));
    // Findings and Subject keep their full width: the least needed are at their minimum first.
    expect(widthOf(840, 'subject')).toBe(150);
    for (const id of ['audience', 'expires', 'lastSeen'])
      expect(widthOf(840, id)).toBe(COLUMNS.find((c) => c.id === id)!.min);
    expect(widthOf(840, 'findings')).toBe(240);
    expect(widthOf(840, 'requests')).toBe(44);
  });

  it('drops the least needed as the list narrows: Subject stays while Audience goes, Kind, Subject and Findings last', () => {
    expect(ids(540)).toEqual(['kind', 'subject', 'audience', 'status', 'lastSeen', 'findings']);
    expect(ids(400)).toEqual(['kind', 'subject', 'status', 'findings']);
    expect(ids(305)).toEqual(['kind', 'subject', 'findings']);
  });

  it('never narrows Kind: its longest label stays whole even at 200 px', () => {
    for (const w of [200, 305, 540, 840]) expect(widthOf(w, 'kind')).toBe(100);
    expect(ids(200)).toEqual(['kind', 'findings']);
  });

  it('leaves out the columns the chooser hid, and gives their room to the rest; Kind cannot be hidden', () => {
    expect(ids(540, ['audience', 'lastSeen'])).toEqual([
      'kind',
      'subject',
      'status',
      'expires',
      'requests',
      'findings',
    ]);
    expect(ids(840, ['kind'])[0]).toBe('kind');
  });

  it('keeps a width the user dragged when there is room, and never goes below a column’s minimum', () => {
    const l = layoutColumns(2000, { subject: 300, audience: 10 }, []);
    expect(l.widths[l.columns.findIndex((c) => c.id === 'subject')]).toBe(300);
    expect(l.widths[l.columns.findIndex((c) => c.id === 'audience')]).toBe(70);
  });
});

const finding = (code: Finding['code'], severity: Finding['severity'], entries: number[] = []): Finding => ({
  code,
  severity,
  message: '',
  entries,
});

describe('finding chips', () => {
  it('each code once at its worst, worst first (in order of first appearance within a severity)', () => {
    expect(
      chipFindings([
        finding('long-lifetime', 'info'),
        finding('idp-error', 'warning'),
        finding('secret-in-browser', 'error'),
        finding('idp-error', 'error'),
      ]).map((f) => [f.code, f.severity]),
    ).toEqual([
      ['idp-error', 'error'],
      ['secret-in-browser', 'error'],
      ['long-lifetime', 'info'],
    ]);
  });

  it('as many as fit, the rest counted; always the worst one', () => {
    const labels = ['expired when sent', 'cookie', '401', 'expired'];
    expect(chipsThatFit(labels, undefined)).toBe(4);
    expect(chipsThatFit(labels, 1000)).toBe(4);
    expect(chipsThatFit(labels, 210)).toBe(2);
    expect(chipsThatFit(labels, 20)).toBe(1);
  });

  it('storage chips name the place the page kept the token', () => {
    const stored = (where: 'local-storage' | 'session-storage' | 'script-cookie') =>
      ({ kind: 'storage', where, entry: -1, method: '', status: 0, url: '', name: 'k', time: null }) as Sighting;
    const f = finding('storage-exposure', 'warning');
    expect(chipLabel(f, [stored('local-storage')])).toBe('localStorage');
    expect(chipLabel(f, [stored('session-storage'), stored('script-cookie'), stored('session-storage')])).toBe(
      'sessionStorage + JS cookie',
    );
  });
});

describe('subject', () => {
  it('a delegated token without upn shows the user’s name, not the client id', () => {
    const t = {
      kind: 'delegated' as const,
      claims: {
        name: 'Alex Doe',
        azp: '6e74172b-be56-4843-9ff4-e66a39bb12e3',
        sub: 'AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ',
      },
      explain: {
        principals: [{ claim: 'azp', principal: '6e74172b-be56-4843-9ff4-e66a39bb12e3', name: null }],
        appctx: null,
      },
    };
    expect(subjectText(t as unknown as Parameters<typeof subjectText>[0])).toBe(
      'Alex Doe via 6e74172b-be56-4843-9ff4-e66a39bb12e3',
    );
  });
});
