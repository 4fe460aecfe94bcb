import { describe, expect, it } from 'vitest';
import { entryName } from '../../../src/core/model/entry.js';

describe('entryName', () => {
  it('counts from 1, as HAR viewers do', () => {
    expect(entryName(0)).toBe('entry #1');
    expect(entryName(41)).toBe('entry #42');
  });

  it('names the file when several are read together, since each file counts its own entries', () => {
    expect(entryName(1, 'b.har')).toBe('entry #2 of b.har');
    expect(entryName(1, '')).toBe('entry #2 of ');
  });
});
