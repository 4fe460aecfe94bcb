/**
 * Microsoft resources that accept more than one audience, or whose audience names no host they serve: an Entra
 * access token's `aud` is the resource it was asked for (`resource=` in v1, the scope's prefix in v2), which is a
 * URL of another host, or an application ID, as often as the API's own host.
 *
 * Sources:
 * - Azure Resource Manager: "Azure REST API reference" and Azure CLI's `az account get-access-token` (default resource
 *   `https://management.core.windows.net/`, the classic audience Resource Manager still accepts beside
 *   `https://management.azure.com/`; it is `activeDirectoryResourceId` of the public cloud in the Azure SDKs'
 *   environment table, e.g. ms-rest-azure's `AzureEnvironment.Azure`, checked 2026-12); app ID
 *   797f4846-ba00-4fd7-ba43-dac1f8f63013 ("Windows Azure Service Management API").
 * - Hosts per service: "Azure domains" (https://learn.microsoft.com/en-us/azure/security/fundamentals/azure-domains):
 *   *.vault.azure.net, *.blob/queue/table/file.core.windows.net, *.database.windows.net.
 * - Key Vault `https://vault.azure.net`, Storage `https://storage.azure.com/`, Azure SQL `https://database.windows.net/`,
 *   Log Analytics `https://api.loganalytics.io`: "Azure services that support Microsoft Entra authentication" and
 *   each service's "Authorize with Microsoft Entra ID" page (e.g. https://learn.microsoft.com/rest/api/storageservices/authorize-with-azure-active-directory).
 * - Microsoft Graph 00000003-0000-0000-c000-000000000000, SharePoint 00000003-0000-0ff1-ce00-000000000000, Exchange
 *   Online 00000002-0000-0ff1-ce00-000000000000: see principals.ts.
 * - Azure DevOps 499b84ac-1321-427f-aa17-267ca6975798: "Tokens - REST API (Azure DevOps)"
 *   (https://learn.microsoft.com/en-us/rest/api/azure/devops/tokens), scope `499b84ac-…/.default` for dev.azure.com.
 * - Power BI `https://analysis.windows.net/powerbi/api` for api.powerbi.com: "Embed Power BI content with a service
 *   principal" and the Power BI REST API reference.
 * - Teams `https://api.spaces.skype.com`: the audience of the Teams web client's tokens to *.teams.microsoft.com
 *   (AADInternals' Teams functions ask for this resource with the Teams client 1fec8e78-bce4-4aaf-ab1b-5451cc387264
 *   and post it to teams.microsoft.com/api/authsvc/v1.0/authz, checked 2026-12).
 *
 * Not a list of every Microsoft API: an audience absent here is read as the host it names (principals.ts).
 */
import { withoutTrailingSlashes } from '../util/url.js';

export interface ResourceAudience {
  service: string;
  /** Audiences as tokens carry them, lower-cased, without a trailing slash. */
  audiences: readonly string[];
  /** Hosts that accept them: exact, or `*.suffix` for any subdomain. */
  hosts: readonly string[];
}

const STORAGE_HOSTS = [
  '*.blob.core.windows.net',
  '*.queue.core.windows.net',
  '*.table.core.windows.net',
  '*.file.core.windows.net',
  '*.dfs.core.windows.net',
];

const RESOURCE_AUDIENCES: readonly ResourceAudience[] = [
  {
    service: 'Azure Resource Manager',
    audiences: [
      'https://management.azure.com',
      'https://management.core.windows.net',
      '797f4846-ba00-4fd7-ba43-dac1f8f63013',
    ],
    hosts: ['management.azure.com', 'management.core.windows.net'],
  },
  {
    service: 'Microsoft Graph',
    audiences: ['https://graph.microsoft.com', '00000003-0000-0000-c000-000000000000'],
    hosts: ['graph.microsoft.com'],
  },
  { service: 'Azure Key Vault', audiences: ['https://vault.azure.net'], hosts: ['*.vault.azure.net'] },
  { service: 'Azure Storage', audiences: ['https://storage.azure.com'], hosts: STORAGE_HOSTS },
  { service: 'Azure SQL Database', audiences: ['https://database.windows.net'], hosts: ['*.database.windows.net'] },
  { service: 'SharePoint Online', audiences: ['00000003-0000-0ff1-ce00-000000000000'], hosts: ['*.sharepoint.com'] },
  {
    service: 'Exchange Online',
    audiences: ['https://outlook.office.com', 'https://outlook.office365.com', '00000002-0000-0ff1-ce00-000000000000'],
    hosts: ['outlook.office.com', 'outlook.office365.com'],
  },
  {
    service: 'Microsoft Teams',
    audiences: ['https://api.spaces.skype.com'],
    hosts: ['api.spaces.skype.com', 'teams.microsoft.com', '*.teams.microsoft.com'],
  },
  {
    service: 'Azure DevOps',
    audiences: ['499b84ac-1321-427f-aa17-267ca6975798', 'https://app.vssps.visualstudio.com'],
    hosts: ['dev.azure.com', '*.dev.azure.com', '*.visualstudio.com'],
  },
  {
    service: 'Log Analytics',
    audiences: ['https://api.loganalytics.io', 'https://api.loganalytics.azure.com'],
    hosts: ['api.loganalytics.io', 'api.loganalytics.azure.com'],
  },
  {
    service: 'Power BI',
    audiences: ['https://analysis.windows.net/powerbi/api', '00000009-0000-0000-c000-000000000000'],
    hosts: ['api.powerbi.com', '*.analysis.windows.net'],
  },
];

const BY_AUDIENCE: ReadonlyMap<string, ResourceAudience> = new Map(
  RESOURCE_AUDIENCES.flatMap((r) => r.audiences.map((a) => [a, r] as const)),
);

/** The Microsoft resource an audience names, when it is one of the table's. */
export function resourceOfAudience(aud: string): ResourceAudience | null {
  return BY_AUDIENCE.get(withoutTrailingSlashes(aud.trim().toLowerCase())) ?? null;
}

/** Whether a host pattern (`host` or `*.suffix`) takes `host`. */
export function hostMatches(pattern: string, host: string): boolean {
  return pattern.startsWith('*.')
    ? host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1
    : host === pattern;
}
