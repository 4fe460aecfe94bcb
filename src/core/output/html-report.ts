/**
 * The report as one self-contained HTML page to hand to a colleague: the summary, the findings with their advice,
 * the timeline (inline SVG), and each token's times and decoded claims. Built as a string, every value from the
 * report escaped (`esc`); the page has no script at all, and its Content-Security-Policy allows nothing but its own
 * style sheet (by hash), so even a mistake in escaping could not load or run anything. Redaction is the report's:
 * raw tokens and credential claims appear only in a report made with `reveal`.
 */
import { sha256 } from '@noble/hashes/sha256';
import { audienceText, KIND_LABELS, valueText } from '../token/describe.js';
import { entryName } from '../model/entry.js';
import { FINDING_HELP } from '../model/finding-help.js';
import { FINDING_TITLES, ownFindings, type Severity } from '../model/findings.js';
import { encodeBase64 } from '../util/base64url.js';
import { esc } from '../util/escape.js';
import { plural } from '../util/plural.js';
import type { Report, TokenReport } from '../model/report.js';
import { timelineSvg } from './timeline-svg.js';
import type { TimeValue } from '../model/token.js';

export interface HtmlOptions {
  version: string;
  /** The input files' names, for the heading. */
  files: string[];
}

const STYLE = `
:root { color-scheme: light dark; --bg: #fff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --panel: #f6f8fa;
  --error: #cf222e; --warning: #9a6700; --info: #59636e; --ok: #1a7f37; --bar: #8c959f; --link: #8250df; --skew: rgba(191,135,0,.25); }
@media (prefers-color-scheme: dark) { :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --panel: #151b23;
  --error: #ff7b72; --warning: #d29922; --info: #9198a1; --ok: #3fb950; --bar: #656c76; --link: #bc8cff; --skew: rgba(210,153,34,.3); } }
body { background: var(--bg); color: var(--fg); font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; padding: 24px; max-width: 1100px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 18px 0 6px; }
.muted { color: var(--muted); } code, .mono { font-family: ui-monospace, monospace; font-size: 12.5px; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; } th, td { text-align: left; vertical-align: top; padding: 3px 8px; border-bottom: 1px solid var(--line); }
th { color: var(--muted); font-weight: 600; } td { overflow-wrap: anywhere; }
.sev { font-weight: 600; } .sev.error { color: var(--error); } .sev.warning { color: var(--warning); } .sev.info { color: var(--info); }
.finding { border-left: 3px solid var(--line); padding: 4px 10px; margin: 8px 0; background: var(--panel); }
.finding.error { border-color: var(--error); } .finding.warning { border-color: var(--warning); }
.advice { color: var(--muted); margin: 2px 0 0; }
.counts span { margin-right: 14px; } .token { border: 1px solid var(--line); border-radius: 6px; padding: 4px 14px 10px; margin: 14px 0; }
.timeline-wrap { overflow-x: auto; } svg.timeline { font: 11px system-ui, sans-serif; }
svg .axis, svg .lane-label { fill: var(--muted); } svg .grid { stroke: var(--line); stroke-width: 1; }
svg .bar { fill: var(--bar); } svg .bar.sev-error { fill: var(--error); fill-opacity: .45; } svg .bar.sev-warning { fill: var(--warning); fill-opacity: .45; }
svg .tick { stroke-width: 2; } svg .tick.ok { stroke: var(--ok); } svg .tick.denied { stroke: var(--error); } svg .tick.other { stroke: var(--muted); }
svg .link { stroke: var(--link); stroke-width: 1.5; fill: none; } svg .link-dot { fill: var(--link); }
svg .bar.outside { fill: var(--muted); } svg .reuse { fill: none; stroke: var(--error); stroke-width: 2; } svg .skew { fill: var(--skew); }
svg .flow { fill: var(--warning); } svg .flow.sev-error { fill: var(--error); } svg .flow.sev-info { fill: var(--info); }
.legend span { margin-right: 12px; } .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; vertical-align: -1px; margin-right: 4px; }
.swatch.ok { background: var(--ok); } .swatch.denied { background: var(--error); } .swatch.other { background: var(--muted); } .swatch.link { background: var(--link); } .swatch.skew { background: var(--skew); }
@media print { body { max-width: none; padding: 0; font-size: 11pt; } .token, .finding { break-inside: avoid; } a { color: inherit; text-decoration: none; }
  .timeline-wrap { overflow: visible; } svg.timeline { max-width: 100%; height: auto; } }
`;

/** The CSP: nothing may load or run; the one style element is allowed by its SHA-256 (CSP Level 3, hash-source). */
export function contentSecurityPolicy(style: string): string {
  const hash = encodeBase64(sha256(new TextEncoder().encode(style)));
  return `default-src 'none'; style-src 'sha256-${hash}'; img-src 'none'; script-src 'none'; base-uri 'none'; form-action 'none'`;
}

const date = (t: TimeValue | undefined) => (t ? (t.utc ?? `${t.epoch} (outside the date range)`) : '—');

function sevSpan(s: Severity): string {
  return `<span class="sev ${s}">${s}</span>`;
}

function tokenSection(t: TokenReport): string {
  const rows = (obj: Record<string, unknown> | null) =>
    obj
      ? Object.keys(obj)
          .map((k) => `<tr><th class="mono">${esc(k)}</th><td class="mono">${esc(valueText(obj[k], 4000))}</td></tr>`)
          .join('')
      : '';
  const out = [
    `<section class="token" id="t-${esc(t.id)}">`,
    `<h3>${esc(KIND_LABELS[t.kind])} token <code>${esc(t.id)}</code> <span class="muted">— ${esc(t.statusText)}</span></h3>`,
    '<table>',
    `<tr><th>Family / type</th><td>${esc(`${t.family} / ${t.type}${t.policy ? ` / ${t.policy}` : ''}`)}</td></tr>`,
    `<tr><th>Audience</th><td>${esc(audienceText(t)) || '—'}</td></tr>`,
    `<tr><th>nbf</th><td>${esc(date(t.times.nbf))}</td></tr><tr><th>iat</th><td>${esc(date(t.times.iat))}</td></tr>`,
    `<tr><th>exp</th><td>${esc(date(t.times.exp))}${t.times.expSource && t.times.expSource !== 'claim' ? ` <span class="muted">(from the ${esc(t.times.expSource)})</span>` : ''}</td></tr>`,
    `<tr><th>Seen</th><td>${esc(plural(t.sightingCount, 'time'))}, first ${esc(t.firstSeen ?? '—')}, last ${esc(t.lastSeen ?? '—')}</td></tr>`,
  ];
  if (t.issuedBy)
    out.push(
      `<tr><th>Issued by</th><td>the token response of ${esc(entryName(t.issuedBy.entry))}${t.issuedBy.refreshTokenId ? `, redeeming refresh token <a href="#t-${esc(t.issuedBy.refreshTokenId)}"><code>${esc(t.issuedBy.refreshTokenId)}</code></a>` : ''}</td></tr>`,
    );
  if (t.replacedAt)
    out.push(
      `<tr><th>Replaced</th><td>by <a href="#t-${esc(t.replacedAt.by)}"><code>${esc(t.replacedAt.by)}</code></a> at ${esc(entryName(t.replacedAt.entry))}</td></tr>`,
    );
  if (t.reusedAfterReplace)
    out.push(
      `<tr><th>Used again</th><td class="sev error">after it was replaced, at ${esc(entryName(t.reusedAfterReplace.entry))}</td></tr>`,
    );
  if (t.error) out.push(`<tr><th>Error</th><td>${esc(t.error)}</td></tr>`);
  if (t.raw !== undefined) out.push(`<tr><th>Raw token</th><td class="mono">${esc(t.raw)}</td></tr>`);
  out.push('</table>');
  for (const f of t.findings)
    out.push(
      `<div class="finding ${f.severity}">${sevSpan(f.severity)} <code>${esc(f.code)}</code> ${esc(f.message)}</div>`,
    );
  if (t.header) out.push(`<h4>Header</h4><table>${rows(t.header)}</table>`);
  if (t.claims) out.push(`<h4>Claims</h4><table>${rows(t.claims)}</table>`);
  out.push('</section>');
  return out.join('\n');
}

export function toHtml(report: Report, options: HtmlOptions): string {
  const all = [
    ...report.tokens.flatMap((t) => ownFindings(t.findings).map((f) => ({ ...f, token: t as TokenReport | null }))),
    ...report.findings.map((f) => ({ ...f, token: null as TokenReport | null })),
  ];
  const count = (s: Severity) => all.filter((f) => f.severity === s).length;
  const revealed = report.tokens.some((t) => t.raw !== undefined);
  const body: string[] = [
    `<h1>Bearerscope report</h1>`,
    `<p class="muted">${esc(options.files.join(', ') || 'capture')} · ${esc(plural(report.entries, 'entry', 'entries'))} · judged at ${esc(report.now)} · Bearerscope ${esc(options.version)}</p>`,
    `<p class="counts"><span>${esc(plural(report.tokens.length, 'token'))}</span><span class="sev error">${esc(plural(count('error'), 'error'))}</span><span class="sev warning">${esc(plural(count('warning'), 'warning'))}</span><span class="sev info">${esc(plural(count('info'), 'note'))}</span></p>`,
    `<p class="muted">${revealed ? 'This report includes raw tokens and credential claims: treat it as a secret.' : 'Raw tokens and credential claims are redacted.'}</p>`,
    '<h2>Summary</h2>',
  ];
  if (report.tokens.length) {
    body.push(
      '<table><tr><th>Token</th><th>Kind</th><th>Status</th><th>Audience</th><th>Seen</th><th>Findings</th></tr>',
    );
    for (const t of report.tokens) {
      body.push(
        `<tr><td><a href="#t-${esc(t.id)}"><code>${esc(t.id)}</code></a></td><td>${esc(KIND_LABELS[t.kind])}</td><td>${esc(t.statusText)}</td><td>${esc(audienceText(t))}</td><td>${t.sightingCount}</td><td>${t.findings.map((f) => `<span class="sev ${f.severity}">${esc(f.code)}</span>`).join(' ')}</td></tr>`,
      );
    }
    body.push('</table>');
  } else body.push('<p>No bearer tokens found.</p>');
  body.push('<h2>Findings</h2>');
  if (!all.length) body.push('<p>No findings.</p>');
  for (const f of all) {
    const help = FINDING_HELP[f.code];
    const about = f.token
      ? ` <a href="#t-${esc(f.token.id)}">${esc(KIND_LABELS[f.token.kind])} token <code>${esc(f.token.id)}</code></a>`
      : '';
    body.push(
      `<div class="finding ${f.severity}">${sevSpan(f.severity)} <code>${esc(f.code)}</code> <strong>${esc(FINDING_TITLES[f.code])}</strong>${about}<br>${esc(f.message)}<p class="advice">${esc(help.help)}</p></div>`,
    );
  }
  body.push(
    '<h2>Timeline</h2>',
    '<p class="legend muted"><span><i class="swatch ok"></i>2xx</span><span><i class="swatch denied"></i>401/403</span><span><i class="swatch other"></i>other answer</span><span><i class="swatch link"></i>issued by a token response</span><span><i class="swatch skew"></i>clock skew</span> Hover a mark for its request; a bar links to its token.</p>',
    `<div class="timeline-wrap">${timelineSvg(report)}</div>`,
    '<h2>Tokens</h2>',
  );
  for (const t of report.tokens) body.push(tokenSection(t));
  if (report.notes.length)
    body.push('<h2>Notes on the input</h2><ul>', ...report.notes.map((n) => `<li>${esc(n)}</li>`), '</ul>');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(STYLE)}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="color-scheme" content="light dark">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>Bearerscope report — ${esc(plural(report.tokens.length, 'token'))}, ${esc(plural(count('error'), 'error'))}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
