/**
 * The OAuth flow audit: each authorization request is followed to the redirect that answers it and the token
 * request that redeems its code, and what the three say together is judged (RFC 9700, the OAuth 2.0 Security Best
 * Current Practice; RFC 7636 PKCE; OpenID Connect Core §3.1.2.1 nonce). What one request shows alone (an implicit
 * response_type, a password grant) is judged there. Memory is bounded: the last MAX_FLOWS flows, MAX_FINDINGS findings.
 */
import { header } from '../har/entry.js';
import { urlParams } from '../har/forms.js';
import { type Entry, entryName } from '../model/entry.js';
import type { NameValue } from '../model/entry.js';
import type { ReportFinding, ReportFindingCode, Severity } from '../model/findings.js';
import { decode } from '../token/decode.js';
import { parseJsonObject } from '../util/json.js';
import { isTokenRequest, quoteServer } from './idp-errors.js';

/** An authorization request, and what came back for it. */
interface Flow {
  entry: number;
  clientId: string;
  /** As sent, and its origin + path (what a redirect is matched on). */
  redirectUri: string | null;
  redirectBase: string | null;
  state: string | null;
  nonce: string | null;
  challenge: string | null;
  /** Its challenge is plain (or names no method): a pkce-plain finding was made for it. */
  plain: boolean;
  /** The codes its redirect carried (a code is redeemed by the token request that names it). */
  codes: string[];
}

const MAX_FLOWS = 50;
const MAX_FINDINGS = 100;

/** Authorization endpoints: `/authorize` (Entra `/oauth2/v2.0/authorize`, Auth0, Okta, IdentityServer), Keycloak's `/protocol/openid-connect/auth`. */
const AUTHORIZE = /\/(authorize|protocol\/openid-connect\/auth)\/?$/i;

const param = (list: readonly NameValue[], name: string): string | null =>
  list.find((p) => p.name === name)?.value ?? null;

function base(url: string): string | null {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`.toLowerCase();
  } catch {
    return null;
  }
}

/** The body fields of a token request: a form, or a JSON object's string members. */
function bodyFields(entry: Entry): NameValue[] {
  const form = entry.formFields;
  if (form.length) return [...form];
  const json = parseJsonObject(entry.postText);
  return json
    ? Object.entries(json).flatMap(([name, value]) => (typeof value === 'string' ? [{ name, value }] : []))
    : [];
}

/** The `nonce` of the ID token in a token response, or undefined when it holds none. */
function idTokenNonce(raw: string): string | null {
  const nonce = decode(raw).claims?.nonce;
  return typeof nonce === 'string' ? nonce : null;
}

const show = (s: string | null) => (s === null ? 'none' : JSON.stringify(quoteServer(s, 80)));

export class FlowAudit {
  private flows: Flow[] = [];
  private found = new Map<string, ReportFinding>();
  private file: string | undefined;

  nextFile(): void {
    this.flows = [];
  }

  /** Reads one entry; findings are kept, grouped, and given by `findings()`. */
  entry(entry: Entry): void {
    this.file = entry.file;
    this.authorize(entry);
    if (!this.flows.length && entry.method !== 'POST') return;
    this.redirect(entry, entry.queryParams, entry.url);
    if (entry.status >= 300 && entry.status < 400) {
      const location = header(entry.responseHeaders, 'location');
      if (location) {
        let url = location;
        try {
          url = new URL(location, entry.url).href;
        } catch {
          // kept as sent
        }
        this.redirect(entry, urlParams(url.slice(0, 16_000)), url);
      }
    }
    // response_mode=form_post: the browser posts the answer to the redirect URI.
    const tokenRequest = isTokenRequest(entry);
    if (entry.method === 'POST' && !tokenRequest && this.flows.length)
      this.redirect(entry, entry.formFields, entry.url);
    if (tokenRequest) this.token(entry);
  }

  findings(): ReportFinding[] {
    // Copies: the kept ones grow as later entries join them, and a report once made must not change.
    return [...this.found.values()].map((f) => ({ ...f, entries: [...(f.entries ?? [])] }));
  }

  private add(key: string, code: ReportFindingCode, severity: Severity, at: number[], message: string): void {
    const k = `${code}\u0000${this.file ?? ''}\u0000${key}`;
    if (this.extend(k, at)) return;
    if (this.found.size >= MAX_FINDINGS) return;
    const spans = [...new Set(at)];
    this.found.set(k, {
      code,
      severity,
      entry: spans[0] ?? -1,
      entries: spans,
      message,
      ...(this.file !== undefined ? { file: this.file } : {}),
    });
  }

  /** Adds requests to a finding already made; false when there is none under `k`. */
  private extend(k: string, at: number[]): boolean {
    const entries = this.found.get(k)?.entries;
    if (!entries) return false;
    for (const e of at) if (!entries.includes(e) && entries.length < 20) entries.push(e);
    return true;
  }

  private name(entry: number): string {
    return entryName(entry, this.file);
  }

  private authorize(entry: Entry): void {
    if (entry.method !== 'GET' || !entry.url.includes('response_type=') || !AUTHORIZE.test(base(entry.url) ?? ''))
      return;
    const p = urlParams(entry.url);
    const responseType = param(p, 'response_type');
    const clientId = param(p, 'client_id');
    // A pushed authorization request (RFC 9126) carries its parameters elsewhere: nothing here to judge.
    if (!responseType || !clientId || param(p, 'request_uri') || param(p, 'request')) return;
    const redirectUri = param(p, 'redirect_uri');
    const flow: Flow = {
      entry: entry.index,
      clientId,
      redirectUri,
      redirectBase: redirectUri ? base(redirectUri) : null,
      state: param(p, 'state'),
      nonce: param(p, 'nonce'),
      challenge: param(p, 'code_challenge'),
      plain: false,
      codes: [],
    };
    this.flows.push(flow);
    if (this.flows.length > MAX_FLOWS) this.flows.shift();
    const types = responseType.split(/[\s+]+/);
    if (types.includes('token')) {
      this.add(
        clientId,
        'implicit-grant',
        'warning',
        [entry.index],
        `The authorization request of ${this.name(entry.index)} asks for response_type=${quoteServer(responseType, 40)} (client ${show(clientId)}): the access token comes back in the redirect URL's fragment, ` +
          'where history, the Referer of later requests and every script on the page can read it, and it cannot be bound to the client. Use the authorization code flow with PKCE (RFC 9700 §2.1.2).',
      );
    }
    const method = param(p, 'code_challenge_method');
    if (flow.challenge !== null && method !== 'S256') {
      flow.plain = true;
      this.add(
        clientId,
        'pkce-plain',
        'warning',
        [entry.index],
        `The authorization request of ${this.name(entry.index)} sends a PKCE code_challenge with ${method === null ? 'no code_challenge_method, which means plain' : `code_challenge_method=${show(method)}`} (client ${show(clientId)}): ` +
          'with plain the challenge is the verifier, so whoever sees this URL can redeem the code. Use S256 (RFC 7636 §4.2, RFC 9700 §2.1.1).',
      );
    }
  }

  /** A redirect to a flow's redirect URI: its state, its code, and the ID token of an implicit or hybrid answer. */
  private redirect(entry: Entry, p: readonly NameValue[], url: string): void {
    if (!p.length || !this.flows.length) return;
    const code = param(p, 'code');
    const idToken = param(p, 'id_token');
    if (code === null && idToken === null && param(p, 'access_token') === null && param(p, 'error') === null) return;
    const at = base(url);
    const candidates = this.flows.filter((f) => f.redirectBase !== null && f.redirectBase === at);
    if (!candidates.length) return;
    const state = param(p, 'state');
    const flow =
      candidates.find((f) => f.state !== null && f.state === state) ??
      (candidates.every((f) => f.state === null) ? candidates[candidates.length - 1] : undefined);
    const sent = candidates[candidates.length - 1];
    if (!flow && sent) {
      this.add(
        `${at}\u0000${state ?? ''}`,
        'state-mismatch',
        'error',
        [sent.entry, entry.index],
        `The redirect to ${at} (${this.name(entry.index)}) carries state ${show(state)}, but the authorization request of ${this.name(sent.entry)} sent state ${show(sent.state)}. ` +
          'The answer belongs to another request, or the app does not check state: an attacker can then log the user into the attacker’s account (CSRF, RFC 6749 §10.12). Reject a redirect whose state is not the one stored for it.',
      );
      return;
    }
    if (!flow) return;
    if (code !== null && !flow.codes.includes(code) && flow.codes.length < 4) flow.codes.push(code);
    if (idToken !== null) this.nonce(flow, entry, idTokenNonce(idToken));
  }

  private nonce(flow: Flow, entry: Entry, nonce: string | null): void {
    if (flow.nonce === nonce) return;
    this.add(
      `${flow.entry}`,
      'nonce-mismatch',
      'error',
      [flow.entry, entry.index],
      `The ID token of ${this.name(entry.index)} carries nonce ${show(nonce)}, but the authorization request of ${this.name(flow.entry)} sent nonce ${show(flow.nonce)}. ` +
        'An ID token whose nonce is not the one the app sent may be replayed or injected (OpenID Connect Core §3.1.3.7): the app must compare them and refuse it.',
    );
  }

  private token(entry: Entry): void {
    const fields = bodyFields(entry);
    const grant = param(fields, 'grant_type');
    const clientId = param(fields, 'client_id');
    if (grant === 'password') {
      this.add(
        clientId ?? base(entry.url) ?? '',
        'password-grant',
        'error',
        [entry.index],
        `The app sent a user's password to the token endpoint (${this.name(entry.index)}, grant_type=password${clientId ? `, client ${show(clientId)}` : ''}). ` +
          'With this grant (ROPC) the app handles the password itself, and multi-factor and federated sign-in cannot work. Use the authorization code flow with PKCE (RFC 9700 §2.4: the password grant must not be used).',
      );
      return;
    }
    if (grant !== 'authorization_code') return;
    const code = param(fields, 'code');
    const redeemed = code !== null ? this.flows.find((f) => f.codes.includes(code)) : undefined;
    // The redirect may not be in the capture (a fragment the exporter dropped): the client's latest flow stands in
    // to say whether a challenge was sent, never to compare values (a client may run sign-ins with other redirect URIs).
    const flow = redeemed ?? [...this.flows].reverse().find((f) => clientId !== null && f.clientId === clientId);
    // A code of a plain-PKCE flow redeemed: the finding spans the token request too, and so reaches what it issued.
    if (redeemed?.plain) this.extend(`pkce-plain\u0000${this.file ?? ''}\u0000${redeemed.clientId}`, [entry.index]);
    const verifier = param(fields, 'code_verifier');
    if (!verifier) {
      const at = flow ? [flow.entry, entry.index] : [entry.index];
      this.add(
        clientId ?? base(entry.url) ?? '',
        'pkce-missing',
        'warning',
        at,
        `The browser redeemed an authorization code without PKCE (${this.name(entry.index)}: no code_verifier${flow ? `; the authorization request of ${this.name(flow.entry)} sent ${flow.challenge === null ? 'no code_challenge' : 'a code_challenge'}` : ''}). ` +
          'Without PKCE a code stolen from the redirect, or injected into it, can be redeemed. Use PKCE with S256 (RFC 9700 §2.1.1: required for public clients).',
      );
    }
    const redirectUri = param(fields, 'redirect_uri');
    if (redeemed && redeemed.redirectUri !== null && redirectUri !== redeemed.redirectUri) {
      this.add(
        `${redeemed.entry}`,
        'redirect-uri-mismatch',
        'warning',
        [redeemed.entry, entry.index],
        `The token request of ${this.name(entry.index)} sends redirect_uri ${show(redirectUri)}, but the authorization request of ${this.name(redeemed.entry)} sent ${show(redeemed.redirectUri)}. ` +
          'RFC 6749 §4.1.3 requires them identical: a server that refuses it answers invalid_grant; one that accepts it lets a code issued for one redirect be redeemed for another.',
      );
    }
    const body =
      entry.status >= 200 && entry.status < 300 && entry.responseText.length < 1_000_000
        ? parseJsonObject(entry.responseText)
        : null;
    if (redeemed && typeof body?.id_token === 'string') this.nonce(redeemed, entry, idTokenNonce(body.id_token));
  }
}
