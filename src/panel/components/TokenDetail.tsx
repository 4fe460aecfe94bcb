import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { claimInfo, headerInfo } from '../../core/token/claims-info.js';
import { FINDING_TITLES, type Finding } from '../../core/model/findings.js';
import { KIND_LABELS } from '../../core/token/describe.js';
import { visible } from '../../core/util/escape.js';
import type { TokenReport } from '../../core/model/report.js';
import { useStore } from '../context.js';
import { subjectText } from '../columns.js';
import { copyText } from '../files.js';
import { maskToken } from '../format.js';
import { chipFindings, chipLabel } from '../chips.js';
import { KindBadge, LiveStatus } from './Badges.js';
import { ClaimsTable } from './ClaimsTable.js';
import { ProofSection } from './ProofSection.js';
import { useContextMenu } from './ContextMenu.js';
import { curlOf, decodedJson } from './menus.js';
import { Sightings } from './Sightings.js';
import { SignatureCheck } from './SignatureCheck.js';
import { TimesSection } from './TimesSection.js';

const FAMILY: Record<TokenReport['family'], string> = {
  'sharepoint-acs': 'SharePoint low-trust (ACS)',
  'sharepoint-high-trust': 'SharePoint high-trust (server-to-server)',
  'entra-id': 'Entra ID',
  'microsoft-account': 'Microsoft account',
  other: 'Other issuer',
};
const CLIENT_AUTH = {
  'public-client': 'public client (no secret)',
  'client-secret': 'client secret',
  certificate: 'certificate',
} as const;

/** Brings the named request's row into view and gives it focus, so a finding leads to its evidence. */
function goToRequest(entry: number) {
  const row = document.getElementById(`entry-${entry}`);
  if (!row) return;
  row.scrollIntoView({ block: 'center' });
  row.focus({ preventScroll: true });
  row.classList.add('flash');
  setTimeout(() => row.classList.remove('flash'), 1200);
}

function RequestLinks({ f, t }: { f: Finding; t: TokenReport }) {
  const entries = f.entries.filter((n) => n >= 0);
  if (!entries.length) return null;
  const listed = new Set(t.sightings.map((s) => s.entry));
  // Shown counted from 1, as DevTools and the findings' messages count requests; the row ids keep the index.
  return (
    <span class="finding-requests">
      {entries.length === 1 ? 'request' : 'requests'}{' '}
      {entries.slice(0, 8).map((n) =>
        listed.has(n) ? (
          <button
            key={n}
            type="button"
            class="link"
            onClick={() => goToRequest(n)}
            aria-label={`Show request #${n + 1}`}
          >
            #{n + 1}
          </button>
        ) : (
          <span key={n}>#{n + 1} </span>
        ),
      )}
      {entries.length > 8 ? '…' : ''}
    </span>
  );
}

function Findings({ t }: { t: TokenReport }) {
  if (!t.findings.length) return <p class="all-clear">No findings: nothing wrong was seen with this token.</p>;
  return (
    <ul class="findings" aria-label="Findings">
      {/* A code can come twice (two server errors about one refresh token): the first is the summary's target. */}
      {t.findings.map((f, i) => (
        <li
          key={`${f.code}-${i}`}
          id={t.findings.findIndex((x) => x.code === f.code) === i ? `finding-${f.code}` : undefined}
          class={`finding sev-${f.severity}`}
          data-code={f.code}
        >
          <strong>
            {f.severity}: {FINDING_TITLES[f.code]}
          </strong>
          <span>{visible(f.message)}</span>
          <RequestLinks f={f} t={t} />
        </li>
      ))}
    </ul>
  );
}

/** The raw token as jwt.io shows it: header, payload and signature in their colours; masked until revealed. */
function Encoded({ raw, format }: { raw: string; format: TokenReport['format'] }) {
  const [shown, setShown] = useState(false);
  const parts = format === 'jwt' ? raw.split('.') : [raw];
  const names = format === 'jwt' ? ['header', 'payload', 'signature'] : ['token'];
  return (
    <section class="encoded-section" aria-labelledby="encoded-title">
      <h3 id="encoded-title">
        Encoded{' '}
        <button type="button" class="link reveal" aria-pressed={shown} onClick={() => setShown(!shown)}>
          {shown ? 'Mask' : 'Reveal'}
        </button>
      </h3>
      <p class="encoded" data-revealed={String(shown)}>
        {parts.map((p, i) => (
          <span key={i}>
            {i > 0 && <span class="dot">.</span>}
            <span class={`part part-${names[i] ?? 'extra'}`} title={names[i]}>
              {shown ? p : maskToken(p)}
            </span>
          </span>
        ))}
      </p>
    </section>
  );
}

function Principals({ t }: { t: TokenReport }) {
  const list = t.explain.principals.filter((p) => p.realm || p.host || p.name);
  if (!list.length) return null;
  return (
    <section>
      <h3>Principals</h3>
      <table class="principals">
        <thead>
          <tr>
            <th>Claim</th>
            <th>Principal</th>
            <th>Host</th>
            <th>Realm</th>
          </tr>
        </thead>
        <tbody>
          {list.map((p, i) => (
            <tr key={`${p.claim}-${i}`} data-claim={p.claim}>
              <th scope="row">{p.claim}</th>
              <td>
                {visible(p.principal)}
                {p.name && <span class="principal-name"> ({p.name})</span>}
              </td>
              <td>{p.host ? visible(p.host) : '—'}</td>
              <td>{p.realm ? visible(p.realm) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function AppContext({ t }: { t: TokenReport }) {
  const a = t.explain.appctx;
  if (!a) return null;
  return (
    <section>
      <h3>Add-in context (appctx)</h3>
      {a.error ? (
        <p class="sev-warning">{a.error}</p>
      ) : (
        <dl class="appctx">
          <dt>CacheKey</dt>
          <dd data-field="CacheKey">{visible(a.cacheKey ?? '—')}</dd>
          <dt>SecurityTokenServiceUri</dt>
          <dd>{visible(a.securityTokenServiceUri ?? '—')}</dd>
        </dl>
      )}
    </section>
  );
}

export function TokenDetail() {
  const store = useStore();
  const t = store.selected.value;
  const [copied, setCopied] = useState('');
  const pane = useRef<HTMLElement>(null);
  const menu = useContextMenu();

  // A new token opens at the top, findings first, whatever the previous one was scrolled to; before the browser
  // paints, so the old position never shows.
  useLayoutEffect(() => {
    if (pane.current) pane.current.scrollTop = 0;
    setCopied('');
  }, [t?.id]);

  if (!t) {
    return (
      <aside class="detail empty" aria-label="Token details">
        <p>Select a token to see its findings, claims, times and the requests that carried it.</p>
        <p class="muted help-storage">
          Tokens the page keeps in localStorage, sessionStorage and cookies its scripts can read are listed too: they
          are read when the panel opens, after each navigation and on Rescan storage, and never leave the panel. A page
          can change what its own scripts see (it can replace Storage.prototype), so a hostile page can hide tokens from
          this read.
        </p>
      </aside>
    );
  }
  // The store's report is already redacted (credential claims, inner tokens included); the raw token is fetched
  // by id for the places that need it (reveal, copy raw token, the signature check, masking it in URLs).
  const raw = store.rawOf(t.id);
  const copy = async (what: string, text: string) =>
    setCopied((await copyText(text)) ? `${what} copied` : `could not copy ${what}`);
  const claimText = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v, null, 2));
  // Built when asked, so "include raw tokens" as it stands at that moment decides.
  const curl = curlOf(store, t) !== null;
  const copyCurl = () => copy('cURL', curlOf(store, t) ?? '');
  const alg = typeof t.header?.alg === 'string' ? t.header.alg : '';
  const scope = `${typeof t.claims?.iss === 'string' ? t.claims.iss : ''}|${typeof t.header?.kid === 'string' ? t.header.kid : typeof t.header?.x5t === 'string' ? t.header.x5t : ''}`;
  const subject = visible(subjectText(t));
  const onClaimMenu = (e: MouseEvent, name: string, value: unknown) => {
    e.preventDefault();
    menu.open(e, [
      {
        label: `Copy claim “${visible(name).slice(0, 30)}”`,
        action: () => copy(name, JSON.stringify({ [name]: value }, null, 2)),
      },
      { label: 'Copy value', action: () => copy(name, claimText(value)) },
      { label: 'Copy decoded JSON', action: () => copy('decoded JSON', decodedJson(t)) },
      ...(curl
        ? [
            {
              label: store.includeRaw.value ? 'Copy as cURL (with the token)' : 'Copy as cURL (token redacted)',
              action: copyCurl,
            },
          ]
        : []),
    ]);
  };

  return (
    <aside ref={pane} class="detail" aria-label="Token details" data-id={t.id} tabIndex={-1}>
      <div class="pinned" data-pinned="findings">
        <div class="detail-head">
          <KindBadge kind={t.kind} />
          {subject && <span class="subject">{subject}</span>}
          <LiveStatus times={t.times} readable={t.claims !== null} />
        </div>
        {t.findings.length > 0 ? (
          <ul class="summary" aria-label="Findings summary">
            {chipFindings(t.findings).map((f) => (
              <li key={f.code}>
                <button
                  type="button"
                  class={`chip chip-${f.severity}`}
                  data-code={f.code}
                  title={FINDING_TITLES[f.code]}
                  onClick={() => document.getElementById(`finding-${f.code}`)?.scrollIntoView({ block: 'nearest' })}
                >
                  {f.severity === 'error' ? '✖' : f.severity === 'warning' ? '▲' : 'ℹ'} {chipLabel(f, t.sightings)}
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p class="summary ok">✓ No findings</p>
        )}
      </div>
      <Findings t={t} />
      {t.error && <p class="sev-error">Cannot decode: {visible(t.error)}</p>}
      <p class="muted">
        <span class="family">{FAMILY[t.family]}</span>
        {t.policy && <span class="policy"> · {t.policy} policy</span>} · id {t.id} · {t.format.toUpperCase()} · {t.type}{' '}
        token{t.clientAuth ? ` · client proved itself with a ${CLIENT_AUTH[t.clientAuth]}` : ''}
      </p>
      <div class="actions">
        <button type="button" onClick={() => copy('decoded JSON', decodedJson(t))}>
          Copy decoded JSON
        </button>
        {curl && (
          <button
            type="button"
            onClick={copyCurl}
            title={
              store.includeRaw.value
                ? 'The command carries the token itself'
                : 'The token is replaced by [redacted]; tick "include raw tokens" to copy it in'
            }
          >
            Copy as cURL
          </button>
        )}
        <button
          type="button"
          onClick={() => raw && copy('raw token', raw)}
          title="Copies the credential itself: anyone with it can use it until it expires"
        >
          Copy raw token
        </button>
        <span class="muted" role="status">
          {copied}
        </span>
      </div>
      {raw && <Encoded key={t.id} raw={raw} format={t.format} />}
      <TimesSection t={t} />
      <ProofSection t={t} />
      <Principals t={t} />
      <AppContext t={t} />
      {t.header && (
        <section>
          <h3>Header</h3>
          <ClaimsTable
            claims={t.header}
            info={headerInfo}
            label="Header"
            onCopy={(n, v) => copy(n, claimText(v))}
            onMenu={onClaimMenu}
          />
        </section>
      )}
      {t.claims && (
        <section>
          <h3>Claims</h3>
          <ClaimsTable
            claims={t.claims}
            info={claimInfo}
            label="Claims"
            onCopy={(n, v) => copy(n, claimText(v))}
            onMenu={onClaimMenu}
          />
        </section>
      )}
      {t.inner && (
        <section>
          <h3>
            Inner {t.inner.claim}: {KIND_LABELS[t.inner.kind]} (
            {t.inner.header?.alg ? `alg ${String(t.inner.header.alg)}` : 'unreadable'})
          </h3>
          {t.inner.claims && <ClaimsTable claims={t.inner.claims} info={claimInfo} label="Inner token claims" />}
        </section>
      )}
      <Sightings t={t} raw={raw} />
      {t.format === 'jwt' && raw && (
        <SignatureCheck key={t.id} raw={raw} alg={alg} scope={scope} contextToken={t.kind === 'context'} />
      )}
      {menu.element}
    </aside>
  );
}
