import { useState } from 'preact/hooks';
import { claimInfo, headerInfo } from '../../core/claims-info.js';
import { FINDING_TITLES } from '../../core/findings.js';
import { KIND_LABELS, visible } from '../../core/describe.js';
import type { TokenReport } from '../../core/report.js';
import { useStore } from '../context.js';
import { copyText } from '../files.js';
import { KindBadge, LiveStatus } from './Badges.js';
import { ClaimsTable } from './ClaimsTable.js';
import { ProofSection } from './ProofSection.js';
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
const CLIENT_AUTH = { 'public-client': 'public client (no secret)', 'client-secret': 'client secret', certificate: 'certificate' } as const;

function Findings({ t }: { t: TokenReport }) {
  if (!t.findings.length) return <p class="all-clear">No findings: nothing wrong was seen with this token.</p>;
  return (
    <ul class="findings" aria-label="Findings">
      {t.findings.map((f) => (
        <li key={f.code} class={`finding sev-${f.severity}`} data-code={f.code}>
          <strong>
            {f.severity}: {FINDING_TITLES[f.code]}
          </strong>
          <span>{visible(f.message)}</span>
        </li>
      ))}
    </ul>
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
  if (!t) {
    return (
      <aside class="detail empty" aria-label="Token details">
        <p>Select a token to see its claims, times, findings and the requests that carried it.</p>
        <p class="muted help-storage">
          Tokens the page keeps in localStorage, sessionStorage and cookies its scripts can read are listed too: they are read when the
          panel opens, after each navigation and on Rescan storage, and never leave the panel. A page can change what its own scripts
          see (it can replace Storage.prototype), so a hostile page can hide tokens from this read.
        </p>
      </aside>
    );
  }
  // The store's report is already redacted (credential claims, inner tokens included); the raw token is fetched
  // by id for the two places that need it.
  const raw = store.rawOf(t.id);
  const decoded = { header: t.header, claims: t.claims, ...(t.inner ? { inner: { header: t.inner.header, claims: t.inner.claims } } : {}) };
  const copy = async (what: string, text: string) => setCopied((await copyText(text)) ? `${what} copied` : `could not copy ${what}`);
  const alg = typeof t.header?.alg === 'string' ? t.header.alg : '';

  return (
    <aside class="detail" aria-label="Token details" data-id={t.id}>
      <div class="detail-head">
        <KindBadge kind={t.kind} />
        <span class="family">{FAMILY[t.family]}</span>
        {t.policy && <span class="policy">{t.policy} policy</span>}
        <LiveStatus times={t.times} readable={t.claims !== null} />
      </div>
      <p class="muted">
        id {t.id} · {t.format.toUpperCase()} · {t.type} token{t.clientAuth ? ` · client proved itself with a ${CLIENT_AUTH[t.clientAuth]}` : ''}
      </p>
      <div class="actions">
        <button type="button" onClick={() => copy('decoded JSON', JSON.stringify(decoded, null, 2))}>
          Copy decoded JSON
        </button>
        <button type="button" onClick={() => raw && copy('raw token', raw)} title="Copies the credential itself: anyone with it can use it until it expires">
          Copy raw token…
        </button>
        <span class="muted" role="status">
          {copied}
        </span>
      </div>
      <Findings t={t} />
      {t.error && <p class="sev-error">Cannot decode: {visible(t.error)}</p>}
      <TimesSection t={t} />
      <ProofSection t={t} />
      <Principals t={t} />
      <AppContext t={t} />
      {t.header && (
        <section>
          <h3>Header</h3>
          <ClaimsTable claims={t.header} info={headerInfo} label="Header" />
        </section>
      )}
      {t.claims && (
        <section>
          <h3>Claims</h3>
          <ClaimsTable claims={t.claims} info={claimInfo} label="Claims" />
        </section>
      )}
      {t.inner && (
        <section>
          <h3>
            Inner {t.inner.claim}: {KIND_LABELS[t.inner.kind]} ({t.inner.header?.alg ? `alg ${String(t.inner.header.alg)}` : 'unreadable'})
          </h3>
          {t.inner.claims && <ClaimsTable claims={t.inner.claims} info={claimInfo} label="Inner token claims" />}
        </section>
      )}
      <Sightings t={t} />
      {t.format === 'jwt' && raw && <SignatureCheck key={t.id} raw={raw} alg={alg} />}
    </aside>
  );
}
