/** One verification of a package against a new trace, as the package library lists it. */
export interface VerificationSummary {
  id: number;
  tracePath: string;
  callId: string | null;
  passed: number;
  failed: number;
  skipped: number;
  verifiedAt: string;
}

/** One row of the package library: the package, the call it came from, and its latest verification. */
export interface PackageSummary {
  id: string;
  manifestSha256: string;
  title: string;
  sourceCallId: string;
  /** Whether the source call is still in the store. */
  sourceCallStored: boolean;
  turns: number[];
  redacted: boolean;
  assertionCount: number;
  path: string;
  createdAt: string;
  lastVerification: VerificationSummary | null;
}
