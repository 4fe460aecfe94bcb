// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { tokenId } from '../../src/core/analysis/analyzer.js';
import { App } from '../../src/panel/components/App.js';
import { StoreContext } from '../../src/panel/context.js';
import { createStore } from '../../src/panel/store/index.js';
import * as T from '../fixtures/tokens.js';
import { fakeClock, fakeSource } from './fakes.js';

const START = Date.parse('2023-11-14T22:30:00Z');
const PAGE = {
  url: 'https://app.contoso.com/',
  local: [
    {
      key: '@@auth0spajs@@::Xk2cf3Pu1ZTIXmpTvcq3bF9zGS3RbDtT::default::openid',
      value: `{"body":{"id_token":"${T.ENTRA_V2_ID}","refresh_token":"v1.MRrVXMSnTrhWI6Yh4oKcFwJ9ujcfN-1OBh4hfKI1cKqnbmuXwVNgd"},"expiresAt":1700086400}`,
    },
    { key: 'settings', value: '{"stripe":"sk_live_yRh6nRuyLeXE7At07YbTCyAE"}' },
  ],
  session: [],
  cookie: '',
  notes: [],
};

async function mount(readStorage?: () => Promise<unknown>) {
  const clock = fakeClock(START);
  const source = Object.assign(fakeSource(), readStorage ? { readStorage } : {});
  const store = createStore(source, clock);
  const view = render(
    <StoreContext.Provider value={store}>
      <App />
    </StoreContext.Provider>,
  );
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
    clock.advance(200);
  });
  return { store, view };
}

afterEach(cleanup);

describe('panel components: page storage', () => {
  it('lists storage tokens, names the place, key, path and library, and shows a storage secret as a banner with its place', async () => {
    const { view } = await mount(async () => ({ ...PAGE, time: new Date(START).toISOString() }));
    const row = view.container.querySelector<HTMLElement>(`.row[data-id="${tokenId(T.ENTRA_V2_ID)}"]`)!;
    expect(row.querySelector('.icons')!.getAttribute('title')).toBe(
      'warning: Kept where any script on the page can read it',
    );
    await act(async () => void fireEvent.click(row));
    const where = view.container.querySelector('.sightings td[data-where]')!;
    expect(where.getAttribute('data-where')).toBe('local-storage');
    expect(where.textContent).toBe(
      'localStorage @@auth0spajs@@::Xk2cf3Pu1ZTIXmpTvcq3bF9zGS3RbDtT::default::openid → body.id_token (Auth0 SPA SDK)',
    );
    expect(view.container.querySelector('.sightings td.url')!.textContent).toBe(
      'page storage of https://app.contoso.com/',
    );
    const banner = view.container.querySelector('.banner[data-code="secret-in-browser"]')!;
    expect(banner.querySelector('summary')!.textContent).toBe('Stripe live secret key kept in localStorage');
    expect(banner.textContent).not.toContain('yRh6nRuyLeXE7At07YbTCyAE');
  });

  it('offers Rescan storage only when there is a page to read', async () => {
    const none = await mount();
    expect([...none.view.container.querySelectorAll('button')].map((b) => b.textContent)).not.toContain(
      'Rescan storage',
    );
    cleanup();
    let reads = 0;
    const live = await mount(async () => ({ ...PAGE, time: new Date(START + reads++).toISOString() }));
    const button = [...live.view.container.querySelectorAll('button')].find((b) => b.textContent === 'Rescan storage')!;
    await act(async () => {
      fireEvent.click(button);
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(reads).toBe(2);
  });
});
