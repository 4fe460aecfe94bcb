/**
 * Credentials that belong on a server, found in what a browser sent or received: the `secret-in-browser` finding.
 *
 * The formats follow gitleaks' maintained rule set (github.com/gitleaks/gitleaks, config/gitleaks.toml; rule ids
 * given beside each rule), narrowed where a browser capture needs it (word boundaries that hold inside URLs and
 * JSON). Every rule needs a literal the text must contain, so a body with none of them costs a few `includes`.
 * Keys that are public by design (Stripe publishable keys, Google browser API keys) are reported as info.
 *
 * Deliberately not done: generic "high-entropy string" or `password=` rules (they flag too much that is fine),
 * checking whether a key is live (that would mean a request of our own), and secrets inside JWT claims.
 */
import { sha256 } from '@noble/hashes/sha256';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import { headers } from '../har/entry.js';
import { maskJwts } from '../token/jwt-text.js';
import { SECRET_HINT } from '../har/hints.js';
import { type Entry, entryName } from '../model/entry.js';
import { hostOf } from '../util/url.js';
import type { ReportFinding, Severity } from '../model/findings.js';
import { AREA_WORDS, type StorageArea } from '../model/places.js';

export interface SecretRule {
  /** gitleaks' rule id where there is one. */
  id: string;
  provider: string;
  /** Literals one of which any match contains: the cheap test before the regex runs. */
  hints: string[];
  /** Global regex; group 1, when present, is the secret. */
  re: RegExp;
  severity: Severity;
  /** Characters of the secret shown in messages. */
  show: number;
  advice: string;
}

const ROTATE = 'Revoke or rotate it now, and move the call that needs it to a server.';

export const SECRET_RULES: readonly SecretRule[] = [
  {
    id: 'github-pat',
    provider: 'GitHub personal access token',
    hints: ['ghp_'],
    re: /\b(ghp_[0-9a-zA-Z]{36})(?![0-9a-zA-Z])/g,
    severity: 'error',
    show: 8,
    advice: ROTATE,
  },
  {
    id: 'github-oauth',
    provider: 'GitHub OAuth access token',
    hints: ['gho_'],
    re: /\b(gho_[0-9a-zA-Z]{36})(?![0-9a-zA-Z])/g,
    severity: 'error',
    show: 8,
    advice: ROTATE,
  },
  {
    id: 'github-app-token',
    provider: 'GitHub App token',
    hints: ['ghu_', 'ghs_'],
    re: /\b((?:ghu|ghs)_[0-9a-zA-Z]{36})(?![0-9a-zA-Z])/g,
    severity: 'error',
    show: 8,
    advice: ROTATE,
  },
  {
    id: 'github-refresh-token',
    provider: 'GitHub refresh token',
    hints: ['ghr_'],
    re: /\b(ghr_[0-9a-zA-Z]{36})(?![0-9a-zA-Z])/g,
    severity: 'error',
    show: 8,
    advice: ROTATE,
  },
  {
    id: 'github-fine-grained-pat',
    provider: 'GitHub fine-grained personal access token',
    hints: ['github_pat_'],
    re: /\b(github_pat_\w{82})(?!\w)/g,
    severity: 'error',
    show: 15,
    advice: ROTATE,
  },
  {
    id: 'slack-bot-token',
    provider: 'Slack bot token',
    hints: ['xoxb-'],
    re: /\b(xoxb-[0-9]{10,13}-[0-9]{10,13}[a-zA-Z0-9-]*)/g,
    severity: 'error',
    show: 9,
    advice: ROTATE,
  },
  {
    id: 'slack-user-token',
    provider: 'Slack user token',
    hints: ['xoxp-', 'xoxe-'],
    re: /\b(xox[pe](?:-[0-9]{10,13}){3}-[a-zA-Z0-9-]{28,34})/g,
    severity: 'error',
    show: 9,
    advice: ROTATE,
  },
  {
    id: 'slack-app-token',
    provider: 'Slack app-level token',
    hints: ['xapp-'],
    re: /\b(xapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+)/gi,
    severity: 'error',
    show: 9,
    advice: ROTATE,
  },
  {
    id: 'stripe-access-token',
    provider: 'Stripe live secret key',
    hints: ['sk_live_', 'sk_prod_'],
    re: /\b(sk_(?:live|prod)_[a-zA-Z0-9]{10,99})(?![a-zA-Z0-9])/g,
    severity: 'error',
    show: 12,
    advice:
      'Roll the key in the Stripe dashboard now; only publishable keys (pk_) belong in a browser. Move the call to a server.',
  },
  {
    id: 'stripe-access-token',
    provider: 'Stripe live restricted key',
    hints: ['rk_live_', 'rk_prod_'],
    re: /\b(rk_(?:live|prod)_[a-zA-Z0-9]{10,99})(?![a-zA-Z0-9])/g,
    severity: 'error',
    show: 12,
    advice:
      'Roll the key in the Stripe dashboard now; only publishable keys (pk_) belong in a browser. Move the call to a server.',
  },
  {
    id: 'stripe-access-token',
    provider: 'Stripe test secret key',
    hints: ['sk_test_', 'rk_test_'],
    re: /\b((?:sk|rk)_test_[a-zA-Z0-9]{10,99})(?![a-zA-Z0-9])/g,
    severity: 'warning',
    show: 12,
    advice:
      'A test key moves no money, but the same code will ship a live key: move the call to a server before it does.',
  },
  {
    id: 'aws-access-token',
    provider: 'AWS access key ID',
    hints: ['AKIA', 'ASIA'],
    re: /\b((?:AKIA|ASIA)[A-Z2-7]{16})\b/g,
    severity: 'error',
    show: 8,
    advice:
      'Deactivate the key in IAM (a temporary ASIA key: revoke its session), and give the browser short-lived, narrowly scoped credentials (e.g. Cognito) or a server call instead.',
  },
  {
    id: 'openai-api-key',
    provider: 'OpenAI API key',
    hints: ['T3BlbkFJ'],
    re: /\b(sk-(?:(?:proj|svcacct|admin)-(?:[A-Za-z0-9_-]{74}|[A-Za-z0-9_-]{58})T3BlbkFJ(?:[A-Za-z0-9_-]{74}|[A-Za-z0-9_-]{58})|[a-zA-Z0-9]{20}T3BlbkFJ[a-zA-Z0-9]{20}))(?![A-Za-z0-9_-])/g,
    severity: 'error',
    show: 8,
    advice: ROTATE,
  },
  {
    id: 'anthropic-api-key',
    provider: 'Anthropic API key',
    hints: ['sk-ant-'],
    re: /\b(sk-ant-(?:api03|admin01)-[a-zA-Z0-9_-]{93}AA)(?![a-zA-Z0-9_-])/g,
    severity: 'error',
    show: 12,
    advice: ROTATE,
  },
  {
    id: 'azure-storage-key',
    provider: 'Azure Storage account key',
    hints: ['AccountKey', 'accountkey', 'account_key', 'storagekey', 'storage_key'],
    re: /(?:AccountKey|account_?key|storage_?key)["']?\s*[=:]\s*["']?([A-Za-z0-9+/]{86}==)/gi,
    severity: 'error',
    show: 6,
    advice:
      'Rotate the account key in the Azure portal, and give the browser a short-lived, narrowly scoped SAS from a server (or use Entra ID) instead.',
  },
  {
    id: 'private-key',
    provider: 'Private key',
    hints: ['PRIVATE KEY'],
    re: /(-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----[\s\S-]{64,}?KEY(?: BLOCK)?-----)/g,
    severity: 'error',
    show: 0,
    advice: 'Replace the key pair and revoke any certificate issued for it; a private key never belongs in a browser.',
  },
  {
    id: 'azure-ad-client-secret',
    provider: 'Entra ID client secret',
    hints: ['Q~'],
    re: /(?:^|[\\'"`\s>=:(,)&])([a-zA-Z0-9_~.]{3}\dQ~[a-zA-Z0-9_~.-]{31,34})(?=$|[\\'"`\s<),&;])/g,
    severity: 'error',
    show: 3,
    advice:
      'Delete the secret from the app registration (Certificates & secrets) and create a new one kept on a server; a browser app is a public client and needs none.',
  },
  {
    id: 'gitlab-pat',
    provider: 'GitLab personal access token',
    hints: ['glpat-'],
    re: /\b(glpat-[\w-]{20})(?![\w-])/g,
    severity: 'error',
    show: 10,
    advice: ROTATE,
  },
  {
    id: 'npm-access-token',
    provider: 'npm access token',
    hints: ['npm_'],
    re: /\b(npm_[a-zA-Z0-9]{36})(?![a-zA-Z0-9])/g,
    severity: 'error',
    show: 8,
    advice: ROTATE,
  },
  {
    id: 'huggingface-access-token',
    provider: 'Hugging Face access token',
    hints: ['hf_'],
    re: /\b(hf_[a-zA-Z]{34})(?![a-zA-Z0-9])/g,
    severity: 'error',
    show: 7,
    advice: ROTATE,
  },
  {
    id: 'sendgrid-api-token',
    provider: 'SendGrid API key',
    hints: ['SG.'],
    re: /\b(SG\.[a-zA-Z0-9_-]{22}\.[a-zA-Z0-9_-]{43})(?![a-zA-Z0-9_-])/g,
    severity: 'error',
    show: 7,
    advice: ROTATE,
  },
  {
    id: 'stripe-publishable-key',
    provider: 'Stripe publishable key',
    hints: ['pk_live_', 'pk_test_'],
    re: /\b(pk_(?:live|test)_[a-zA-Z0-9]{10,99})(?![a-zA-Z0-9])/g,
    severity: 'info',
    show: 12,
    advice: 'Publishable keys are public by design: nothing to rotate, as long as no secret key (sk_) travels with it.',
  },
  {
    id: 'gcp-api-key',
    provider: 'Google API key',
    hints: ['AIza'],
    re: /\b(AIza[\w-]{35})(?![\w-])/g,
    severity: 'info',
    show: 8,
    advice:
      'Google/Firebase browser keys are public by design: verify its API restrictions (HTTP referrers and the APIs it may call) in the Google Cloud console.',
  },
];

/**
 * Identifiers that travel from every visitor's browser by design, under a parameter name that would otherwise make
 * them a token (`token=`, `api_key=`): analytics project keys, which say which project an event is for and grant no
 * access to read anything. By host (an exact host or any subdomain of it) and parameter, in URLs and request bodies.
 *
 * Sources (each vendor's own documentation says the key is meant to be public):
 * - Mixpanel project token: not a secret and not a form of authorization
 *   (https://docs.mixpanel.com/docs/orgs-and-projects/managing-projects#project-token); sent as `token` to api(-js|-eu).mixpanel.com.
 * - Segment write key: identifies the source, and ships in every page that loads analytics.js
 *   (https://segment.com/docs/connections/find-writekey/); sent as `writeKey` to api.segment.io.
 * - Amplitude API key: required by the client-side SDKs, so public (https://amplitude.com/docs/apis/authentication);
 *   sent as `api_key` (HTTP API v2) or `client` (v1) to api2.amplitude.com.
 * - PostHog project API key: write-only, for public-facing code (https://posthog.com/docs/api); sent as `token` or
 *   `api_key` to *.posthog.com.
 */
const PUBLIC_IDENTIFIERS: ReadonlyArray<{ provider: string; hosts: readonly string[]; params: readonly string[] }> = [
  { provider: 'Mixpanel project token', hosts: ['mixpanel.com'], params: ['token'] },
  { provider: 'Segment write key', hosts: ['segment.io', 'segment.com'], params: ['writeKey', 'write_key'] },
  { provider: 'Amplitude API key', hosts: ['amplitude.com'], params: ['api_key', 'client'] },
  { provider: 'PostHog project API key', hosts: ['posthog.com'], params: ['token', 'api_key'] },
];

const PUBLIC_PARAMS: ReadonlySet<string> = new Set(PUBLIC_IDENTIFIERS.flatMap((p) => p.params));

/** Whether a parameter of a request to `url` carries a public-by-design identifier. */
export function isPublicIdentifier(url: string, param: string): boolean {
  if (!PUBLIC_PARAMS.has(param)) return false;
  const host = hostOf(url);
  return PUBLIC_IDENTIFIERS.some(
    (p) => p.params.includes(param) && p.hosts.some((h) => host === h || host.endsWith(`.${h}`)),
  );
}

/** An AWS secret access key beside the key ID (gitleaks' aws-access-token has no secret rule; this is the usual 40 characters). */
const AWS_SECRET =
  /(?:secret_?access_?key|aws_?secret|SecretAccessKey)["']?\s*[=:]\s*["']?[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])/i;

export interface SecretHit {
  rule: SecretRule;
  secret: string;
  /** Where it was seen, in words: "request header X-Api-Key", "localStorage key cfg". */
  where: string;
  /** A secret that came *to* the browser (a response), rather than one the browser sent. */
  received: boolean;
  /** AWS only: a secret access key was beside the key ID. */
  withSecret?: boolean;
}

const MAX_HITS = 20;

/** Every rule's matches in one text, each secret once. */
export function findSecrets(text: string, where: string, received = false): SecretHit[] {
  const out: SecretHit[] = [];
  // One pass for the common case (no rule's literal anywhere), before any rule's own test.
  if (!text || !SECRET_HINT.test(text)) return out;
  for (const rule of SECRET_RULES) {
    // Case-sensitive on purpose (a lower-cased copy of every 2 MB body would cost more than the rest): case-insensitive
    // rules list the spellings they accept among their hints.
    if (!rule.hints.some((h) => text.includes(h))) continue;
    rule.re.lastIndex = 0;
    for (const m of text.matchAll(rule.re)) {
      if (out.length >= MAX_HITS) return out;
      const secret = m[1] ?? m[0];
      if (out.some((h) => h.secret === secret)) continue;
      const hit: SecretHit = { rule, secret, where, received };
      if (rule.id === 'aws-access-token')
        hit.withSecret = AWS_SECRET.test(text.slice(Math.max(0, (m.index ?? 0) - 400), (m.index ?? 0) + 400));
      out.push(hit);
    }
  }
  return out;
}

/** The shown part of a secret: its provider's prefix and a few characters, never enough to use. */
export function redactSecret(hit: Pick<SecretHit, 'rule' | 'secret'>): string {
  // A private key: only its armour line, which says what kind of key it is.
  if (hit.rule.show === 0) return /^-----BEGIN[ A-Z0-9_-]{0,100}-----/.exec(hit.secret)?.[0] ?? 'private key';
  const shown = Math.min(hit.rule.show, Math.floor(hit.secret.length / 3));
  return `${hit.secret.slice(0, shown)}… (${hit.secret.length} characters)`;
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|::1)$/i;

/** `Authorization: Basic` on a plain-HTTP URL: a reusable password in clear text on the network. */
function basicOverHttp(entry: Entry): ReportFinding | null {
  if (!/^http:\/\//i.test(entry.url)) return null;
  if (!headers(entry.requestHeaders, 'authorization').some((v) => /^\s*basic\s+\S/i.test(v))) return null;
  const host = entry.host;
  const loopback = LOOPBACK.test(host);
  return {
    code: 'secret-in-browser',
    severity: loopback ? 'info' : 'error',
    entry: entry.index,
    provider: 'HTTP Basic credentials',
    message:
      `A user name and password (Authorization: Basic) were sent over plain HTTP to ${host} (${entryName(entry.index, entry.file)}, ${entry.method} ${entry.url.split('?')[0]}). ` +
      (loopback
        ? 'This host is this machine, so it did not cross a network here; on any other host it would be readable by anyone on the path. '
        : 'Anyone on the network path can read them. ') +
      'Serve it over HTTPS, and change the password if this was a real network.',
  };
}

/** The id a token of the secret's value would have (analysis/tokens.ts): a key sent as a bearer is a token's row too. */
const secretId = (secret: string): string => bytesToHex(sha256(utf8ToBytes(secret))).slice(0, 16);

function secretFinding(hit: SecretHit, entry: number, context: string, place?: string): ReportFinding {
  const how = place ? 'is kept in' : hit.received ? 'came to the browser in' : 'was sent from the browser in';
  const aws =
    hit.withSecret === undefined
      ? ''
      : hit.withSecret
        ? ' Its secret access key was beside it.'
        : ' No secret access key was seen beside it, but the key ID names the account and often travels with one.';
  const a = /^[AEIOU]/.test(hit.rule.provider) ? 'an' : 'a';
  const what =
    hit.rule.severity === 'info'
      ? `${a === 'an' ? 'An' : 'A'} ${hit.rule.provider} (${redactSecret(hit)})`
      : `A server-side secret, ${a} ${hit.rule.provider} (${redactSecret(hit)}),`;
  const f: ReportFinding = {
    code: 'secret-in-browser',
    severity: hit.rule.severity,
    entry,
    message: `${what} ${how} ${hit.where}${context}.${aws} ${hit.rule.advice}`,
    provider: hit.rule.provider,
    // Kept only when a token has this value: the report drops a `token` that names none of its tokens.
    token: secretId(hit.secret),
  };
  if (place) f.place = place;
  return f;
}

/** Where one entry carries text: each piece of it, named for the message. */
function piecesOf(entry: Entry): Array<[string, string, boolean]> {
  const out: Array<[string, string, boolean]> = [[entry.url, 'the URL', false]];
  for (const h of entry.requestHeaders)
    out.push([h.value, h.name.toLowerCase() === 'cookie' ? 'a cookie' : `request header ${h.name}`, false]);
  for (const c of entry.requestCookies) out.push([c.value, `cookie ${c.name}`, false]);
  if (entry.postText) out.push([entry.postText, 'the request body', false]);
  for (const h of entry.responseHeaders)
    out.push([
      h.value,
      h.name.toLowerCase() === 'set-cookie' ? 'a Set-Cookie header' : `response header ${h.name}`,
      true,
    ]);
  if (entry.responseText) out.push([entry.responseText, 'the response body', true]);
  return out;
}

const secretKey = (hit: SecretHit): string => `${hit.rule.provider}\u0000${secretId(hit.secret)}`;

/**
 * `secret-in-browser` findings for one entry; `seen` keeps each secret to its first sighting across a capture.
 * `skip` names rules already reported another way (an Entra secret sent as `client_secret` has its own finding).
 */
export function entrySecrets(entry: Entry, seen: Set<string>, skip: ReadonlySet<string> = new Set()): ReportFinding[] {
  const out: ReportFinding[] = [];
  const basic = basicOverHttp(entry);
  if (basic && !seen.has(`basic\u0000${entry.host}`)) {
    seen.add(`basic\u0000${entry.host}`);
    out.push(basic);
  }
  const pieces = piecesOf(entry);
  // Most entries hold no secret: one test over the short pieces together (URL, headers, cookies) instead of one each.
  const shortHints = SECRET_HINT.test(
    pieces
      .filter(([t]) => t.length <= 4096)
      .map(([t]) => t)
      .join('\n'),
  );
  for (const [text, where, received] of pieces) {
    if (text.length <= 4096 && !shortHints) continue;
    for (const hit of findSecrets(text, where, received)) {
      const key = secretKey(hit);
      if (seen.has(key) || skip.has(hit.rule.id)) continue;
      seen.add(key);
      out.push(
        secretFinding(
          hit,
          entry.index,
          ` (${entryName(entry.index, entry.file)}, ${entry.method} ${entry.url.split('?')[0]})`,
        ),
      );
    }
  }
  return out;
}

/** `secret-in-browser` findings for what a page keeps in its storage. */
export function storageSecrets(
  items: Array<{ where: StorageArea; key: string; value: string }>,
  seen: Set<string>,
): ReportFinding[] {
  const out: ReportFinding[] = [];
  for (const item of items) {
    for (const hit of findSecrets(
      item.value,
      `${AREA_WORDS[item.where].api} key "${redactKey(item.key).slice(0, 200)}"`,
      true,
    )) {
      const key = secretKey(hit);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(secretFinding(hit, -1, '', AREA_WORDS[item.where].api));
    }
  }
  return out;
}

/**
 * A storage key as reports may show it: a key can itself be a token or hold a secret (apps do key caches by token),
 * and keys travel in sightings, messages and notes, which exports keep. Cut to 500 characters.
 */
export function redactKey(key: string): string {
  // Redacted before cutting: a cut token or secret would no longer be recognised.
  let out = maskJwts(key.slice(0, 20_000), (m) => `[token: ${m.length} characters]`);
  for (const hit of findSecrets(out, '')) out = out.split(hit.secret).join(`[${redactSecret(hit)}]`);
  return out.slice(0, 500);
}
