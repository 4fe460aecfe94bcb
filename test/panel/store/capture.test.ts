// The live capture alone: a real Analyzer fed by a fake source on a fake clock; `changed` stands for the view.
import { describe, expect, it } from 'vitest';
import { Analyzer } from '../../../src/core/analysis/analyzer.js';
import { createCaptureStore } from '../../../src/panel/store/capture.js';
import { createNoticesStore } from '../../../src/panel/store/notices.js';
import type { SourceProblem } from '../../../src/panel/source.js';
import * as T from '../../fixtures/tokens.js';
import har from '../../fixtures/sharepoint-addin.har?raw';
import { bearerEntry, fakeClock, fakeSource } from '../fakes.js';

const START = Date.parse('2023-11-14T22:30:00Z');
const entries = (JSON.parse(har) as { log: { entries: unknown[] } }).log.entries;

function capture(backfill: unknown[] = []) {
  const clock = fakeClock(START);
  const source = Object.assign(fakeSource(backfill), { problems: [] as Array<(p: SourceProblem) => void> });
  source.onProblem = (l) => void source.problems.push(l);
  const analyzer = new Analyzer();
  const notices = createNoticesStore(clock);
  const notice = {
    get value() {
      return notices.notices.value[0] ?? null;
    },
  };
  const changes: number[] = [];
  const store = createCaptureStore(source, {
    analyzer,
    clock,
    notices,
    changed: (a) => void changes.push(a.entryCount),
  });
  return { clock, source, analyzer, notice, notices, changes, store };
}
const settle = async () => {
  await Promise.resolve();
  await Promise.resolve();
};

describe('capture store', () => {
  it('folds the backfill in at once, then live requests in batches: one change per batch, not per request', async () => {
    const { clock, source, analyzer, changes, store } = capture(entries);
    expect(store.ready.value).toBe(false);
    await settle();
    expect(store.ready.value).toBe(true);
    expect(analyzer.entryCount).toBe(10);
    expect(analyzer.tokenCount).toBe(7);
    expect(changes).toEqual([10]);
    source.send(bearerEntry(T.ENTRA_V2_APP_ONLY, '2023-11-14T22:29:00Z', 'https://orders.contoso.example/api'));
    source.send(bearerEntry(T.RFC7519_JWT, '2023-11-14T22:29:01Z', 'https://api.example/orders'));
    clock.advance(149);
    expect(analyzer.entryCount).toBe(10);
    expect(changes).not.toContain(12);
    clock.advance(1);
    expect(analyzer.entryCount).toBe(12);
    expect(analyzer.tokenCount).toBe(9);
    expect(changes.filter((n) => n === 12)).toHaveLength(1); // (signature verdicts may be reported as changes too)
  });

  it('folds a request that comes after a quiet spell in at once; those right behind it wait for the next batch', async () => {
    const { clock, source, analyzer, store } = capture();
    await settle();
    expect(store.ready.value).toBe(true);
    clock.advance(1000);
    source.send(bearerEntry(T.ENTRA_V1_DELEGATED, '2023-11-14T22:29:00Z'));
    clock.advance(0);
    expect(analyzer.entryCount).toBe(1);
    clock.advance(50);
    source.send(bearerEntry(T.ENTRA_V2_APP_ONLY, '2023-11-14T22:29:01Z', 'https://orders.contoso.example/api'));
    clock.advance(99);
    expect(analyzer.entryCount).toBe(1);
    clock.advance(1);
    expect(analyzer.entryCount).toBe(2);
  });

  it('counts what Pause skipped, analyses none of it, and says so on resume', async () => {
    const { clock, source, analyzer, notice, store } = capture();
    await settle();
    store.setPaused(true);
    source.send(bearerEntry(T.ENTRA_V1_DELEGATED, '2023-11-14T22:20:00Z'));
    clock.advance(200);
    expect(store.skipped.value).toBe(1);
    expect(analyzer.entryCount).toBe(0);
    store.setPaused(false);
    expect(notice.value).toEqual({
      kind: 'info',
      text: '1 request arrived while paused and was not analysed.',
      at: clock.now(),
    });
    expect(store.skipped.value).toBe(0);
  });

  it('starts afresh on navigation unless "Preserve log" is on, dropping what was still waiting', async () => {
    const { clock, source, analyzer, notice, notices, changes, store } = capture(entries);
    await settle();
    store.preserveLog.value = true;
    source.navigate('https://company.sharepoint.com/sites/dev/next');
    expect(analyzer.entryCount).toBe(10);
    store.preserveLog.value = false;
    notices.notify({ kind: 'info', text: 'Imported 3 requests from a.har.' });
    source.send(bearerEntry(T.ENTRA_V1_DELEGATED, '2023-11-14T22:29:00Z'));
    source.navigate('https://company.sharepoint.com/sites/dev/again');
    expect(analyzer.entryCount).toBe(0);
    expect(notice.value).toBeNull();
    expect(changes.at(-1)).toBe(0);
    clock.advance(200);
    expect(analyzer.entryCount).toBe(0); // the request sent before the navigation went with it
  });

  it("shows the source's problem as an error notice", async () => {
    const { source, notice } = capture();
    source.problems.forEach((l) =>
      l({ text: "Could not read DevTools' network log (DevTools is closing).", at: START - 1000, topic: 'log-read' }),
    );
    expect(notice.value).toEqual({
      kind: 'error',
      text: "Could not read DevTools' network log (DevTools is closing).",
      at: START - 1000,
      topic: 'log-read',
    });
  });
});
