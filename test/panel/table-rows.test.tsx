// @vitest-environment happy-dom
// The token table's rows and columns as a user meets them: a report-level error on its token's row, the column
// chooser on a header's right-click, and what an empty import says.
import { act, cleanup, fireEvent, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { tokenId } from '../../src/core/analysis/analyzer.js';
import { matches, parseFilter } from '../../src/panel/filter.js';
import { mountPanel } from './mount.js';
import { bannerTitle } from '../../src/panel/components/Banners.js';

const START = Date.parse('2026-12-07T05:00:00Z');
// The demo's /secret.html: a made-up Stripe secret key sent as a bearer token.
const STRIPE = 'sk_live_yRh6nRuyLeXE7At07YbTCyAE';
const secretPage = [
  {
    startedDateTime: '2026-12-07T04:59:00Z',
    time: 5,
    request: {
      method: 'POST',
      url: 'http://127.0.0.1:8080/api/ping?charge=1',
      headers: [{ name: 'Authorization', value: `Bearer ${STRIPE}` }],
    },
    response: { status: 200, headers: [] },
  },
];

afterEach(cleanup);

const headers = () => [...document.querySelectorAll<HTMLElement>('.th')].map((h) => h.dataset.column);

describe('token table', () => {
  it('a secret key sent as a bearer token: its row is an error with a "secret" chip, and is:error finds it', async () => {
    const { view, store } = await mountPanel(secretPage, START);
    const row = view.container.querySelector<HTMLElement>(`.row[data-id="${tokenId(STRIPE)}"]`)!;
    expect(row.dataset.severity).toBe('error');
    expect(row.classList.contains('tint-error')).toBe(true);
    expect([...row.querySelectorAll('.chip')].map((c) => c.textContent)).toEqual(['secret']);
    const t = store.report.value.tokens[0]!;
    expect(matches(t, parseFilter('is:error'), START)).toBe(true);
    expect(matches(t, parseFilter('is:clean'), START)).toBe(false);
    fireEvent.click(row);
    expect(view.container.querySelector('.detail .finding[data-code="secret-in-browser"]')).not.toBeNull();
    expect(view.container.querySelector('.detail .all-clear')).toBeNull();
  });

  it('banners say which secret and where: two secrets on one page do not read alike', async () => {
    const google = {
      ...secretPage[0]!,
      request: {
        method: 'GET',
        url: 'http://127.0.0.1:8080/api/ping?key=AIza17ZvBiv7E2tsfPsRn5RUaAb1MXtGeg0CPuo&callback=initMap',
        headers: [],
      },
    };
    const { view } = await mountPanel([...secretPage, google], START);
    const titles = [...view.container.querySelectorAll('.banner[data-code="secret-in-browser"] strong')].map(
      (s) => s.textContent,
    );
    expect(titles).toEqual(['Stripe live secret key in the browser', 'Google API key in the browser']);
  });

  it('a banner title names the place a secret was kept, and the error a server answered', () => {
    const base = { code: 'secret-in-browser', severity: 'error', message: '' } as const;
    expect(bannerTitle({ ...base, entry: -1, place: 'sessionStorage', provider: 'GitHub personal access token' })).toBe(
      'GitHub personal access token kept in sessionStorage',
    );
    expect(
      bannerTitle({
        code: 'idp-error',
        severity: 'warning',
        message: '',
        entry: 3,
        serverError: { key: 'AADSTS700084', source: 'token-response', text: '' },
      }),
    ).toBe('Microsoft Entra or SharePoint answered with an error code: AADSTS700084');
  });

  it('names the validity column for what it is', async () => {
    await mountPanel(secretPage, START);
    expect(document.querySelector('.th[data-column="status"]')!.textContent).toContain('Validity');
  });

  it('offers a column chooser on a header’s right-click; the choice is kept as a setting', async () => {
    const { store } = await mountPanel(secretPage, START);
    expect(headers()).toContain('audience');
    fireEvent.contextMenu(document.querySelector('.th[data-column="subject"]')!);
    const items = screen.getAllByRole('menuitemcheckbox');
    expect(items.map((i) => i.textContent?.replace('✓', ''))).toEqual([
      'Subject',
      'Audience',
      'Validity',
      'Expires at',
      'Requests',
      'Last seen',
      'Findings',
    ]);
    const audience = screen.getByRole('menuitemcheckbox', { name: /Audience/ });
    expect(audience.getAttribute('aria-checked')).toBe('true');
    fireEvent.click(audience);
    expect(headers()).not.toContain('audience');
    expect(store.settings.value.hidden).toEqual(['audience']);
    fireEvent.contextMenu(document.querySelector('.thead')!);
    expect(screen.getByRole('menuitemcheckbox', { name: /Audience/ }).getAttribute('aria-checked')).toBe('false');
    fireEvent.click(screen.getByRole('menuitem', { name: 'Reset columns' }));
    expect(headers()).toContain('audience');
  });

  it('an imported file with no tokens says so, not "Use the page"', async () => {
    const { view, clock, store } = await mountPanel([], START);
    const file = new File(
      [JSON.stringify({ log: { entries: secretPage.map((e) => ({ ...e, request: { ...e.request, headers: [] } })) } })],
      'empty.har',
      {
        type: 'application/json',
      },
    );
    await act(async () => {
      fireEvent.drop(view.container.querySelector('.app')!, { dataTransfer: { files: [file] } });
      for (let i = 0; i < 50 && !store.session.value; i++) {
        await new Promise((r) => setTimeout(r, 0));
        clock.advance(1);
      }
    });
    const empty = view.container.querySelector('.list.empty')!.textContent!;
    expect(empty).toBe('No tokens in empty.har: 1 request read, none carrying a token.');
  });
});
