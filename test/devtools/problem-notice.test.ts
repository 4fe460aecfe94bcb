// What the live source could not do reaches the person as a notice in the panel, and capture goes on.
import { expect, it } from 'vitest';
import { createStore } from '../../src/panel/store/index.js';
import { bearerEntry, fakeClock, fakeSource } from '../panel/fakes.js';

it("shows the source's problem as an error notice and keeps listing requests", async () => {
  const clock = fakeClock(Date.parse('2026-11-22T10:00:00Z'));
  const problems: Array<(text: string) => void> = [];
  const source = { ...fakeSource(), onProblem: (l: (text: string) => void) => void problems.push(l) };
  const store = createStore(source, clock);
  await Promise.resolve();
  problems.forEach((l) =>
    l(
      "Could not read DevTools' network log (DevTools is closing): requests may be missing until it can be read again.",
    ),
  );
  expect(store.notice.value).toEqual({
    kind: 'error',
    text: "Could not read DevTools' network log (DevTools is closing): requests may be missing until it can be read again.",
  });
  source.send(bearerEntry('eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', '2026-11-22T09:59:00Z'));
  clock.advance(200);
  expect(store.report.value.entries).toBe(1);
});
