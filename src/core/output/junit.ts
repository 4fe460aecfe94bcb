/**
 * The report as JUnit XML, the test-result format every CI shows: one test case per token, and one for the
 * findings about the capture as a whole. A case fails when one of its findings reaches `--fail-on`, so the
 * CI's test view and the exit code agree. Findings below the bar are listed in the case's system-out.
 *
 * Token data reaches attributes and text: everything is escaped, and characters XML 1.0 cannot hold
 * (controls, lone surrogates, U+FFFE/U+FFFF) are written as visible `⟨U+…⟩` escapes instead.
 */
import { audienceText, KIND_LABELS } from '../token/describe.js';
import { visible } from '../util/escape.js';
import { atLeast, ownFindings, type Severity } from '../model/findings.js';
import type { Report } from '../model/report.js';

export interface JunitOptions {
  failOn: Severity | 'never';
}

/** Chars not allowed in XML 1.0 (https://www.w3.org/TR/xml/#charsets), after `visible` has escaped the C0/C1 ones. */
const NOT_XML =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function xmlText(s: string): string {
  return visible(s)
    .replace(NOT_XML, (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

interface Case {
  classname: string;
  name: string;
  findings: { code: string; severity: Severity; message: string }[];
}

export function toJunit(report: Report, options: JunitOptions): string {
  const fails = (s: Severity) => options.failOn !== 'never' && atLeast(s, options.failOn);
  const cases: Case[] = report.tokens.map((t) => ({
    classname: `bearerscope.${t.family}`,
    name: `${KIND_LABELS[t.kind]} token ${t.id}${audienceText(t) ? ` for ${audienceText(t)}` : ''}`,
    findings: ownFindings(t.findings),
  }));
  cases.push({ classname: 'bearerscope.capture', name: 'findings about the capture', findings: report.findings });
  const failures = cases.filter((c) => c.findings.some((f) => fails(f.severity))).length;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="bearerscope" tests="${cases.length}" failures="${failures}" errors="0">`,
    `  <testsuite name="bearerscope scan" tests="${cases.length}" failures="${failures}" errors="0" skipped="0" timestamp="${xmlText(report.now.replace(/\.\d+Z$/, ''))}">`,
    `    <properties><property name="entries" value="${report.entries}"/><property name="judgedAt" value="${xmlText(report.now)}"/></properties>`,
  ];
  for (const c of cases) {
    lines.push(`    <testcase classname="${xmlText(c.classname)}" name="${xmlText(c.name)}">`);
    const failing = c.findings.filter((f) => fails(f.severity));
    if (failing.length) {
      const summary = failing.map((f) => f.code).join(', ');
      const body = failing.map((f) => xmlText(`${f.severity} ${f.code}: ${f.message}`)).join('\n');
      lines.push(
        `      <failure message="${xmlText(summary)}" type="${xmlText(failing[0]?.severity ?? 'error')}">${body}</failure>`,
      );
    }
    const rest = c.findings.filter((f) => !fails(f.severity));
    if (rest.length)
      lines.push(
        `      <system-out>${rest.map((f) => xmlText(`${f.severity} ${f.code}: ${f.message}`)).join('\n')}</system-out>`,
      );
    lines.push('    </testcase>');
  }
  if (report.notes.length) lines.push(`    <system-err>${report.notes.map(xmlText).join('\n')}</system-err>`);
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}
