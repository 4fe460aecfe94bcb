/**
 * Was the capture stripped of its credentials before it reached us? Chrome's DevTools exports HAR without
 * `Authorization`, `Cookie` and `Set-Cookie` unless asked for "sensitive data"; other tools and people replace
 * secrets with `[REDACTED]` or `***`. Such a file scans clean, and a CI gate on it proves nothing: say so.
 *
 * Two signs, each chosen so that ordinary captures do not show it:
 * - most credential-bearing headers hold a redaction rather than a value;
 * - a browser's capture holds no `Authorization`, `Cookie` or `Set-Cookie` at all, although at least
 *   `MIN_CALLS` of its requests are API calls or form posts, which an app sends with its credentials.
 *   (A browser visiting a static site with a fresh profile sends no cookie either, but it makes no such calls; nor
 *   are the browser's own certificate-status checks calls of the app: Firefox POSTs OCSP requests, RFC 6960 App. A.)
 */
import { fileOf, header } from '../har/entry.js';
import { type Entry, entryName, type NameValue } from '../model/entry.js';
import type { ReportFinding } from '../model/findings.js';
import { isPlaceholder, splitAuthorization } from '../find/locate.js';
import { plural } from '../util/plural.js';

/** API calls or form posts without any credential that make a capture look stripped. */
const MIN_CALLS = 3;

/** A value replaced on purpose: stronger than `isPlaceholder`, since `true`, `null` or `0` are ordinary cookie values. */
export function isRedaction(value: string): boolean {
  const v = value.trim();
  return !isTemplate(v) && REDACTION.test(v);
}
const REDACTION = /redacted|removed|filtered|scrubbed|sanitized|hidden|\*{3,}|^x{3,}$|^\[[^\]]*\]$|^<[^<>]*>$/i;

/**
 * A template variable (`${token}`, `{{token}}`): the file is a recipe for a load-test or replay tool (k6,
 * Postman, Insomnia), not a capture whose secrets were taken out. Worth a note, not a warning.
 */
export function isTemplate(value: string): boolean {
  // Not `/\$\{[^}]*\}|\{\{[^}]*\}\}/`: from every `${` or `{{` of a hostile `${${${…` that scans to the end again,
  // quadratic in the value. A `${` is closed by any later `}`; a `}}` is looked back from, no further than the `}`
  // before it, so each character is read a bounded number of times.
  const dollar = value.indexOf('${');
  return (dollar >= 0 && value.indexOf('}', dollar + 2) >= 0) || CLOSED_BRACES.test(value);
}
const CLOSED_BRACES = /\}\}(?<=\{\{[^}]*\}\})/;

const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);
/** An API's path: matched on the whole URL, after its scheme and host. */
const CALL_PATH =
  /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*\/(?:[^?#]*\/)?(api|_api|graphql|oauth2?|token|userinfo|login|signin|auth|v\d+(\.\d+)?)(\/|$|\?)/i;

/** The browser's own OCSP request (RFC 6960 App. A.1), which carries no credential of the page's. */
function isOcsp(entry: Entry): boolean {
  const type = entry.postMimeType || header(entry.requestHeaders, 'content-type') || '';
  return type.toLowerCase().startsWith('application/ocsp-request');
}

function cookieValues(header: string): string[] {
  return header.split(';').map((p) => p.slice(p.indexOf('=') + 1));
}

export class StrippedCheck {
  private slots = 0;
  private redactedSlots = 0;
  private calls = 0;
  private firstCall: { index: number; file?: string } | null = null;
  private firstRedacted: { index: number; file?: string } | null = null;
  private browser = false;
  /** Credential values that are template variables. */
  templates = 0;

  add(entry: Entry): void {
    const slot = (values: string[], index: number) => {
      if (values.some(isTemplate)) {
        this.templates++;
        return;
      }
      this.slots++;
      // No value here is a template (checked above): the redaction pattern alone, without isRedaction's second scan.
      if (values.some((v) => REDACTION.test(v.trim()))) {
        this.redactedSlots++;
        this.firstRedacted ??= { index, ...fileOf(entry) };
      }
    };
    const requestHeaders: NameValue[] = entry.requestHeaders;
    for (const h of requestHeaders) {
      const n = h.name.toLowerCase();
      if (n === 'user-agent' && h.value.startsWith('Mozilla/')) this.browser = true;
      if (!CREDENTIAL_HEADERS.has(n)) continue;
      if (n === 'cookie') slot(cookieValues(h.value), entry.index);
      else {
        const c = splitAuthorization(h.value).credentials;
        slot([isPlaceholder(c) && !isTemplate(c) ? '[redacted]' : c], entry.index);
      }
    }
    // One slot for what the response's Set-Cookie headers set, as for each cookie list below.
    if (entry.setCookies.length)
      slot(
        entry.setCookies.map((c) => c.value),
        entry.index,
      );
    if (entry.requestCookies.length)
      slot(
        entry.requestCookies.map((c) => c.value),
        entry.index,
      );
    if (entry.responseCookies.length)
      slot(
        entry.responseCookies.map((c) => c.value),
        entry.index,
      );
    const call =
      (entry.method !== 'GET' && entry.method !== 'HEAD' && entry.method !== 'OPTIONS') ||
      entry.resourceType === 'xhr' ||
      entry.resourceType === 'fetch' ||
      CALL_PATH.test(entry.url);
    if (call && entry.status !== 0 && !isOcsp(entry)) {
      this.calls++;
      this.firstCall ??= { index: entry.index, ...fileOf(entry) };
    }
  }

  clear(): void {
    Object.assign(this, new StrippedCheck());
  }

  /** A note for the report when credentials were template variables, or null. */
  note(): string | null {
    return this.templates
      ? `${plural(this.templates, 'credential value')} ${this.templates === 1 ? 'is a template variable' : 'are template variables'} (such as \${token}), not ${this.templates === 1 ? 'a token' : 'tokens'}: this file looks like a recipe for a replay tool rather than a capture.`
      : null;
  }

  finding(): ReportFinding | null {
    let why: string | null = null;
    let first: { index: number; file?: string } | null = null;
    if (this.firstRedacted && this.redactedSlots * 2 >= this.slots) {
      first = this.firstRedacted;
      why = `${this.redactedSlots} of its ${this.slots} Authorization, Cookie and Set-Cookie values are redacted or placeholders (first: ${entryName(first.index, first.file)})`;
    } else if (this.firstCall && this.slots === 0 && this.browser && this.calls >= MIN_CALLS) {
      first = this.firstCall;
      why = `it holds no Authorization, Cookie or Set-Cookie header at all, although ${this.calls} of its requests are API calls or form posts (first: ${entryName(first.index, first.file)})`;
    }
    if (!why || !first) return null;
    return {
      code: 'capture-stripped',
      severity: 'warning',
      entry: first.index,
      ...fileOf(first),
      message:
        `This capture looks stripped of its credentials: ${why}. Tokens that are not in the file cannot be checked, so few or no findings prove nothing. ` +
        'Export it again with sensitive data: in Chrome or Edge, DevTools → Settings → Preferences → Network → "Allow to generate HAR with sensitive data", then Network → Export HAR (with sensitive data); ' +
        'in Firefox, Network → right-click a request → Save All As HAR (Firefox keeps these headers). Share such a file only with people who may see the tokens.',
    };
  }
}
