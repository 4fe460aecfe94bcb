/**
 * The `storage-exposure` finding: a token kept where every script on the origin can read it.
 *
 * Severity follows the risk, and stays consistent with OWASP ZAP's client-side rule "Information Disclosure -
 * JWT in browser storage" (Medium for localStorage, Informational for sessionStorage):
 * - a refresh token in `localStorage` or a script-readable cookie is an error: it is a long-lived key to the account;
 * - an access or ID token in `localStorage` is a warning: it outlives the tab, and any script can take it;
 * - an access token in a script-readable cookie is an error too (it also rides along with every request);
 * - anything in `sessionStorage` is info: still readable by an XSS, but gone with the tab.
 */
import type { TokenType } from '../model/token.js';
import { type Finding, type Severity, worst } from '../model/findings.js';
import { AREA_WORDS, type Library, type StorageCandidate } from '../model/places.js';

const ADVICE: Readonly<Record<Library, string>> = {
  'MSAL.js':
    "For MSAL.js: set cache.cacheLocation to 'sessionStorage' or 'memoryStorage' instead of 'localStorage', keep token lifetimes short, " +
    'or move token handling to a backend-for-frontend so the browser holds only an HttpOnly session cookie.',
  'Auth0 SPA SDK':
    "For the Auth0 SPA SDK: keep cacheLocation: 'memory' (its default) and use refresh-token rotation, or move token handling to a backend-for-frontend.",
  'Okta Auth JS':
    "For Okta Auth JS: set tokenManager.storage to 'memory' or 'sessionStorage', or move token handling to a backend-for-frontend.",
};
const GENERIC =
  'Keep tokens in memory, or move token handling to a backend-for-frontend so the browser holds only an HttpOnly, Secure session cookie.';

function severityOf(c: StorageCandidate, type: TokenType): Severity {
  const refresh = type === 'refresh' || c.role === 'refresh';
  if (c.where === 'session-storage') return 'info';
  if (c.where === 'script-cookie') return refresh || type === 'access' || c.role === 'access' ? 'error' : 'warning';
  return refresh ? 'error' : 'warning';
}

/** One finding for all the places a token is kept, at the severity of the riskiest; null when it is kept nowhere. */
export function storageExposure(stored: StorageCandidate[], type: TokenType, label: string): Finding | null {
  if (!stored.length) return null;
  const severity = worst(stored.map((c) => severityOf(c, type))) ?? 'info';
  const places = [
    ...new Set(
      stored.map(
        (c) =>
          `${AREA_WORDS[c.where].kept} under key "${c.key.slice(0, 200)}"${c.path ? ` (${c.path.slice(0, 100)})` : ''}`,
      ),
    ),
  ];
  const libraries = [...new Set(stored.map((c) => c.library).filter((l): l is Library => l !== null))];
  const encrypted = stored.some((c) => c.encrypted);
  const what =
    type === 'refresh'
      ? 'a refresh token is a long-lived key to the account'
      : severity === 'info'
        ? 'sessionStorage is gone with the tab, but one XSS or one compromised script can still read it'
        : 'it outlives the tab, and one XSS or one compromised npm package can read and replay it';
  const message =
    `This ${label} is kept in ${places.slice(0, 3).join('; ')}${places.length > 3 ? ` and ${places.length - 3} more place(s)` : ''}` +
    `${libraries.length ? ` by ${libraries.join(', ')}` : ''}.` +
    (encrypted
      ? ' It is encrypted, but readable by any script on this origin: the key is in the msal.cache.encryption cookie, which scripts can read.'
      : '') +
    ` Any script running on this origin can read it: ${what}. ` +
    (libraries.map((l) => ADVICE[l]).join(' ') || GENERIC);
  return { code: 'storage-exposure', severity, message, entries: [] };
}
