/**
 * Every check the analysis runs, and the finding codes each one makes: a code in the catalogue
 * (model/findings.ts) is made by exactly one check here (test/core/checks/index.test.ts holds the two lists together).
 * The analysis runs these lists and nothing else, in this order; findings are then sorted by severity.
 */
import { FLOW_AUDIT_CODES } from '../model/findings.js';
import type { ReportCheck, TokenCheck } from './check.js';
import { judge } from './token.js';
import { storageExposure } from './storage-exposure.js';
import { headerRisks } from './header-risks.js';
import { proofFindings, signatureFinding } from './proofs.js';
import { entryFindings } from './oauth-errors.js';
import { ClockSkew, clockSkewFinding } from './clock-skew.js';
import { StrippedCheck } from './stripped.js';
import { idTokenAsBearer, refreshReused } from './token-use.js';
import { loginRedirect } from './login-redirect.js';
import { FlowAudit } from './oauth-flow.js';
import { entrySecrets, storageSecrets } from '../find/secrets.js';

export type { Downgrade, ReportCheck, ReportCheckState, TokenCheck } from './check.js';

/** Checks of one token: what it says, every request that carried it, where the page kept it, its signature and proofs. */
export const TOKEN_CHECKS: readonly TokenCheck[] = [
  {
    name: 'token',
    codes: [
      'malformed',
      'expired',
      'expired-when-sent',
      'not-yet-valid',
      'no-expiry',
      'unsigned',
      'cookie-leak',
      'url-leak',
      'rejected',
      'audience-mismatch',
      'long-lifetime',
    ],
    run: judge,
  },
  {
    name: 'storage-exposure',
    codes: ['storage-exposure'],
    run: (t) => {
      const f = storageExposure(t.stored, t.cls.type, t.cls.kind === 'unknown' ? 'token' : `${t.cls.kind} token`);
      return f ? [f] : [];
    },
  },
  {
    name: 'header-risks',
    codes: [
      'alg-confusion',
      'header-key-injection',
      'kid-suspicious',
      'crit-unknown',
      'b64-false',
      'at-jwt-claims-missing',
    ],
    run: (t) => headerRisks(t.header, t.claims, t.cls, t.keys, t.id),
  },
  {
    name: 'signature',
    codes: ['signature-invalid', 'signature-untrusted-key'],
    run: (t) => signatureFinding(t.signature),
  },
  {
    name: 'proofs',
    codes: ['dpop-invalid', 'dpop-replayed', 'dpop-unbound', 'dpop-downgrade', 'pop-invalid'],
    run: (t) => proofFindings(t.proofs, t.downgrades, t.claims),
  },
  { name: 'refresh-reuse', codes: ['refresh-reused'], run: (t) => refreshReused(t.reuse) },
  {
    name: 'id-token-as-bearer',
    codes: ['id-token-as-bearer'],
    run: (t) => idTokenAsBearer(t.cls, t.claims, t.gathered.bearerAuth),
  },
];

/** Checks of the capture as a whole: its entries one by one, the page's storage, and what only all of it shows. */
export const REPORT_CHECKS: readonly ReportCheck[] = [
  {
    name: 'oauth-errors',
    codes: ['client-secret-in-browser', 'oauth-error', 'idp-error'],
    create: () => ({ entry: entryFindings }),
  },
  { name: 'login-redirect', codes: ['login-redirect'], create: () => ({ entry: loginRedirect }) },
  {
    name: 'oauth-flow',
    codes: FLOW_AUDIT_CODES,
    create: () => {
      const audit = new FlowAudit();
      return {
        entry: (entry) => {
          audit.entry(entry);
          return [];
        },
        nextFile: () => audit.nextFile(),
        findings: () => audit.findings(),
      };
    },
  },
  {
    name: 'secrets',
    codes: ['secret-in-browser'],
    create: () => {
      // Each secret is reported once over the capture.
      const seen = new Set<string>();
      return {
        // An Entra secret sent as client_secret already has its own finding (oauth-errors, listed before this).
        entry: (entry, found) =>
          entrySecrets(
            entry,
            seen,
            found.some((f) => f.code === 'client-secret-in-browser') ? new Set(['azure-ad-client-secret']) : undefined,
          ),
        // Storage secrets are judged afresh on each read: a key removed from storage is no longer reported.
        storage: (scan) => storageSecrets(scan.items, new Set()),
      };
    },
  },
  {
    name: 'clock-skew',
    codes: ['clock-skew'],
    create: () => {
      // Each file's own estimate: files read together may come from different machines and clocks.
      const earlier: Array<{ skew: ClockSkew; file: string | undefined }> = [];
      let skew = new ClockSkew();
      let file: string | undefined;
      return {
        entry: (entry) => {
          skew.add(entry);
          file = entry.file;
          return [];
        },
        nextFile: () => {
          earlier.push({ skew, file });
          skew = new ClockSkew();
          file = undefined;
        },
        findings: (owner) => [...earlier, { skew, file }].flatMap((e) => clockSkewFinding(e.skew, owner, e.file)),
      };
    },
  },
  {
    name: 'stripped',
    codes: ['capture-stripped'],
    create: () => {
      const stripped = new StrippedCheck();
      return {
        entry: (entry) => {
          stripped.add(entry);
          return [];
        },
        findings: () => {
          const f = stripped.finding();
          return f ? [f] : [];
        },
        notes: () => {
          const note = stripped.note();
          return note ? [note] : [];
        },
      };
    },
  },
];
