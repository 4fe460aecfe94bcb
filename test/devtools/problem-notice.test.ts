// What the live source could not do, or may have missed, reaches the person as a notice in the panel, and capture
// goes on. A later notice does not hide an earlier one; a notice of the same topic replaces its own.
import { expect, it } from 'vitest';
import type { SourceProblem } from '../../src/panel/source.js';
import { createStore } from '../../src/panel/store/index.js';
import { bearerEntry, fakeClock, fakeSource } from '../panel/fakes.js';

const T0 = Date.parse('2026-11-22T10:00:00Z');

function setup() {
  const clock = fakeClock(T0);
  const listeners: Array<(p: SourceProblem) => void> = [];
  const source = { ...fakeSource(), onProblem: (l: (p: SourceProblem) => void) => void listeners.push(l) };
  const store = createStore(source, clock);
  const say = (p: SourceProblem) => listeners.forEach((l) => l(p));
  return { clock, source, store, say };
}

it("shows the source's problem as an error notice, with the time it was said, and keeps listing requests", async () => {
  const { clock, source, store, say } = setup();
  await Promise.resolve();
  const text =
    "Could not read DevTools' network log (DevTools is closing): requests may be missing until it can be read again.";
  say({ text, at: T0 - 5000, topic: 'log-read' });
  expect(store.notices.value).toEqual([{ kind: 'error', text, at: T0 - 5000, topic: 'log-read' }]);
  source.send(bearerEntry('eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', '2026-11-22T09:59:00Z'));
  clock.advance(200);
  expect(store.report.value.entries).toBe(1);
});

it('keeps an earlier notice when a later one comes, and replaces a notice by a later one of its topic', async () => {
  const { store, say } = setup();
  await Promise.resolve();
  say({ text: 'The response of https://login.example/token did not come…', at: T0, topic: 'body-timeout' });
  say({ text: 'An answer the page never reads may be listed up to 2 s late…', at: T0 + 1, topic: 'late' });
  say({ text: 'Firefox may have dropped requests the page sent between 10:00:01 and 10:00:02 UTC…', at: T0 + 2 });
  say({
    text: 'The responses of 2 requests (the latest: https://login.example/token) did not come…',
    at: T0 + 3,
    topic: 'body-timeout',
  });
  expect(store.notices.value.map((n) => [n.topic, n.text.slice(0, 25)])).toEqual([
    ['body-timeout', 'The responses of 2 reques'],
    [undefined, 'Firefox may have dropped '],
    ['late', 'An answer the page never '],
  ]);
  store.dismiss(store.notices.value[1]!);
  expect(store.notices.value.map((n) => n.topic)).toEqual(['body-timeout', 'late']);
  store.clear();
  expect(store.notices.value).toEqual([]);
});
