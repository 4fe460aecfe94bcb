/** What the small stores share: a clock tests can move by hand. */

export interface Clock {
  now(): number;
  every(ms: number, fn: () => void): void;
  later(ms: number, fn: () => void): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  every: (ms, fn) => void setInterval(fn, ms),
  later: (ms, fn) => void setTimeout(fn, ms),
};
