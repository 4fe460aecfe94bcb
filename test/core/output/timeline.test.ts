import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Analyzer, tokenId } from '../../../src/core/analysis/analyzer.js';
import type { Report } from '../../../src/core/model/report.js';
import {
  axisMarks,
  buildTimeline,
  centreOn,
  inView,
  msAt,
  pan,
  type View,
  xOf,
  zoom,
} from '../../../src/core/output/timeline.js';
import * as T from '../../fixtures/tokens.js';

const R1 = T.OPAQUE_REFRESH;
const R2 =
  '0.AXEAv4j5cvGGr0GRqy180BHbR7XIi975-7FIqK23SNpyUGRxAGY.AgABAAEAAAD--DLA3VO7QrddgJg7WevrAgDs_wUA9P-4cXMXSaUHbeLmZOPKQ2hYtOV2';
/**
 * test/fixtures/refresh-session.har: a code grant, two calls (the second answered 500, with a Date header 10 min
 * ahead), a refresh that rotates the refresh token, a 401 with the new access token, and the old refresh token
 * sent again (400 invalid_grant).
 */
const REFRESH_SESSION: { response: { content?: object } }[] = JSON.parse(
  fs.readFileSync('test/fixtures/refresh-session.har', 'utf8'),
).log.entries;
const json = (text: string) => ({ size: 0, mimeType: 'application/json', text });

function report(entries: unknown[]): Report {
  const a = new Analyzer();
  for (const e of entries) a.add(e);
  return a.report(Date.parse('2023-11-14T22:55:00Z'));
}

const ids = { a1: tokenId(T.ENTRA_V1_DELEGATED), a2: tokenId(T.ENTRA_V2_APP_ONLY), r1: tokenId(R1), r2: tokenId(R2) };

describe('refresh lineage in the report', () => {
  it('names the response that issued each token, the refresh token redeemed, its successor, and its reuse', () => {
    const r = report(REFRESH_SESSION);
    const byId = (id: string) => r.tokens.find((t) => t.id === id);
    expect(byId(ids.a1)?.issuedBy).toEqual({ entry: 0, time: '2023-11-14T22:20:00.000Z' });
    expect(byId(ids.r1)?.issuedBy).toEqual({ entry: 0, time: '2023-11-14T22:20:00.000Z' });
    expect(byId(ids.a2)?.issuedBy).toEqual({ entry: 3, time: '2023-11-14T22:40:00.000Z', refreshTokenId: ids.r1 });
    expect(byId(ids.r2)?.issuedBy).toEqual({ entry: 3, time: '2023-11-14T22:40:00.000Z', refreshTokenId: ids.r1 });
    expect(byId(ids.r1)?.replacedAt).toEqual({ entry: 3, time: '2023-11-14T22:40:00.000Z', by: ids.r2 });
    expect(byId(ids.r1)?.reusedAfterReplace).toEqual({ entry: 5, time: '2023-11-14T22:50:00.000Z' });
    expect(byId(ids.r2)?.reusedAfterReplace).toBeUndefined();
    expect(byId(ids.a1)?.replacedAt).toBeUndefined();
  });

  it('a refresh that returns the same refresh token (no rotation) replaces nothing', () => {
    const same = REFRESH_SESSION.slice(0, 4).map((e, i) =>
      i === 3
        ? {
            ...e,
            response: {
              ...e.response,
              content: json(`{"access_token":"${T.ENTRA_V2_APP_ONLY}","refresh_token":"${R1}"}`),
            },
          }
        : e,
    );
    const r1 = report(same).tokens.find((t) => t.id === ids.r1);
    expect(r1?.replacedAt).toBeUndefined();
    expect(r1?.issuedBy?.entry).toBe(0);
  });
});

describe('buildTimeline', () => {
  const model = buildTimeline(report(REFRESH_SESSION));

  it('draws a lane per token from nbf (or first sight) to exp, with a tick per request coloured by its answer', () => {
    const lane = (id: string) => model.lanes.find((l) => l.id === id);
    expect(lane(ids.a1)).toMatchObject({
      startFrom: 'nbf',
      startMs: 1700000000_000,
      endFrom: 'exp',
      endMs: 1700004499_000,
      ticks: [
        { entry: 1, answer: 'ok', status: 200, method: 'GET' },
        { entry: 2, answer: 'other', status: 500 },
      ],
    });
    expect(lane(ids.a2)?.ticks).toMatchObject([{ entry: 4, answer: 'denied', status: 401 }]);
    // The opaque refresh token has no claims and the response gives no expiry for it (expires_in is the access
    // token's): its bar runs from first to last sight, with a tick for each request that sent it.
    expect(lane(ids.r1)).toMatchObject({
      startFrom: 'first-seen',
      endFrom: 'last-seen',
      startMs: Date.parse('2023-11-14T22:20:00Z'),
      endMs: Date.parse('2023-11-14T22:50:00Z'),
    });
    expect(lane(ids.r1)?.ticks.map((t) => [t.entry, t.answer])).toEqual([
      [3, 'ok'],
      [5, 'other'],
    ]);
    expect(model.lanes.map((l) => l.startMs)).toEqual([...model.lanes.map((l) => l.startMs)].sort((a, b) => a - b));
  });

  it('links each token response to what it issued, and marks the refresh token used after it was replaced', () => {
    expect(model.links).toEqual(
      expect.arrayContaining([
        { from: null, to: ids.a1, ms: Date.parse('2023-11-14T22:20:00Z'), entry: 0 },
        { from: ids.r1, to: ids.a2, ms: Date.parse('2023-11-14T22:40:00Z'), entry: 3 },
        { from: ids.r1, to: ids.r2, ms: Date.parse('2023-11-14T22:40:00Z'), entry: 3 },
      ]),
    );
    expect(model.reuses).toEqual([{ id: ids.r1, ms: Date.parse('2023-11-14T22:50:00Z'), entry: 5 }]);
  });

  it('spans the requests (padded), not a bar years long, and carries the clock skew when one was found', () => {
    expect(model.startMs).toBeLessThan(Date.parse('2023-11-14T22:20:00Z'));
    expect(model.endMs).toBeGreaterThan(Date.parse('2023-11-14T22:50:00Z'));
    expect(model.endMs - model.startMs).toBeLessThan(2 * 3600_000);
    // The expiry of a token sent minutes before is in view.
    expect(model.endMs).toBeGreaterThan(1700004499_000);
    // Entries 1 and 2 (one host) both carry a Date 10 min ahead of a request that ended 80 ms after it started.
    expect(model.skewMs).toBe(10 * 60_000 - 80);
    // One response alone is not enough to call a clock wrong (src/core/checks/clock-skew.ts).
    const noDate = REFRESH_SESSION.map((e, i) => (i === 1 ? { ...e, response: { ...e.response, headers: [] } } : e));
    expect(buildTimeline(report(noDate)).skewMs).toBeNull();
  });

  it('ticks every request that sent the token, in a header of its own name too, with the answer that earned it a rejected finding', () => {
    const call = (name: string, value: string, status: number, started: string) => ({
      startedDateTime: started,
      time: 20,
      request: { method: 'GET', url: 'https://api.contoso.com/orders', headers: [{ name, value }] },
      response: { status, headers: [] },
    });
    const r = report([
      call('X-Auth-Token', T.ENTRA_V1_DELEGATED, 200, '2023-11-14T22:21:00Z'),
      call('X-Auth-Token', T.ENTRA_V1_DELEGATED, 401, '2023-11-14T22:22:00Z'),
    ]);
    const token = r.tokens.find((t) => t.id === ids.a1);
    expect(token?.findings.find((f) => f.code === 'rejected')?.entries).toEqual([1]);
    expect(buildTimeline(r).lanes.find((l) => l.id === ids.a1)?.ticks).toMatchObject([
      { entry: 0, status: 200, answer: 'ok' },
      { entry: 1, status: 401, answer: 'denied' },
    ]);
  });
});

describe('flows on the lanes', () => {
  const dpopCall = (s: number, status: number, headers: Array<{ name: string; value: string }> = []) => ({
    startedDateTime: new Date(Date.parse('2023-11-14T22:21:00Z') + s * 1000).toISOString(),
    time: 40,
    request: {
      method: 'GET',
      url: 'https://api.contoso.example/orders',
      headers: [{ name: 'Authorization', value: `DPoP ${T.ENTRA_V1_DELEGATED}` }],
    },
    response: { status, headers },
  });

  it('draws a DPoP nonce challenge as a step, not a refusal', () => {
    const challenge = [
      {
        name: 'WWW-Authenticate',
        value: 'DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof"',
      },
      { name: 'DPoP-Nonce', value: 'eyJ7S_zG.eyJH0-Z.HX4w-7v' },
    ];
    const lane = buildTimeline(report([dpopCall(0, 401, challenge), dpopCall(1, 200)])).lanes[0]!;
    expect(lane.ticks.map((t) => [t.status, t.answer])).toEqual([
      [401, 'other'],
      [200, 'ok'],
    ]);
  });

  it('marks the lane of the refresh token whose refresh the token endpoint refused (idp-error)', () => {
    const r = report(REFRESH_SESSION);
    expect(r.findings.find((f) => f.code === 'idp-error')).toMatchObject({ entry: 5, token: ids.r1 });
    expect(buildTimeline(r).lanes.find((l) => l.id === ids.r1)?.severity).toBe('error');
  });
});

describe('following the list', () => {
  const r = report(REFRESH_SESSION);

  it('draws only the tokens given, in their order, labelled as given; links and reuses of the others are left out', () => {
    const tokens = [ids.a2, ids.r1].map((id) => r.tokens.find((t) => t.id === id)!);
    const model = buildTimeline(r, { tokens, label: (t) => `${t.kind} · ${t.id === ids.a2 ? 'app' : 'refresh'}` });
    expect(model.lanes.map((l) => [l.id, l.label])).toEqual([
      [ids.a2, `${tokens[0]!.kind} · app`],
      [ids.r1, `${tokens[1]!.kind} · refresh`],
    ]);
    expect(model.reuses.map((x) => x.id)).toEqual([ids.r1]);
    // The link into a1 (issued by the code grant, no refresh token) concerns no lane shown.
    expect(model.links.some((l) => l.to === ids.a1)).toBe(false);
    expect(model.links.some((l) => l.from === ids.r1 && l.to === ids.a2)).toBe(true);
    const reversed = buildTimeline(r, { tokens: [...tokens].reverse() });
    expect(reversed.lanes.map((l) => l.id)).toEqual([ids.r1, ids.a2]);
    expect(buildTimeline(r, { tokens: [] }).lanes).toEqual([]);
  });

  it('labels lanes by kind and id when no label is given (the HTML report, whose sections are named by id)', () => {
    expect(buildTimeline(r).lanes.find((l) => l.id === ids.r1)?.label).toBe(`refresh ${ids.r1.slice(0, 8)}`);
  });
});

describe('flow findings on the lanes', () => {
  it('marks the reused refresh token at its reuse and at the refused refresh (idp-error), the code grant without PKCE on what it issued', () => {
    const r = report(REFRESH_SESSION);
    const marksOf = (id: string) =>
      buildTimeline(r)
        .lanes.find((l) => l.id === id)
        ?.marks.map((m) => [m.code, m.severity, m.entry, m.ms]);
    const grant = Date.parse('2023-11-14T22:20:00Z');
    expect(marksOf(ids.r1)).toEqual([
      ['pkce-missing', 'warning', 0, grant],
      ['refresh-reused', 'error', 5, Date.parse('2023-11-14T22:50:00Z')],
      ['idp-error', 'warning', 5, Date.parse('2023-11-14T22:50:00Z')],
    ]);
    // The code grant's response issued a1 and r1; the refresh of entry 3 issued a2 and r2, which no flow finding names.
    expect(marksOf(ids.a1)).toEqual([['pkce-missing', 'warning', 0, grant]]);
    expect(marksOf(ids.a2)).toEqual([]);
    expect(marksOf(ids.r2)).toEqual([]);
    const reused = buildTimeline(r)
      .lanes.find((l) => l.id === ids.r1)
      ?.marks.find((m) => m.code === 'refresh-reused');
    expect(reused?.text).toMatch(/^A replaced refresh token was sent again \(refresh-reused\), entry #6: /);
  });

  it('puts a report finding that spans requests on the lanes of the tokens those requests issued (nonce-mismatch, PKCE plain on the ID token)', () => {
    const T0 = Date.parse('2024-03-04T08:00:00Z');
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const idToken = `${b64({ typ: 'JWT', alg: 'RS256' })}.${b64({
      aud: 'c1',
      iss: 'https://login.microsoftonline.com/t/v2.0',
      iat: T0 / 1000,
      exp: T0 / 1000 + 3600,
      nonce: 'not-the-one-sent',
      preferred_username: 'meganb@contoso.com',
    })}.c2ln`;
    const entry = (s: number, request: object, response: object) => ({
      startedDateTime: new Date(T0 + s * 1000).toISOString(),
      time: 100,
      request,
      response,
    });
    const a = new Analyzer();
    a.add(
      entry(
        0,
        {
          method: 'GET',
          url: 'https://login.microsoftonline.com/t/oauth2/v2.0/authorize?client_id=c1&response_type=code&redirect_uri=https%3A%2F%2Fapp.example%2F&code_challenge=Kx4mJ8_hQ7zN2pR5sT9vW3yA6bC1dE4fG7hJ0kL3mN6&code_challenge_method=plain&nonce=n-sent&state=s1',
          headers: [],
        },
        { status: 302, headers: [{ name: 'Location', value: 'https://app.example/#code=abc&state=s1' }] },
      ),
    );
    a.add(
      entry(
        2,
        {
          method: 'POST',
          url: 'https://login.microsoftonline.com/t/oauth2/v2.0/token',
          headers: [],
          postData: {
            mimeType: 'application/x-www-form-urlencoded',
            text: 'client_id=c1&grant_type=authorization_code&code=abc&code_verifier=Kx4mJ8_hQ7zN2pR5sT9vW3yA6bC1dE4fG7hJ0kL3mN6&redirect_uri=https%3A%2F%2Fapp.example%2F',
          },
        },
        {
          status: 200,
          headers: [{ name: 'Content-Type', value: 'application/json' }],
          content: { mimeType: 'application/json', text: JSON.stringify({ id_token: idToken }) },
        },
      ),
    );
    const r = a.report(T0 + 60_000);
    expect(r.findings.map((f) => [f.code, f.entries]).sort()).toEqual([
      ['nonce-mismatch', [0, 1]],
      ['pkce-plain', [0, 1]],
    ]);
    const lanes = buildTimeline(r).lanes;
    expect(lanes.map((l) => [l.id, l.marks.map((m) => [m.code, m.entry, m.ms]).sort()])).toEqual([
      [
        tokenId(idToken),
        [
          ['nonce-mismatch', 1, T0 + 2000],
          ['pkce-plain', 1, T0 + 2000],
        ],
      ],
    ]);
  });

  it('draws the marks inside the span, one per finding and pixel column', () => {
    const mark = (ms: number, code: 'refresh-reused' | 'idp-error') => ({
      code,
      severity: 'error' as const,
      ms,
      entry: ms,
      text: code,
    });
    const model = {
      lanes: [
        {
          id: 'x',
          kind: 'refresh' as const,
          label: 'x',
          startMs: 0,
          startFrom: 'first-seen' as const,
          endMs: 10_000,
          endFrom: 'last-seen' as const,
          severity: 'error' as const,
          ticks: [],
          marks: [
            mark(1000, 'refresh-reused'),
            mark(1004, 'refresh-reused'),
            mark(1004, 'idp-error'),
            mark(9000, 'idp-error'),
          ],
        },
      ],
      startMs: 0,
      endMs: 10_000,
      links: [],
      reuses: [],
      skewMs: null,
    };
    const drawn = inView(model, { startMs: 0, endMs: 5000, width: 500, firstLane: 0, laneCount: 1 })[0]!;
    expect(drawn.marks.map((m) => [m.mark.code, m.x])).toEqual([
      ['refresh-reused', 100],
      ['idp-error', 100.4],
    ]);
  });
});

describe('the view', () => {
  const view: View = { startMs: 0, endMs: 1000_000, width: 1000, firstLane: 0, laneCount: 30 };

  it('zooms around the anchor and pans by time; x and ms are inverse', () => {
    const z = zoom(view, 0.1, 400_000);
    expect(xOf(z, 400_000)).toBeCloseTo(xOf(view, 400_000));
    expect(z.endMs - z.startMs).toBeCloseTo(100_000);
    expect(msAt(view, xOf(view, 123_456))).toBeCloseTo(123_456);
    expect(pan(view, 5000)).toMatchObject({ startMs: 5000, endMs: 1005_000 });
    expect(zoom(view, 1e-9, 0).endMs - zoom(view, 1e-9, 0).startMs).toBe(200);
    expect(centreOn(view, 500_000, 10_000)).toMatchObject({ startMs: 495_000, endMs: 505_000 });
  });

  it('gives only the lanes of the window and the ticks in the span, merging ticks per pixel but never a 401 into a 200', () => {
    const lanes = Array.from({ length: 2000 }, (_, i) => ({
      id: `t${i}`,
      kind: 'delegated' as const,
      label: `t${i}`,
      startMs: i * 1000,
      startFrom: 'nbf' as const,
      endMs: i * 1000 + 3600_000,
      endFrom: 'exp' as const,
      severity: null,
      marks: [],
      ticks: Array.from({ length: 5 }, (_, k) => ({
        ms: i * 1000 + k * 100,
        entry: i * 5 + k,
        method: 'GET',
        url: 'https://x/',
        status: k === 3 ? 401 : 200,
        answer: k === 3 ? ('denied' as const) : ('ok' as const),
      })),
    }));
    const model = { lanes, startMs: 0, endMs: 2000_000, links: [], reuses: [], skewMs: null };
    const drawn = inView(model, {
      startMs: 1500_000,
      endMs: 1500_000 + 1000_000,
      width: 1000,
      firstLane: 1500,
      laneCount: 20,
    });
    expect(drawn.map((d) => d.index)).toEqual(Array.from({ length: 20 }, (_, i) => 1500 + i));
    // 5 ticks within 400 ms = under one pixel at 1 s/px: one 'ok' tick standing for 4, and the 401 on its own.
    expect(drawn[0]?.ticks.map((t) => [t.tick.answer, t.count])).toEqual([
      ['ok', 4],
      ['denied', 1],
    ]);
    const out = inView(model, { startMs: 5000_000, endMs: 6000_000, width: 1000, firstLane: 0, laneCount: 10 });
    expect(out.every((d) => d.ticks.length === 0 && d.x1 < 0)).toBe(true);
    expect(out[0]).toMatchObject({ clippedStart: true, clippedEnd: false });
  });

  it('marks the axis at round steps', () => {
    const marks = axisMarks({
      startMs: Date.parse('2023-11-14T22:00:00Z'),
      endMs: Date.parse('2023-11-14T23:00:00Z'),
      width: 600,
      firstLane: 0,
      laneCount: 1,
    });
    expect(marks.map((m) => m.label)).toEqual(['22:00', '22:10', '22:20', '22:30', '22:40', '22:50', '23:00']);
  });

  it('labels the axis in the zone it is given (the panel: local time), on round times of that zone', () => {
    const view: View = {
      startMs: Date.parse('2023-11-14T22:00:00Z'),
      endMs: Date.parse('2023-11-15T00:00:00Z'),
      width: 400,
      firstLane: 0,
      laneCount: 1,
    };
    // India: UTC+5:30, so 22:30 UTC is 04:00 on the wall clock; marks fall on whole local hours.
    const ist = axisMarks(view, 90, () => 5.5 * 3600_000);
    expect(ist.map((m) => m.label)).toEqual(['03:30', '04:00', '04:30', '05:00', '05:30']);
    expect(ist[1]?.ms).toBe(Date.parse('2023-11-14T22:30:00Z'));
    expect(ist[1]?.x).toBeCloseTo(xOf(view, Date.parse('2023-11-14T22:30:00Z')));
    expect(axisMarks(view, 90).map((m) => m.label)[0]).toBe('22:00');
  });
});
