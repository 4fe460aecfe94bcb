// The panel's notices: newest first, one per topic, kept until dismissed or cleared, and bounded with a count.
import { describe, expect, it } from 'vitest';
import { NOTICE_LIMIT, createNoticesStore } from '../../../src/panel/store/notices.js';
import { fakeClock } from '../fakes.js';

const T0 = Date.parse('2026-12-07T08:00:00Z');

describe('notices', () => {
  it('replaces a notice by one of its topic, and one without a topic only by the same text', () => {
    const store = createNoticesStore(fakeClock(T0));
    store.notify({ kind: 'error', text: 'late by 2 s', topic: 'late' });
    store.notify({ kind: 'error', text: 'window A' });
    store.notify({ kind: 'error', text: 'window B' });
    store.notify({ kind: 'error', text: 'late by 9 s', topic: 'late', at: T0 + 5 });
    store.notify({ kind: 'error', text: 'window A', at: T0 + 6 });
    expect(store.notices.value.map((n) => [n.text, n.at])).toEqual([
      ['window A', T0 + 6],
      ['late by 9 s', T0 + 5],
      ['window B', T0],
    ]);
  });

  it(`keeps the newest ${NOTICE_LIMIT} and counts the ones let go, until cleared`, () => {
    const store = createNoticesStore(fakeClock(T0));
    for (let i = 0; i < NOTICE_LIMIT + 3; i++) store.notify({ kind: 'info', text: `import ${i}` });
    expect(store.notices.value).toHaveLength(NOTICE_LIMIT);
    expect(store.notices.value[0]!.text).toBe(`import ${NOTICE_LIMIT + 2}`);
    expect(store.notices.value.at(-1)!.text).toBe('import 3');
    expect(store.noticesDropped.value).toBe(3);
    store.clearNotices();
    expect([store.notices.value, store.noticesDropped.value]).toEqual([[], 0]);
  });
});
