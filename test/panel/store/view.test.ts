// What is on screen, alone: a live Analyzer and imported sessions made by hand, judged on a fake clock.
import fs from 'node:fs';
import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { Analyzer, tokenId } from '../../../src/core/analysis/analyzer.js';
import type { ImportedSession } from '../../../src/panel/store/sessions.js';
import { LIVE, createViewStore } from '../../../src/panel/store/view.js';
import * as T from '../../fixtures/tokens.js';
import har from '../../fixtures/sharepoint-addin.har?raw';
import { bearerEntry, fakeClock, importedSession } from '../fakes.js';

const START = Date.parse('2023-11-14T22:30:00Z');
const entries = (JSON.parse(har) as { log: { entries: unknown[] } }).log.entries;
const analysisOf = (list: unknown[]) => {
  const a = new Analyzer();
  for (const e of list) a.add(e);
  return a;
};

function view(live = new Analyzer(), list: ImportedSession[] = []) {
  const clock = fakeClock(START);
  const sessions = signal(list);
  const store = createViewStore({ clock, live, sessions, liveClock: 'this machine' });
  return { clock, live, sessions, store };
}

describe('view store', () => {
  it('judges live traffic now, and again as time passes while tokens are listed', () => {
    const { clock, live, store } = view(analysisOf([bearerEntry(T.ENTRA_V1_DELEGATED, '2023-11-14T22:20:00Z')]));
    store.rejudgeIfShown(live);
    expect(store.report.value.tokens.map((t) => t.status)).toEqual(['valid']);
    clock.advance(60 * 60 * 1000); // past exp (23:28:19Z)
    expect(store.now.value).toBe(START + 60 * 60 * 1000);
    expect(store.at.value).toBe(store.now.value);
    expect(store.report.value.tokens.map((t) => t.status)).toEqual(['expired']);
  });

  it('shows an imported session judged at its own time, numbered as in its file; an unknown id shows live traffic', async () => {
    const s = await importedSession('capture.har', entries);
    expect(s).toMatchObject({ id: 'import-1', at: Date.parse('2023-11-14T22:20:15Z') });
    const { clock, live, store } = view(analysisOf([bearerEntry(T.ENTRA_V2_APP_ONLY, '2023-11-14T22:29:00Z')]), [s]);
    store.showSession('import-1');
    expect(store.session.value).toBe(s);
    expect(store.at.value).toBe(s.at);
    expect(store.report.value).toMatchObject({ now: '2023-11-14T22:20:15.000Z', entries: 10 });
    expect(store.report.value.findings.map((f) => [f.code, f.entry])).toEqual([
      ['client-secret-in-browser', 5],
      ['idp-error', 2],
      ['idp-error', 8],
      ['pkce-missing', 5],
    ]);
    const before = store.report.value;
    store.rejudgeIfShown(live); // live traffic moved: not what is on screen
    clock.advance(10_000);
    expect(store.report.value).toBe(before);
    store.showSession('import-9');
    expect(store.sessionId.value).toBe(LIVE);
    expect(store.report.value.entries).toBe(1);
  });

  it('exports what is on screen, redacted unless raw tokens are asked for; the view shows whose token it is', async () => {
    const { live, store } = view(analysisOf(entries));
    store.rejudgeIfShown(live);
    const delegated = (r: { tokens: Array<{ kind: string; claims: Record<string, unknown> | null }> }) =>
      r.tokens.find((t) => t.kind === 'delegated')!.claims!;
    expect(delegated(store.report.value).name).toBe('Alex Doe');
    const redacted = JSON.stringify(await store.exportReport(false));
    expect(JSON.parse(redacted)).toMatchObject({
      tool: 'bearerscope',
      reportVersion: 1,
      entries: 10,
      now: new Date(START).toISOString(),
    });
    expect(delegated(JSON.parse(redacted)).name).toMatch(/^\[redacted/);
    expect(redacted).not.toContain(T.ACS_CONTEXT);
    expect(JSON.stringify(await store.exportReport(true))).toContain(T.ACS_CONTEXT);
    expect(store.rawOf(tokenId(T.ACS_CONTEXT))).toBe(T.ACS_CONTEXT);
  });

  it("names whose clock is off: this machine's live, the capturing machine's for an import", async () => {
    const slow = (
      JSON.parse(fs.readFileSync('test/fixtures/real/derived/firefox-clock-2h-slow-4-entries.har', 'utf8')) as {
        log: { entries: unknown[] };
      }
    ).log.entries;
    const s = await importedSession('slow.har', slow);
    const { live, store } = view(analysisOf(slow), [s]);
    store.rejudgeIfShown(live);
    const skew = () => store.report.value.findings.find((f) => f.code === 'clock-skew')!.message;
    expect(skew()).toMatch(/^This machine's clock looks 1 h 59 min behind the servers'/);
    expect((await store.exportReport(false)).findings[0]!.message).toMatch(/^This machine's clock/);
    store.showSession('import-1');
    expect(skew()).toMatch(/^The capturing machine's clock/);
    expect((await store.exportReport(false)).findings[0]!.message).toMatch(/^The capturing machine's clock/);
  });
});
