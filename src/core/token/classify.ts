/**
 * What kind of token it is: family (who issued it), type (what it is for) and policy (whose identity it
 * carries). Decided from the claims first, then from where it was seen (a `refresh_token` field, the host of
 * the token endpoint that returned it).
 *
 * SharePoint low-trust (ACS) rules follow Tables 1–3 of "Handle security tokens in provider-hosted low-trust
 * SharePoint Add-ins" (https://learn.microsoft.com/en-us/sharepoint/dev/sp-add-ins/handle-security-tokens-in-provider-hosted-low-trust-sharepoint-add-ins). Both access-token kinds carry `nameid`,
 * so the policy is told from what really differs: the add-in-only token names ACS itself as
 * `identityprovider` (`00000001-…@realm`) and carries `trustedfordelegation: "false"`, `sub` and `oid`;
 * the user+add-in token carries an `actor` and a user's identity provider (`urn:federation:microsoftonline`).
 */
import type { Claims, Decoded, Format } from '../model/token.js';
import type { Role } from '../model/places.js';
import { ACS_PRINCIPAL, MSA_TENANT, SHAREPOINT_PRINCIPAL, splitPrincipal } from './principals.js';
import type { Classification, ClientAuth, Family, Kind, Policy, SeenAs, TokenType } from '../model/token.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ENTRA_V1 = /^https:\/\/sts\.(windows\.net|chinacloudapi\.cn|windows-ppe\.net)\/([0-9a-f-]{36})\/$/i;
const ENTRA_V2 =
  /^https:\/\/login\.(microsoftonline\.(com|us|de)|partner\.microsoftonline\.cn|chinacloudapi\.cn|windows-ppe\.net)\/([0-9a-f-]{36})\/v2\.0\/?$/i;
const MSA_HOSTS = /(^|\.)login\.live\.com$/i;
const ENTRA_HOSTS =
  /(^|\.)(login\.microsoftonline\.(com|us|de)|login\.partner\.microsoftonline\.cn|login\.chinacloudapi\.cn|login\.windows\.net)$/i;
const ACS_HOSTS = /(^|\.)accesscontrol\.(windows\.net|windows-int\.net|chinacloudapi\.cn)$/i;

const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const has = (c: Claims, name: string): boolean => Object.hasOwn(c, name);

function audiences(claims: Claims): string[] {
  const aud = claims.aud;
  if (typeof aud === 'string') return [aud];
  return Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
}

/** An issuer in SharePoint's `principal@realm` form, whoever the principal is. */
function isRealmIssuer(iss: string): boolean {
  const p = splitPrincipal(iss);
  return p.realm !== null && GUID.test(p.principal) && p.host === null;
}

function isSharePointAudience(claims: Claims): boolean {
  return audiences(claims).some((a) => {
    const p = splitPrincipal(a);
    return p.principal.toLowerCase() === SHAREPOINT_PRINCIPAL && p.realm !== null;
  });
}

function familyOfClaims(claims: Claims): Family | null {
  const iss = text(claims.iss);
  const tid = text(claims.tid).toLowerCase();
  if (splitPrincipal(iss).principal.toLowerCase() === ACS_PRINCIPAL && isRealmIssuer(iss)) return 'sharepoint-acs';
  if (has(claims, 'appctxsender')) return 'sharepoint-acs';
  if (isRealmIssuer(iss) && (has(claims, 'actortoken') || isSharePointAudience(claims))) return 'sharepoint-high-trust';
  const v1 = ENTRA_V1.exec(iss);
  const v2 = ENTRA_V2.exec(iss);
  const issuerTenant = (v1?.[2] ?? v2?.[3] ?? '').toLowerCase();
  if (issuerTenant === MSA_TENANT || tid === MSA_TENANT) return 'microsoft-account';
  if (v1 || v2) return 'entra-id';
  return null;
}

function familyOfHosts(hosts: ReadonlySet<string>): Family {
  for (const h of hosts) {
    if (MSA_HOSTS.test(h)) return 'microsoft-account';
    if (ACS_HOSTS.test(h)) return 'sharepoint-acs';
    if (ENTRA_HOSTS.test(h)) return 'entra-id';
  }
  return 'other';
}

/** The strongest role the sightings give; a context token posted as SPAppToken outranks a generic "token" field. */
function roleFromSightings(roles: ReadonlySet<Role>): TokenType | null {
  for (const r of ['context', 'id', 'refresh', 'access'] as const) if (roles.has(r)) return r;
  return null;
}

function isEntraIdToken(claims: Claims): boolean {
  // Entra ID access tokens always name a scope or role, or the client (v1 `appid`, v2 `azp`); ID tokens never do.
  return !['scp', 'roles', 'appid', 'azp'].some((c) => has(claims, c)) && (has(claims, 'tid') || has(claims, 'nonce'));
}

function typeOfJwt(family: Family, claims: Claims, header: Claims | null, seen: SeenAs): TokenType {
  if (family === 'sharepoint-acs') return has(claims, 'appctx') || has(claims, 'appctxsender') ? 'context' : 'access';
  if (family === 'sharepoint-high-trust') return 'access';
  const fromSightings = roleFromSightings(seen.roles);
  if (family === 'entra-id' || family === 'microsoft-account') {
    if (fromSightings === 'id' || isEntraIdToken(claims)) return 'id';
    return 'access';
  }
  if (fromSightings) return fromSightings;
  if (text(header?.typ).toLowerCase() === 'at+jwt') return 'access';
  if (has(claims, 'nonce') || has(claims, 'at_hash')) return 'id';
  return 'unknown';
}

function policyOf(family: Family, type: TokenType, claims: Claims): Policy {
  if (type !== 'access') return null;
  if (family === 'sharepoint-acs') {
    const idp = splitPrincipal(text(claims.identityprovider));
    if (idp.principal.toLowerCase() === ACS_PRINCIPAL && idp.realm) return 'add-in-only';
    if (has(claims, 'actor')) return 'user+add-in';
    if (text(claims.trustedfordelegation).toLowerCase() === 'false') return 'add-in-only';
    return has(claims, 'nameid') ? 'user+add-in' : null;
  }
  if (family === 'sharepoint-high-trust') {
    // TokenHelper's IssueToken: an app-only call sends the signed actor token alone; a user+add-in call
    // wraps it, unsigned, in an outer token that carries the user (`nameid`, `nii`) and `actortoken`.
    return has(claims, 'actortoken') ? 'user+add-in' : 'add-in-only';
  }
  if (family === 'entra-id' || family === 'microsoft-account') {
    const idtyp = text(claims.idtyp).toLowerCase();
    if (idtyp === 'app') return 'app-only';
    if (idtyp === 'user' || has(claims, 'scp')) return 'delegated';
    return 'app-only';
  }
  return null;
}

function clientAuthOf(claims: Claims | null): ClientAuth {
  const v = text(claims?.appidacr ?? claims?.azpacr);
  return v === '0' ? 'public-client' : v === '1' ? 'client-secret' : v === '2' ? 'certificate' : null;
}

function kindOf(format: Format, type: TokenType, policy: Policy): Kind {
  if (policy) return policy;
  if (type === 'context' || type === 'id' || type === 'refresh') return type;
  if (format === 'jwe') return 'encrypted';
  if (format === 'opaque') return 'opaque';
  return type === 'access' ? 'access' : 'unknown';
}

/**
 * A Microsoft account (consumer) access token: not a JWT but an opaque, encrypted blob that starts `Ew` and only
 * its resource can read. Opaque by design; nothing is wrong with it.
 */
const MSA_ACCESS = /^Ew[A-Za-z0-9+/]{100}[A-Za-z0-9+/!=]*$/;

export function classify(decoded: Decoded, seen: SeenAs, raw?: string): Classification {
  const claims = decoded.claims;
  if (
    !claims &&
    decoded.format === 'opaque' &&
    raw !== undefined &&
    MSA_ACCESS.test(raw) &&
    !seen.roles.has('refresh')
  ) {
    return { family: 'microsoft-account', type: 'access', policy: null, kind: 'opaque', clientAuth: null };
  }
  const family = (claims && familyOfClaims(claims)) ?? familyOfHosts(seen.responseHosts);
  const type = claims ? typeOfJwt(family, claims, decoded.header, seen) : (roleFromSightings(seen.roles) ?? 'unknown');
  const policy = claims ? policyOf(family, type, claims) : null;
  return { family, type, policy, kind: kindOf(decoded.format, type, policy), clientAuth: clientAuthOf(claims) };
}

export { audiences };
