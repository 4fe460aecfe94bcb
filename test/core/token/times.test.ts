import { describe, expect, it } from 'vitest';
import {
  describeStatus,
  formatDuration,
  readTimes,
  statusAt,
  timeValue,
  validityAt,
} from '../../../src/core/token/times.js';

describe('times', () => {
  it('reads numbers and numeric strings, and says which claim is unreadable', () => {
    expect(readTimes({ iat: 1377549246, nbf: '1377549246', exp: 'soon' })).toEqual({
      times: { iat: timeValue(1377549246), nbf: timeValue(1377549246), malformed: true },
      problems: ['exp is not a number ("soon")'],
    });
  });

  it('keeps absurd values (exp in milliseconds, 1e300) without a date instead of throwing', () => {
    expect(timeValue(1700000000000)).toEqual({ epoch: 1700000000000, utc: '+055840-11-08T22:13:20.000Z' });
    expect(timeValue(1e300)).toEqual({ epoch: 1e300, utc: null });
    expect(readTimes({ exp: 1700000000000 }).problems).toEqual([
      'exp looks like milliseconds, not seconds (1700000000000)',
    ]);
    expect(readTimes({ exp: 1700000000 }).problems).toEqual([]);
  });

  it('judges validity at a given moment, exp being exclusive', () => {
    const times = readTimes({ nbf: 100, exp: 200 }).times;
    expect([
      validityAt(times, 99_000),
      validityAt(times, 100_000),
      validityAt(times, 199_999),
      validityAt(times, 200_000),
    ]).toEqual(['not-yet-valid', 'valid', 'valid', 'expired']);
    expect(statusAt(readTimes({ sub: 'x' }).times, true, 0)).toBe('no-expiry');
    expect(statusAt({}, false, 0)).toBe('unknown');
  });

  it('writes what a person reads: "expires in 41 min", "expired 3 h ago"', () => {
    const times = readTimes({ nbf: 0, exp: 3600 }).times;
    expect(describeStatus(times, 'valid', (3600 - 41 * 60) * 1000)).toBe('expires in 41 min');
    expect(describeStatus(times, 'expired', (3600 + 3 * 3600) * 1000)).toBe('expired 3 h ago');
    expect([formatDuration(59_000), formatDuration(3_900_000), formatDuration(3 * 86_400_000)]).toEqual([
      '59 s',
      '1 h 5 min',
      '3 d',
    ]);
    // Past a year, years: "expired 4214 d ago" is read as "11 y".
    const days = (d: number) => formatDuration(d * 86_400_000);
    expect([days(364), days(365), days(500), days(730), days(4214)]).toEqual([
      '364 d',
      '1 y',
      '1 y 4 mo',
      '2 y',
      '11 y',
    ]);
  });

  it('says "unknown (malformed times)" for millisecond or unreadable times, never a countdown or "never expires"', () => {
    const ms = readTimes({ nbf: 1700000000000, exp: 1700003600000 }).times;
    expect(ms.malformed).toBe(true);
    expect(statusAt(ms, true, 1700000000000)).toBe('unknown');
    expect(validityAt(ms, 1700000000000)).toBe('unknown');
    expect(describeStatus(ms, statusAt(ms, true, 1700000000000), 1700000000000)).toBe('unknown (malformed times)');
    const words = readTimes({ exp: 'tomorrow' }).times;
    expect(statusAt(words, true, 0)).toBe('unknown');
    expect(describeStatus(words, 'unknown', 0)).toBe('unknown (malformed times)');
    expect(readTimes({ nbf: 1700000000, exp: 1700003600 }).times.malformed).toBeUndefined();
    expect(describeStatus({}, 'unknown', 0)).toBe('expiry unknown');
  });
});
