// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/preact';
import { SignJWT, exportSPKI, generateKeyPair } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { tokenId } from '../../src/core/analysis/analyzer.js';
import { localTime } from '../../src/panel/format.js';
import * as T from '../fixtures/tokens.js';
import har from '../fixtures/sharepoint-addin.har?raw';
import { bearerEntry } from './fakes.js';
import { mountPanel } from './mount.js';

const START = Date.parse('2023-11-14T22:30:00Z');
const entries = (JSON.parse(har) as { log: { entries: unknown[] } }).log.entries;

async function mount(backfill: unknown[]) {
  const mounted = await mountPanel(backfill, START);
  return {
    ...mounted,
    row: (raw: string) => mounted.view.container.querySelector<HTMLElement>(`.row[data-id="${tokenId(raw)}"]`)!,
  };
}

const dataRows = () => screen.getAllByRole('row').filter((r) => r.classList.contains('row'));

/** Lets the clipboard be read back: what each copy put there, in order. */
function clipboard(): string[] {
  const copied: string[] = [];
  Object.defineProperty(navigator, 'clipboard', {
    configurable: true,
    value: { writeText: async (text: string) => void copied.push(text) },
  });
  return copied;
}

afterEach(cleanup);

/** The signature check runs asynchronously (WebCrypto): wait for its verdict to appear. */
async function waitForStatus(form: HTMLElement): Promise<HTMLElement> {
  for (let i = 0; i < 50; i++) {
    const status = form.querySelector<HTMLElement>('[role=status]');
    if (status) return status;
    await act(async () => void (await new Promise((r) => setTimeout(r, 10))));
  }
  throw new Error('no verdict from the signature check');
}

describe('panel components', () => {
  it('lists one row per token with its kind badge, audience, status and finding count', async () => {
    const { row, view } = await mount(entries);
    expect(dataRows()).toHaveLength(7);
    const userAddIn = row(T.ACS_USER_ADDIN);
    expect(userAddIn.querySelector('.kind')!.textContent).toBe('user+add-in');
    expect(userAddIn.querySelector('.aud')!.textContent).toBe('company.sharepoint.com');
    expect(userAddIn.querySelector('.status')!.textContent).toBe('expired 10 y ago');
    expect(userAddIn.querySelector('.cell-subject')!.textContent).toBe(
      '2303000085ff9abc via 964de6ad-6d28-4dc7-8e05-3acd8006e5c9',
    );
    expect(userAddIn.querySelector('.icons')!.getAttribute('title')).toContain('error: Stored in a cookie');
    expect(row(T.ENTRA_V1_DELEGATED).querySelector('.status')!.textContent).toBe('expires in 58 min');
    expect(view.container.querySelector('.count')!.textContent).toBe('7 tokens · 10 requests');
  });

  it('shows capture-wide findings as banners', async () => {
    const { view } = await mount(entries);
    const codes = [...view.container.querySelectorAll('.banner[data-code]')].map((b) => b.getAttribute('data-code'));
    expect(codes).toEqual(['client-secret-in-browser', 'idp-error', 'idp-error', 'pkce-missing']);
    // Named as every message names an entry, so the banner and its message agree.
    const summaries = [...view.container.querySelectorAll('.banner[data-code] summary')].map((s) => s.textContent);
    expect(summaries).toEqual([
      'A client secret was sent from the browser (entry #6)',
      'Microsoft Entra or SharePoint answered with an error code: x-ms-diagnostics 3000006 (entry #3)',
      'Microsoft Entra or SharePoint answered with an error code: AADSTS65004 (entry #9)',
      'Authorization code flow without PKCE (entry #6)',
    ]);
  });

  it('shows notices newest first with their time, the earlier ones folded, each dismissed alone', async () => {
    const { view, store } = await mount(entries);
    await act(() => {
      store.notify({ kind: 'error', text: 'Firefox may have dropped requests…', at: START - 60_000 });
      store.notify({ kind: 'error', text: 'The response of /token did not come…', topic: 'body-timeout' });
      store.notify({ kind: 'info', text: 'Imported 3 requests from a.har.', topic: 'import:a.har' });
    });
    const shown = () =>
      [...view.container.querySelectorAll('.banners > [data-notice]')].map((n) => [
        n.querySelector('time')!.textContent,
        n.querySelector('span')!.textContent,
      ]);
    const clock = (ms: number) => new Date(ms).toTimeString().slice(0, 8);
    expect(shown()).toEqual([
      [clock(START), 'Imported 3 requests from a.har.'],
      [clock(START), 'The response of /token did not come…'],
    ]);
    const earlier = view.container.querySelector('.notices-earlier')!;
    expect(earlier.querySelector('summary')!.textContent).toBe('1 earlier notice');
    expect(earlier.querySelector('[data-notice] span')!.textContent).toBe('Firefox may have dropped requests…');
    expect(earlier.querySelector('time')!.textContent).toBe(clock(START - 60_000));
    fireEvent.click(
      within(view.container.querySelector<HTMLElement>('.banners > [data-notice]')!).getByLabelText('Dismiss'),
    );
    expect(shown().map(([, text]) => text)).toEqual([
      'The response of /token did not come…',
      'Firefox may have dropped requests…',
    ]);
    expect(view.container.querySelector('.notices-earlier')).toBeNull();
    // A notice that offers an action keeps its button in sight however many come after it.
    await act(() => {
      store.notify({
        kind: 'error',
        text: 'An answer the page never reads may be listed up to 9 s late…',
        topic: 'late',
        action: { id: 'watch-headers', label: 'Let Bearerscope see requests to https://app.contoso.com' },
      });
      store.notify({ kind: 'info', text: 'Imported 1 request from b.har.', topic: 'import:b.har' });
      store.notify({ kind: 'info', text: 'Imported 2 requests from c.har.', topic: 'import:c.har' });
    });
    expect(shown().map(([, text]) => text!.slice(0, 22))).toEqual([
      'Imported 2 requests fr',
      'Imported 1 request fro',
      'An answer the page nev',
    ]);
    expect(view.container.querySelector('.banners > [data-notice] [data-action="watch-headers"]')).not.toBeNull();
  });

  it('shows the selected token’s findings, dates, principals and claims with explanations', async () => {
    const { row, view } = await mount(entries);
    fireEvent.click(row(T.ACS_USER_ADDIN));
    const detail = within(view.container.querySelector<HTMLElement>('.detail')!);
    expect(view.container.querySelector('.detail')!.getAttribute('data-id')).toBe(tokenId(T.ACS_USER_ADDIN));
    expect([...view.container.querySelectorAll('.finding')].map((f) => f.getAttribute('data-code'))).toEqual([
      'expired-when-sent',
      'cookie-leak',
      'rejected',
      'expired',
      'idp-error',
    ]);
    expect(view.container.querySelector('.times tr[data-claim="exp"] .utc')!.textContent).toBe(
      '2013-08-27T08:34:06.000Z',
    );
    expect(view.container.querySelector('.times tr[data-claim="exp"] .rel')!.textContent).toBe('10 y ago');
    expect(
      detail.getByText('Audience: who the token is for. A server must refuse a token whose aud is not itself.'),
    ).toBeTruthy();
    const aud = view.container.querySelector('.principals tr[data-claim="aud"]')!.textContent;
    expect(aud).toContain('00000003-0000-0ff1-ce00-000000000000 (SharePoint)');
    expect(aud).toContain('company.sharepoint.com');
    expect(view.container.querySelectorAll('.sightings tbody tr')).toHaveLength(2);
  });

  it('surfaces a context token’s CacheKey and redacts its refresh token', async () => {
    const { row, view } = await mount(entries);
    fireEvent.click(row(T.ACS_CONTEXT));
    expect(view.container.querySelector('[data-field="CacheKey"]')!.textContent).toBe(
      'KQAIUpDUD0sm5Tr83U+jZGYVuPPCPu8BGwoWiAACqNw=',
    );
    const claims = view.container.querySelector('.claims[aria-label="Claims"]')!.textContent;
    expect(claims).toMatch(/refreshtoken\[redacted: \d+ characters\]/);
    expect(claims).not.toContain('IAAAAC1Lv5w0');
  });

  it('checks a context token’s signature with the client secret pasted, and refuses a wrong one', async () => {
    const { row, view } = await mount(entries);
    fireEvent.click(row(T.ACS_CONTEXT));
    const form = view.container.querySelector<HTMLFormElement>('.sigcheck')!;
    const key = form.querySelector('textarea')!;
    const status = () => waitForStatus(form);
    fireEvent.input(key, { target: { value: 'not-the-secret' } });
    fireEvent.submit(form);
    expect((await status()).getAttribute('data-valid')).toBe('false');
    fireEvent.input(key, { target: { value: T.CONTEXT_SECRET } });
    expect(form.querySelector('[role=status]')).toBeNull(); // a new key clears the old verdict
    fireEvent.submit(form);
    const verdict = await status();
    expect(verdict.getAttribute('data-valid')).toBe('true');
    expect(verdict.textContent).toMatch(/^✓ Valid/);
  });

  it('refuses a token forged HS256 with the issuer’s public key as secret, when that public key is pasted', async () => {
    const { publicKey } = await generateKeyPair('RS256', { extractable: true });
    const pem = await exportSPKI(publicKey);
    const forged = await new SignJWT({
      aud: 'https://graph.microsoft.com',
      iss: 'https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/',
      scp: 'User.Read',
      exp: 1700004499,
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(new TextEncoder().encode(pem.trim()));
    const { row, view } = await mount([bearerEntry(forged, '2023-11-14T22:20:00Z')]);
    fireEvent.click(row(forged));
    const form = view.container.querySelector<HTMLFormElement>('.sigcheck')!;
    fireEvent.input(form.querySelector('textarea')!, { target: { value: pem } });
    fireEvent.submit(form);
    const verdict = await waitForStatus(form);
    expect(verdict.getAttribute('data-valid')).toBe('false');
    expect(verdict.textContent).toContain('a public key is never an HMAC secret');
  });

  it('copies the decoded JSON without the signature, and the raw token only from its own button', async () => {
    const copied = clipboard();
    const { row } = await mount(entries);
    fireEvent.click(row(T.ACS_USER_ADDIN));
    const signature = T.ACS_USER_ADDIN.split('.')[2]!;
    await act(async () => void fireEvent.click(screen.getByText('Copy decoded JSON')));
    expect(copied).toHaveLength(1);
    const decoded = JSON.parse(copied[0]!);
    expect(decoded.claims.aud).toMatch(/^00000003-0000-0ff1-ce00-000000000000\/company\.sharepoint\.com@/);
    expect(decoded.header.alg).toBe('RS256');
    expect(copied[0]).not.toContain(signature);
    await act(async () => void fireEvent.click(screen.getByText('Copy raw token')));
    expect(copied[1]).toBe(T.ACS_USER_ADDIN);
  });

  it('shows an inner actor token’s claims redacted like the rest, on screen and in the copied JSON', async () => {
    const copied: string[] = [];
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: async (text: string) => void copied.push(text) },
    });
    const b64url = (json: string) => btoa(json).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    const inner = `${b64url('{"alg":"RS256","typ":"JWT"}')}.${b64url('{"aud":"00000003-0000-0ff1-ce00-000000000000/sp.contoso.local@040f2415-e6e3-4480-96ce-26ef73275f73","iss":"a044e184-7de0-4f4b-8d3a-3a1e3e4ce6b4@040f2415-e6e3-4480-96ce-26ef73275f73","nameid":"a044e184-7de0-4f4b-8d3a-3a1e3e4ce6b4@040f2415-e6e3-4480-96ce-26ef73275f73","refresh_token":"INNER-REFRESH-SECRET-0123456789","exp":1700003600}')}.c2lnbmF0dXJl`;
    const outer = `${b64url('{"typ":"JWT","alg":"none"}')}.${b64url(`{"aud":"00000003-0000-0ff1-ce00-000000000000/sp.contoso.local@040f2415-e6e3-4480-96ce-26ef73275f73","iss":"a044e184-7de0-4f4b-8d3a-3a1e3e4ce6b4@040f2415-e6e3-4480-96ce-26ef73275f73","nameid":"s-1-5-21-2127521184","nii":"urn:office:idp:activedirectory","actortoken":"${inner}","exp":1700003600}`)}.`;
    const { row, view } = await mount([
      bearerEntry(outer, '2023-11-14T22:20:00Z', 'https://sp.contoso.local/_api/web'),
    ]);
    fireEvent.click(row(outer));
    const innerTable = view.container.querySelector('.claims[aria-label="Inner token claims"]')!.textContent;
    expect(innerTable).toContain('refresh_token[redacted: 31 characters]');
    expect(view.container.querySelector('.claims[aria-label="Claims"]')!.textContent).toMatch(
      /actortoken\[redacted: \d+ characters\]/,
    );
    expect(view.container.textContent).not.toContain('INNER-REFRESH-SECRET');
    await act(async () => void fireEvent.click(screen.getByText('Copy decoded JSON')));
    expect(JSON.parse(copied[0]!).inner.claims.refresh_token).toBe('[redacted: 31 characters]');
    expect(copied[0]).not.toContain('INNER-REFRESH-SECRET');
  });

  it('renders hostile claims as text: no element is made from them', async () => {
    const { row, view } = await mount([bearerEntry(T.HOSTILE, '2023-11-14T22:20:00Z', 'https://evil.example/')]);
    fireEvent.click(row(T.HOSTILE));
    const claims = view.container.querySelector('.claims[aria-label="Claims"]')!;
    expect(claims.textContent).toContain('<script>window.__pwned=1</script>');
    expect(claims.textContent).toContain('<b onmouseover=alert(3)>claim</b>');
    expect(claims.textContent).toContain('abc⟨U+202E⟩gnp.exe');
    expect(claims.textContent).toContain('a⟨U+200B⟩b');
    expect(claims.querySelectorAll('script, img, b')).toHaveLength(0);
    expect(view.container.querySelector('.claims[aria-label="Header"]')!.textContent).toContain(
      '<img src=x onerror=alert(1)>',
    );
    expect(view.container.querySelectorAll('img')).toHaveLength(0);
    // "__proto__" and "constructor" are shown as the claims they are, not swallowed as an object's prototype.
    const rows = [...claims.querySelectorAll('tr')].map((tr) => [
      tr.querySelector('th')!.textContent,
      tr.querySelector('.claim-value')!.textContent,
    ]);
    expect(rows).toContainEqual(['__proto__', '{1 key}polluted: true']);
    expect(rows).toContainEqual(['constructor', '{1 key}prototype: {1 key}polluted: true']);
  });

  it('updates a row’s status as its token expires, while the panel is open', async () => {
    const { clock, row } = await mount([bearerEntry(T.ENTRA_V1_DELEGATED, '2023-11-14T22:20:00Z')]);
    expect(row(T.ENTRA_V1_DELEGATED).querySelector('.status')!.textContent).toBe('expires in 58 min');
    await act(() => clock.advance(58 * 60 * 1000 + 20 * 1000));
    expect(row(T.ENTRA_V1_DELEGATED).querySelector('.status')!.textContent).toBe('expired 1 s ago');
  });

  it('moves the selection with the keyboard', async () => {
    const { view, store } = await mount(entries);
    const list = screen.getByRole('grid');
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    const first = store.tokens.value[0]!.id;
    expect(list.getAttribute('aria-activedescendant')).toBe(`row-${first}`);
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    expect(store.selectedId.value).toBe(store.tokens.value[1]!.id);
    fireEvent.keyDown(list, { key: 'End' });
    expect(store.selectedId.value).toBe(store.tokens.value[6]!.id);
    expect(view.container.querySelector('.row.selected')!.getAttribute('aria-selected')).toBe('true');
  });

  it('filters the list from the filter box', async () => {
    await mount(entries);
    fireEvent.input(screen.getByRole('combobox', { name: 'Filter tokens' }), { target: { value: 'url-leak' } });
    expect(dataRows()).toHaveLength(1);
    fireEvent.input(screen.getByRole('combobox', { name: 'Filter tokens' }), {
      target: { value: 'nothing matches this' },
    });
    expect(screen.getByText('No token matches the filter.')).toBeTruthy();
  });

  it('imports a HAR dropped on the panel', async () => {
    const { view, clock, store } = await mount([]);
    const file = new File([har], 'dropped.har', { type: 'application/json' });
    await act(async () => {
      fireEvent.drop(view.container.querySelector('.app')!, { dataTransfer: { files: [file] } });
      for (let i = 0; i < 10; i++) {
        await new Promise((r) => setTimeout(r, 0));
        clock.advance(1);
      }
    });
    expect(store.notices.value[0]?.text).toBe('Imported 10 requests from dropped.har.');
    expect(dataRows()).toHaveLength(7);
  });

  it('marks every row with a problem without hovering: tint by the worst finding and short chips', async () => {
    const { row } = await mount(entries);
    const chips = (raw: string) => [...row(raw).querySelectorAll('.chip')].map((c) => c.textContent);
    expect(row(T.ACS_USER_ADDIN).dataset.severity).toBe('error');
    expect(row(T.ACS_USER_ADDIN).classList.contains('tint-error')).toBe(true);
    // The list is 900 px wide here: the worst chips first, the rest counted, every title in the tooltip.
    expect(chips(T.ACS_USER_ADDIN)).toEqual(['expired when sent', 'cookie', '+3']);
    expect(row(T.ACS_USER_ADDIN).querySelector('.chip-more')!.className).toContain('chip-error');
    expect(row(T.ACS_USER_ADDIN).querySelector('.icons')!.getAttribute('aria-label')).toBe(
      'error: Already expired when it was sent; error: Stored in a cookie; error: A request carrying it was refused (401/403); warning: Expired now; warning: Microsoft Entra or SharePoint answered with an error code',
    );
    expect(chips(T.MSA_OPAQUE)).toEqual(['URL']);
    expect(row(T.ENTRA_V1_DELEGATED).dataset.severity).toBe('none');
    expect(row(T.ENTRA_V1_DELEGATED).querySelector('.icons')!.textContent).toBe('✓ none');
  });

  it('shows "expires soon" in the last five minutes, and "unknown (malformed times)" for millisecond times', async () => {
    const b64url = (json: string) => btoa(json).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    const ms = `${b64url('{"alg":"RS256","typ":"JWT"}')}.${b64url('{"aud":"https://graph.microsoft.com","iss":"https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/","iat":1700000000000,"nbf":1700000000000,"exp":1700003600000,"upn":"alex@contoso.example"}')}.c2ln`;
    const { row, clock, view } = await mount([
      bearerEntry(T.ENTRA_V1_DELEGATED, '2023-11-14T22:20:00Z'),
      bearerEntry(ms, '2023-11-14T22:21:00Z'),
    ]);
    const status = row(ms).querySelector('.status')!;
    expect(status.textContent).toBe('unknown (malformed times)');
    expect(row(ms).querySelector('.cell-subject')!.textContent).toBe('alex@contoso.example');
    fireEvent.click(row(ms));
    expect(view.container.querySelector('.times tr[data-claim="exp"] .local')!.textContent).toBe(
      `not seconds (as milliseconds: ${localTime(1700003600000)})`,
    );
    expect(view.container.querySelector('.times tr[data-claim="exp"] .rel')!.textContent).toBe('');
    // The delegated token expires at 23:28:19Z: 58 min 19 s after START.
    await act(() => clock.advance(54 * 60 * 1000));
    expect(row(T.ENTRA_V1_DELEGATED).querySelector('.status')!.textContent).toBe('expires in 4 min (soon)');
    expect(row(T.ENTRA_V1_DELEGATED).querySelector('.status')!.getAttribute('data-status')).toBe('soon');
  });

  it('sorts by a column header with the mouse and the keyboard, and says so to assistive tech', async () => {
    const { view } = await mount(entries);
    const header = (name: string) => view.container.querySelector<HTMLElement>(`.th[data-column="${name}"]`)!;
    const kinds = () =>
      dataRows()
        .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
        .map((r) => r.dataset.kind);
    expect(header('lastSeen').getAttribute('aria-sort')).toBe('descending');
    fireEvent.click(within(header('kind')).getByRole('button'));
    expect(header('kind').getAttribute('aria-sort')).toBe('ascending');
    expect(kinds()).toEqual(['add-in-only', 'context', 'delegated', 'id', 'opaque', 'refresh', 'user+add-in']);
    fireEvent.click(within(header('kind')).getByRole('button'));
    expect(kinds()).toEqual(['user+add-in', 'refresh', 'opaque', 'id', 'delegated', 'context', 'add-in-only']);
    fireEvent.click(within(header('findings')).getByRole('button'));
    expect(kinds().slice(0, 2)).toEqual(['user+add-in', 'context']);
    const resizer = within(header('audience')).getByRole('separator', { name: 'Resize the Audience column' });
    fireEvent.keyDown(resizer, { key: 'ArrowRight' });
    expect(resizer.getAttribute('aria-valuenow')).toBe('146');
  });

  it('opens a token’s details at the top with its findings pinned, and a finding leads to its request', async () => {
    const { row, view } = await mount(entries);
    fireEvent.click(row(T.ACS_CONTEXT));
    const pane = view.container.querySelector<HTMLElement>('.detail')!;
    pane.scrollTop = 900;
    fireEvent.click(row(T.ACS_USER_ADDIN));
    expect(pane.scrollTop).toBe(0);
    const pinned = pane.querySelector('[data-pinned="findings"]')!;
    expect([...pinned.querySelectorAll('.chip')].map((c) => c.textContent)).toEqual([
      '✖ expired when sent',
      '✖ cookie',
      '✖ 401',
      '▲ expired',
      '▲ IdP error',
    ]);
    const cookie = pane.querySelector<HTMLElement>('.finding[data-code="cookie-leak"]')!;
    fireEvent.click(within(cookie).getByRole('button', { name: 'Show request #5' }));
    expect(document.activeElement).toBe(pane.querySelector('.sightings tr[data-entry="4"]'));
  });

  it('reads claims as jwt.io does: coloured parts masked until revealed, a tree for JSON in a string, dates beside epochs', async () => {
    const copied = clipboard();
    const { row, view } = await mount(entries);
    fireEvent.click(row(T.ACS_CONTEXT));
    const encoded = view.container.querySelector<HTMLElement>('.encoded')!;
    expect(encoded.textContent).not.toContain(T.ACS_CONTEXT.split('.')[2]!);
    expect(encoded.querySelector('.part-signature')!.textContent).toMatch(/^.{6}…\(\d+ chars\)$/);
    fireEvent.click(screen.getByRole('button', { name: 'Reveal' }));
    expect([...encoded.querySelectorAll('.part')].map((p) => p.textContent).join('.')).toBe(T.ACS_CONTEXT);
    const appctx = view.container.querySelector('.claims[aria-label="Claims"] tr[data-claim="appctx"]')!;
    expect(appctx.querySelector('summary')!.textContent).toBe('JSON in a string');
    expect([...appctx.querySelectorAll('.tree-key')].map((k) => k.textContent)).toContain('CacheKey');
    const exp = view.container.querySelector('.claims[aria-label="Claims"] tr[data-claim="exp"]')!;
    expect(exp.querySelector('.claim-date')!.textContent).toBe(
      localTime(Number(exp.querySelector('.claim-value')!.textContent) * 1000),
    );
    await act(async () => void fireEvent.click(within(exp as HTMLElement).getByRole('button', { name: 'Copy exp' })));
    expect(copied).toEqual([exp.querySelector('.claim-value')!.textContent]);
  });

  it('copies a request as cURL with the token redacted unless raw values are on, and masks tokens in URLs', async () => {
    const copied = clipboard();
    const { row, view, store } = await mount(entries);
    fireEvent.click(row(T.ACS_USER_ADDIN));
    await act(async () => void fireEvent.click(screen.getByText('Copy as cURL')));
    expect(copied[0]).toBe(`curl 'https://addin.contoso.example/api/orders' -H 'Cookie: spAccessToken=[redacted]'`);
    store.includeRaw.value = true;
    await act(
      async () =>
        void fireEvent.contextMenu(view.container.querySelector('.claims[aria-label="Claims"] tr[data-claim="aud"]')!),
    );
    await act(
      async () => void fireEvent.click(screen.getByRole('menuitem', { name: 'Copy as cURL (with the token)' })),
    );
    expect(copied[1]).toBe(
      `curl 'https://addin.contoso.example/api/orders' -H 'Cookie: spAccessToken=${T.ACS_USER_ADDIN}'`,
    );
    fireEvent.click(row(T.MSA_OPAQUE));
    const url = view.container.querySelector('.sightings td.url')!.textContent!;
    expect(url).toMatch(
      /^GET https:\/\/addin\.contoso\.example\/callback\?access_token=\[redacted: \d+ characters\]&token_type=bearer/,
    );
    expect(url).not.toContain(encodeURIComponent(T.MSA_OPAQUE));
    expect(url).not.toContain(T.MSA_OPAQUE.slice(10, 40));
  });

  it('remembers a pasted key per issuer for the panel’s life, and says "client secret" for context tokens only', async () => {
    const { row, view } = await mount(entries);
    fireEvent.click(row(T.ACS_CONTEXT));
    expect(view.container.querySelector('.sigcheck label')!.textContent).toMatch(/^Client secret \(a context token/);
    fireEvent.input(view.container.querySelector('.sigcheck textarea')!, { target: { value: T.CONTEXT_SECRET } });
    fireEvent.click(row(T.ACS_USER_ADDIN));
    expect(view.container.querySelector<HTMLTextAreaElement>('.sigcheck textarea')!.value).toBe('');
    fireEvent.click(row(T.ACS_CONTEXT));
    expect(view.container.querySelector<HTMLTextAreaElement>('.sigcheck textarea')!.value).toBe(T.CONTEXT_SECRET);
    const b64url = (json: string) => btoa(json).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    const hs = `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url('{"sub":"svc","exp":1700004499}')}.c2ln`;
    const other = await mount([bearerEntry(hs, '2023-11-14T22:20:00Z', 'https://api.example/')]);
    fireEvent.click(other.row(hs));
    expect(other.view.container.querySelector('.sigcheck label')!.textContent).toBe('Shared secret (HMAC)');
  });

  it('shows what Pause skipped, gets to the filter with Ctrl+F, toggles chips, keeps the file input out of the Tab order', async () => {
    const { source, view } = await mount(entries);
    fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    source.send(bearerEntry(T.ENTRA_V2_APP_ONLY, '2023-11-14T22:29:00Z'));
    source.send(bearerEntry(T.ENTRA_V2_APP_ONLY, '2023-11-14T22:29:01Z'));
    await act(async () => undefined);
    expect(view.container.querySelector('.skipped')!.textContent).toBe('paused · 2 requests skipped');
    fireEvent.keyDown(document.body, { key: 'f', ctrlKey: true });
    expect(document.activeElement).toBe(screen.getByRole('combobox', { name: 'Filter tokens' }));
    const errors = view.container.querySelector<HTMLElement>('.fchip[data-term="is:error"]')!;
    expect(errors.textContent).toBe('Errors 4');
    fireEvent.click(errors);
    expect(errors.getAttribute('aria-pressed')).toBe('true');
    expect(dataRows().map((r) => r.dataset.severity)).toEqual(['error', 'error', 'error', 'error']);
    fireEvent.click(view.container.querySelector<HTMLElement>('.fchip[data-term="kind:context"]')!);
    expect(dataRows().map((r) => r.dataset.kind)).toEqual(['context']);
    expect(view.container.querySelector<HTMLInputElement>('input[type=file]')!.tabIndex).toBe(-1);
  });

  it('shows an import as its own session, at its capture time, with a picker back to live', async () => {
    const { view, clock, store } = await mount([bearerEntry(T.ENTRA_V2_APP_ONLY, '2023-11-14T22:29:00Z')]);
    const file = new File([har], 'capture.har', { type: 'application/json' });
    await act(async () => {
      fireEvent.drop(view.container.querySelector('.app')!, { dataTransfer: { files: [file] } });
      for (let i = 0; i < 10; i++) {
        await new Promise((r) => setTimeout(r, 0));
        clock.advance(1);
      }
    });
    const picker = screen.getByRole('combobox', { name: 'Session' }) as HTMLSelectElement;
    expect([...picker.options].map((o) => o.textContent)).toEqual(['Live', 'capture.har']);
    expect(view.container.querySelector('.session-bar')!.textContent).toContain(
      new Date(Date.parse('2023-11-14T22:20:15Z')).toLocaleString(undefined, {
        dateStyle: 'medium',
        timeStyle: 'long',
      }),
    );
    expect(dataRows()).toHaveLength(7);
    fireEvent.change(picker, { target: { value: 'live' } });
    expect(store.sessionId.value).toBe('live');
    expect(dataRows().map((r) => r.dataset.kind)).toEqual(['app-only']);
  });

  it('moves the split between list and details from the keyboard, and keeps it as a setting', async () => {
    const { store } = await mount(entries);
    const splitter = screen.getByRole('separator', { name: 'Resize the token list' });
    expect(splitter.getAttribute('aria-valuenow')).toBe('60');
    fireEvent.keyDown(splitter, { key: 'ArrowLeft' });
    fireEvent.keyDown(splitter, { key: 'ArrowLeft' });
    expect(splitter.getAttribute('aria-valuenow')).toBe('50');
    expect(store.settings.value.split).toBeCloseTo(0.5);
    expect(view().style.getPropertyValue('--split')).toBe('50.0%');
    function view() {
      return document.querySelector<HTMLElement>('main.split')!;
    }
  });

  it('brings the signature verdict into view', async () => {
    const scrolled: string[] = [];
    const original = Element.prototype.scrollIntoView;
    Element.prototype.scrollIntoView = function (this: Element) {
      scrolled.push(this.className);
    };
    try {
      const { row, view } = await mount(entries);
      fireEvent.click(row(T.ACS_CONTEXT));
      const form = view.container.querySelector<HTMLFormElement>('.sigcheck')!;
      fireEvent.input(form.querySelector('textarea')!, { target: { value: T.CONTEXT_SECRET } });
      fireEvent.submit(form);
      await waitForStatus(form);
      await act(async () => undefined);
      expect(scrolled).toContain('sig-valid');
    } finally {
      Element.prototype.scrollIntoView = original;
    }
  });
});
