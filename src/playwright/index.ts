/**
 * `bearerscope/playwright`: a Playwright Test fixture that records each test's traffic, scans it when the test ends,
 * attaches the report to the test (HTML, as `@axe-core/playwright` users attach theirs) and fails the test on a
 * finding at the configured level that the config neither accepts nor baselines.
 *
 *   import { test, expect } from 'bearerscope/playwright';
 *   test.use({ bearerscope: { failOn: 'warning' } });
 *
 * The recording is Playwright's own: `recordHar` is added to the options the built-in `context` fixture creates its
 * context with (so `baseURL`, `viewport`, `storageState` and the rest still apply), and the HAR is complete once that
 * context is closed. The option fixture it is added in is torn down after the context, which is where the scan
 * runs. A context the test makes itself with `browser.newContext()` is not recorded.
 */
import { test as base } from '@playwright/test';
import { scanHar, gate, loadConfig, type BearerscopeConfig, type FailOn, type Gate } from '../cli/api.js';
import { toHtml } from '../core/output/html-report.js';
import { KIND_LABELS } from '../core/token/describe.js';
import { visible } from '../core/util/escape.js';

export { expect } from '@playwright/test';

declare const BEARERSCOPE_VERSION: string;

export interface BearerscopeOptions {
  /** The lowest severity that fails the test; default: the config's `failOn`, else error. `never` only reports. */
  failOn?: FailOn;
  /** The gate's settings; default: the bearerscope.config.json that governs the working directory, if any. */
  config?: BearerscopeConfig | null;
  /** A baseline file (from `bearerscope scan --update-baseline`), resolved against the working directory. */
  baseline?: string;
  /** Attach the HTML report to every test (default), or only to those it fails. */
  attach?: 'always' | 'on-failure';
  /** Turn the recording and the scan off for a test or a project. */
  enabled?: boolean;
}

export interface BearerscopeFixtures {
  bearerscope: BearerscopeOptions;
}

/** The findings that fail the test, one line each, as the CLI's table names them. */
function failureMessage(g: Gate): string {
  const lines = g.findings
    .filter((f) => f.fails)
    .map((f) => {
      const about = f.token ? ` [${KIND_LABELS[f.token.kind]} ${f.token.id}]` : f.host ? ` [${f.host}]` : '';
      return `  ${f.finding.severity === 'error' ? '✖' : f.finding.severity === 'warning' ? '▲' : '·'} ${f.finding.code}${about} ${visible(f.finding.message)}`;
    });
  return `Bearerscope: ${lines.length} finding${lines.length === 1 ? '' : 's'} at --fail-on ${g.failOn} in this test's traffic (the report is attached):\n${lines.join('\n')}`;
}

export const test = base.extend<BearerscopeFixtures>({
  bearerscope: [{}, { option: true }],
  contextOptions: async ({ contextOptions, bearerscope }, use, testInfo) => {
    if (bearerscope.enabled === false) {
      await use(contextOptions);
      return;
    }
    const har = testInfo.outputPath('bearerscope.har');
    // 'embed' keeps the bodies in the HAR, where token responses are read from; only the built-in context uses it.
    await use({ ...contextOptions, recordHar: { path: har, content: 'embed' } });
    let report;
    try {
      report = await scanHar(har, { now: new Date() });
    } catch {
      return; // No context was created (a test without `page` or `context`): nothing was recorded.
    }
    const config = bearerscope.config === undefined ? (loadConfig() ?? {}) : (bearerscope.config ?? {});
    const verdicts = gate(report, {
      config: bearerscope.failOn ? { ...config, failOn: bearerscope.failOn } : config,
      ...(bearerscope.baseline ? { baseline: bearerscope.baseline } : {}),
    });
    if (bearerscope.attach !== 'on-failure' || verdicts.failing) {
      await testInfo.attach('bearerscope-report.html', {
        body: toHtml(report, { version: BEARERSCOPE_VERSION, files: [testInfo.title] }),
        contentType: 'text/html',
      });
    }
    if (verdicts.failing) throw new Error(failureMessage(verdicts));
  },
});
