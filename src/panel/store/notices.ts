/**
 * The panel's notices: what the capture could not do or may have missed, and what an import did. They stay until
 * dismissed or the capture is cleared, newest first, so that a later notice never hides an earlier one (a response
 * not listed, a Firefox read that may have dropped requests). A notice of the same topic as an earlier one (a count
 * that grew, a delay that changed) takes its place.
 */
import { type Signal, signal } from '@preact/signals';
import type { NoticeAction } from '../source.js';
import type { Clock } from './types.js';

export interface Notice {
  kind: 'info' | 'error';
  text: string;
  /** When it was said (epoch ms). */
  at: number;
  /** Notices of one topic replace each other; without one, the same text does. */
  topic?: string;
  action?: NoticeAction;
}

/** More than the sources ever say in one capture (each counts its repeats in one notice): a page cannot flood the panel. */
export const NOTICE_LIMIT = 20;

export interface NoticesState {
  /** Newest first. */
  notices: Signal<readonly Notice[]>;
  /** How many older notices were let go past NOTICE_LIMIT since the capture was last cleared. */
  noticesDropped: Signal<number>;
  /** `at` defaults to now. */
  notify(notice: Omit<Notice, 'at'> & { at?: number }): void;
  dismiss(notice: Notice): void;
  clearNotices(): void;
}

const same = (a: Notice, b: Notice) =>
  a.topic !== undefined ? b.topic === a.topic : b.topic === undefined && b.text === a.text;

export function createNoticesStore(clock: Clock): NoticesState {
  const notices = signal<readonly Notice[]>([]);
  const noticesDropped = signal(0);
  return {
    notices,
    noticesDropped,
    notify(n) {
      const notice: Notice = { ...n, at: n.at ?? clock.now() };
      const rest = notices.peek().filter((x) => !same(notice, x));
      const kept = [notice, ...rest];
      if (kept.length > NOTICE_LIMIT) noticesDropped.value += kept.length - NOTICE_LIMIT;
      notices.value = kept.slice(0, NOTICE_LIMIT);
    },
    dismiss: (notice) => void (notices.value = notices.peek().filter((x) => x !== notice)),
    clearNotices() {
      notices.value = [];
      noticesDropped.value = 0;
    },
  };
}
