/** What a check is: its finding codes and the function that finds them. The list of every check is `index.ts`. */
import type { Entry } from '../model/entry.js';
import type { ReportFinding, ReportFindingCode, Finding, TokenFindingCode } from '../model/findings.js';
import type { StorageCandidate, StorageScan } from '../model/places.js';
import type { SignatureInfo } from '../model/report.js';
import type { KeyRing } from '../crypto/keys.js';
import type { ClockOwner } from './clock-skew.js';
import type { ProofLedger } from './proofs.js';
import type { JudgeInput } from './token.js';
import type { RefreshReuse } from '../model/evidence.js';

/** A request that sent a DPoP-bound token as Bearer, without a proof. */
export interface Downgrade {
  entry: number;
  file?: string;
  method: string;
  url: string;
}

/** Everything known of one token when the report is made. */
interface TokenCheckInput extends JudgeInput {
  id: string;
  /** Where the last read of the page's storage found it. */
  stored: StorageCandidate[];
  /** The keys collected from the traffic. */
  keys: KeyRing;
  signature: SignatureInfo;
  proofs: ProofLedger;
  downgrades: Downgrade[];
  /** A refresh token sent again after the response that replaced it. */
  reuse?: RefreshReuse;
}

/** A check of one token, run for every token at each report. */
export interface TokenCheck {
  name: string;
  /** Every code it can produce, and no other check produces. */
  codes: readonly TokenFindingCode[];
  run(input: TokenCheckInput): Finding[];
}

/** What a report-level check keeps over one analysis; each hook is optional. */
export interface ReportCheckState {
  /** Findings of one entry, as it is read; `found` holds what the checks before this one found in the same entry. */
  entry?(entry: Entry, found: readonly ReportFinding[]): ReportFinding[];
  /** Findings of a read of the page's storage; each read replaces the one before. */
  storage?(scan: StorageScan): ReportFinding[];
  /** The next entries come from another file (several HAR files read into one analysis). */
  nextFile?(): void;
  /** Findings over the whole capture, made at each report. */
  findings?(clockOwner: ClockOwner): ReportFinding[];
  /** Notes on the input at each report. */
  notes?(): string[];
}

/** A check of the capture as a whole (its entries and the page's storage), not of one token. */
export interface ReportCheck {
  name: string;
  /** Every code it can produce, and no other check produces. */
  codes: readonly ReportFindingCode[];
  /** A fresh state for a new analysis. */
  create(): ReportCheckState;
}
