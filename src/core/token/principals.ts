/**
 * Well-known Microsoft principal (application) IDs, and the `principal/host@realm` form that ACS and
 * SharePoint use in `aud`, `iss`, `actor`, `nameid` and `appctxsender`.
 *
 * Sources:
 * - SharePoint, ACS: "Handle security tokens in provider-hosted low-trust SharePoint Add-ins", Tables 1–3
 *   (https://learn.microsoft.com/en-us/sharepoint/dev/sp-add-ins/handle-security-tokens-in-provider-hosted-low-trust-sharepoint-add-ins): "00000003-0000-0ff1-ce00-
 *   000000000000 is a permanent security principal ID for SharePoint", "the issuer is Azure ACS and its GUID is
 *   00000001-0000-0000-c000-000000000000"; `appctxsender` is "either SharePoint, Exchange, Lync, or Workflow".
 * - Exchange, Lync, Workflow, Azure AD Graph, Office 365 portal: Microsoft's "Application principal constants"
 *   as listed by `Get-MsolServicePrincipal` and the unified audit log's application IDs
 *   (Microsoft.Exchange 00000002-0000-0ff1-ce00-…, Microsoft.Lync 00000004-0000-0ff1-ce00-…,
 *   Microsoft.Azure.Workflow 00000005-0000-0000-c000-…, Microsoft.Azure.ActiveDirectory 00000002-0000-0000-c000-…).
 * - Microsoft Graph 00000003-0000-0000-c000-000000000000: Entra ID "Verify first-party Microsoft applications".
 */

import { hostOf, withoutTrailingSlashes } from '../util/url.js';
import type { PrincipalRef } from '../model/token.js';

export const ACS_PRINCIPAL = '00000001-0000-0000-c000-000000000000';
export const SHAREPOINT_PRINCIPAL = '00000003-0000-0ff1-ce00-000000000000';
/** The tenant Entra ID uses for personal Microsoft accounts (the `tid` of an MSA token). */
export const MSA_TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';

const WELL_KNOWN_PRINCIPALS: ReadonlyMap<string, string> = new Map([
  [ACS_PRINCIPAL, 'Azure Access Control Service (ACS)'],
  [SHAREPOINT_PRINCIPAL, 'SharePoint'],
  ['00000002-0000-0ff1-ce00-000000000000', 'Exchange Online'],
  ['00000004-0000-0ff1-ce00-000000000000', 'Skype for Business / Lync'],
  ['00000005-0000-0000-c000-000000000000', 'Workflow Manager'],
  ['00000006-0000-0ff1-ce00-000000000000', 'Office 365 portal'],
  ['00000007-0000-0ff1-ce00-000000000000', 'Exchange Online Protection'],
  ['00000002-0000-0000-c000-000000000000', 'Azure AD Graph'],
  ['00000003-0000-0000-c000-000000000000', 'Microsoft Graph'],
  ['00000009-0000-0000-c000-000000000000', 'Power BI Service'],
  ['797f4846-ba00-4fd7-ba43-dac1f8f63013', 'Azure Service Management'],
  ['https://graph.microsoft.com', 'Microsoft Graph'],
  ['https://graph.windows.net', 'Azure AD Graph'],
  ['https://outlook.office.com', 'Exchange Online'],
  ['https://management.azure.com', 'Azure Service Management'],
]);

/** Splits `principal[/host][@realm]`; any string gets an answer, the parts it lacks are null. */
export function splitPrincipal(raw: string): PrincipalRef {
  const at = raw.lastIndexOf('@');
  const beforeRealm = at > 0 && !raw.includes('://') ? raw.slice(0, at) : raw;
  const realm = beforeRealm === raw ? null : raw.slice(at + 1);
  const slash = beforeRealm.includes('://') ? -1 : beforeRealm.indexOf('/');
  const principal = slash >= 0 ? beforeRealm.slice(0, slash) : beforeRealm;
  const host = slash >= 0 ? beforeRealm.slice(slash + 1) : null;
  return { raw, principal, host, realm, name: principalName(principal) };
}

/** Hosts of well-known audiences that are given as an ID rather than a URL. */
const AUDIENCE_HOSTS: ReadonlyMap<string, string> = new Map([
  ['00000003-0000-0000-c000-000000000000', 'graph.microsoft.com'],
]);

/** The host an audience names: SharePoint's `principal/host@realm`, a URL, or a well-known API's ID; else null. */
export function audienceHost(aud: string): string | null {
  const p = splitPrincipal(aud);
  if (p.host) return p.host.toLowerCase().split(':')[0] || null;
  if (/^https?:\/\//i.test(aud)) return hostOf(aud) || null;
  return AUDIENCE_HOSTS.get(aud.toLowerCase()) ?? null;
}

export function principalName(id: string): string | null {
  return WELL_KNOWN_PRINCIPALS.get(withoutTrailingSlashes(id).toLowerCase()) ?? null;
}
