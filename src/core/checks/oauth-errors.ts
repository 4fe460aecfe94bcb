/** Report-level findings that come from one entry rather than one token: a client secret sent, and the errors servers answered (idp-errors.ts). */
import { type Entry, entryName } from '../model/entry.js';
import type { ReportFinding } from '../model/findings.js';
import { base64Text } from '../util/base64url.js';
import { parseJsonObject } from '../util/json.js';
import { formDecode } from '../har/forms.js';
import { errorFindings, TOKEN_ENDPOINT } from './idp-errors.js';

/**
 * The client id of a client authenticating with HTTP Basic at a token endpoint (RFC 6749 §2.3.1: the
 * form-encoded `client_id:client_secret`), or null. The secret itself is never kept.
 */
function basicClientId(entry: Entry): string | null {
  // Most requests carry no Basic credentials: look for them before parsing the URL or the body.
  if (!entry.requestHeaders.some((h) => h.name.toLowerCase() === 'authorization' && /^\s*basic\s/i.test(h.value)))
    return null;
  if (entry.path === null) return null;
  const isTokenRequest = TOKEN_ENDPOINT.test(entry.path) || entry.formFields.some((f) => f.name === 'grant_type');
  if (!isTokenRequest) return null;
  for (const h of entry.requestHeaders) {
    if (h.name.toLowerCase() !== 'authorization') continue;
    const m = /^\s*basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(h.value);
    const text = m?.[1] ? base64Text(m[1]) : null;
    const colon = text ? text.indexOf(':') : -1;
    if (text && colon > 0 && colon < text.length - 1) return formDecode(text.slice(0, colon));
  }
  return null;
}

function secretSentIn(entry: Entry): string | null {
  if (entry.queryParams.some((p) => p.name === 'client_secret' && p.value)) return 'the URL';
  if (entry.formFields.some((p) => p.name === 'client_secret' && p.value)) return 'a form body';
  const json = parseJsonObject(entry.postText);
  if (json && typeof json.client_secret === 'string' && json.client_secret) return 'a JSON body';
  const basicClient = basicClientId(entry);
  if (basicClient !== null)
    return `an Authorization: Basic header (client_id ${JSON.stringify(basicClient.slice(0, 200))})`;
  return null;
}

export function entryFindings(entry: Entry): ReportFinding[] {
  const out: ReportFinding[] = [];
  const secretIn = secretSentIn(entry);
  if (secretIn) {
    out.push({
      code: 'client-secret-in-browser',
      severity: 'error',
      entry: entry.index,
      message:
        `A client_secret was sent from the browser in ${secretIn} (${entryName(entry.index, entry.file)}, ${entry.method} ${entry.url.split('?')[0]}). ` +
        'Anyone who opens DevTools can read it: rotate the secret, and make token requests from server-side code only.',
    });
  }
  out.push(...errorFindings(entry));
  return out;
}
