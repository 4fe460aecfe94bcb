import { describe, expect, it } from 'vitest';
import { scanStorage } from '../../../src/core/find/storage.js';
import { AREA_WORDS, STORAGE_AREAS } from '../../../src/core/model/places.js';
import * as T from '../../fixtures/tokens.js';

describe('storage areas in words', () => {
  it('names every area the storage finder produces, on every surface', async () => {
    // A token in each place a snapshot reads: the areas of what the finder returns are the areas reports can name.
    const scan = await scanStorage({
      url: 'https://app.contoso.com/',
      time: '2023-11-14T22:25:00.000Z',
      local: [{ key: 'access_token', value: T.ENTRA_V1_DELEGATED }],
      session: [{ key: 'id_token', value: T.ENTRA_V2_ID }],
      cookie: `theme=dark; token=${T.ACS_CONTEXT}`,
    });
    const produced = new Set([...scan.items, ...scan.candidates].map((c) => c.where));
    expect([...produced].sort()).toEqual([...STORAGE_AREAS].sort());
    for (const area of produced) {
      const words = AREA_WORDS[area] as Partial<(typeof AREA_WORDS)[typeof area]> | undefined;
      expect(words?.api, area).toMatch(/\S/);
      expect(words?.chip, area).toMatch(/\S/);
      expect(words?.kept, area).toMatch(/\S/);
    }
  });

  it('has a wording for each area the type lists, and no other', () => {
    expect(Object.keys(AREA_WORDS).sort()).toEqual([...STORAGE_AREAS].sort());
  });
});
