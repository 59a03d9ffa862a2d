/**
 * The vocabulary of the compliance scanner: categories, rule packs, detectors and hits. Pure types only,
 * shared by the renderer (redacted view, review lists), the main process (scan service, redaction writer)
 * and the CLI.
 */
import type { Severity } from '../model/call';

/** What a hit is about. Fixed by the product: user packs choose among these, they do not invent new ones. */
export const CATEGORIES = [
  'pci.pan',
  'pci.cvv',
  'pci.expiry',
  'pci.readback',
  'pci.in_trace',
  'phi.ssn',
  'phi.dob',
  'phi.member_id',
  'phi.before_verification',
  'disclosure.missing',
  'injection.attempt',
  'injection.complied',
] as const;

export type Category = (typeof CATEGORIES)[number];

/** Categories whose hits are secrets to remove from text, trace and audio (the others describe behaviour). */
export const SECRET_CATEGORIES: readonly Category[] = [
  'pci.pan', 'pci.cvv', 'pci.expiry', 'pci.readback', 'pci.in_trace', 'phi.ssn', 'phi.dob', 'phi.member_id',
];

export const isCategory = (s: string): s is Category => (CATEGORIES as readonly string[]).includes(s);

/** Who a rule listens to: the caller, the agent, either, or the trace payloads. */
export type SpeakerScope = 'caller' | 'agent' | 'any' | 'trace';

/** Who a hit is attributed to; 'call' for findings about the call as a whole (a disclosure never said). */
export type HitSpeaker = 'caller' | 'agent' | 'trace' | 'call';

export type HitStatus = 'open' | 'confirmed' | 'dismissed';

export type DetectorKind =
  | 'card-number'
  | 'card-security-code'
  | 'card-expiry'
  | 'ssn'
  | 'date-of-birth'
  | 'member-id'
  | 'readback'
  | 'trace-secrets'
  | 'required-disclosure'
  | 'before-verification'
  | 'phrase-family'
  | 'injection-complied';

export const DETECTOR_KINDS: readonly DetectorKind[] = [
  'card-number', 'card-security-code', 'card-expiry', 'ssn', 'date-of-birth', 'member-id', 'readback',
  'trace-secrets', 'required-disclosure', 'before-verification', 'phrase-family', 'injection-complied',
];

/** Detector parameters are plain JSON; each detector reads its own keys with defaults (see detectors/). */
export type DetectorParams = Record<string, unknown>;

export interface RuleDefinition {
  id: string;
  /** One line for people: what the rule finds and why it matters. */
  description: string;
  category: Category;
  severity: Severity;
  speaker: SpeakerScope;
  detector: DetectorKind;
  params: DetectorParams;
  /** Off rules stay in the pack (so an override can turn them on) but never run. */
  enabled: boolean;
}

/** A user pack may change these fields of a rule from any pack loaded before it. */
export interface RuleOverride {
  ruleId: string;
  enabled?: boolean;
  severity?: Severity;
  speaker?: SpeakerScope;
  /** Shallow-merged over the rule's params. */
  params?: DetectorParams;
}

/** A rule pack file as written (resources/rules/*.json, or a user's pack). */
export interface RulePackFile {
  format: 'turnscope.rule-pack';
  formatVersion: 1;
  id: string;
  version: string;
  title: string;
  description?: string;
  rules?: Array<Omit<RuleDefinition, 'enabled' | 'params'> & { enabled?: boolean; params?: DetectorParams }>;
  overrides?: RuleOverride[];
}

/** Identity of a pack as stored with every scan: results are only comparable under the same packs. */
export interface RulePackRef {
  id: string;
  version: string;
  /** SHA-256 (hex) of the pack's canonical JSON. */
  hash: string;
}

export interface RulePack extends RulePackRef {
  title: string;
  /** Where the pack came from (a file path), for error messages. */
  source: string;
  rules: RuleDefinition[];
  overrides: RuleOverride[];
}

/** A rule as the scanner runs it: after every pack's overrides, with the pack it came from. */
export interface ActiveRule extends RuleDefinition {
  packId: string;
  /** Packs whose overrides changed this rule, in order. */
  overriddenBy: string[];
}

/** The effective rule set of one scan. */
export interface RuleSet {
  packs: RulePackRef[];
  rules: ActiveRule[];
  /** Hash over the effective rules (after overrides) and the engine version. */
  hash: string;
}

/** Where in a transcript a hit is: character range of the text (or reference), words it covers, times. */
export interface TextLocation {
  kind: 'text';
  turnIndex: number;
  speaker: 'caller' | 'agent';
  /** 'text' = utterance text, 'words' = the word list, 'reference' = the turn's reference transcript. */
  field: 'text' | 'words' | 'reference';
  /** Range in the field's text ('words': in the words joined by single spaces). */
  charStart: number;
  charEnd: number;
  /** Inclusive word range when the utterance has words and the match maps onto them. */
  wordFrom: number | null;
  wordTo: number | null;
  startMs: number | null;
  endMs: number | null;
  /** Times came from word times (precise) rather than the whole utterance. */
  timesFromWords: boolean;
}

/** Where in the trace a hit is: a string (or number) inside span attributes, tool payloads or call metadata. */
export interface TraceLocation {
  kind: 'trace';
  target: 'span' | 'tool' | 'metadata';
  /** Position of the span in the call's span list, or of the tool call in its turn. */
  index: number | null;
  turnIndex: number | null;
  /** JSON path inside the span attributes / tool call (first element 'arguments' or 'result') / metadata. */
  path: Array<string | number>;
  /** Range inside the string value; for a number value the whole of its decimal form. */
  charStart: number;
  charEnd: number;
  startMs: number | null;
  endMs: number | null;
}

export type HitLocation = TextLocation | TraceLocation;

/**
 * One finding of one rule, before it is stored. `secret` is the normalized matched value (digits, a date)
 * and lives only in memory: it feeds read-back detection and the redaction's leak sweep, and is never
 * stored, printed or exported. Everything else is safe to store: `text` is masked.
 */
export interface ComplianceHitDraft {
  ruleId: string;
  packId: string;
  category: Category;
  severity: Severity;
  speaker: HitSpeaker;
  turnIndex: number | null;
  startMs: number | null;
  endMs: number | null;
  /** The matched text, masked for secrets (e.g. "•••• •••• •••• 1111"); the phrase itself otherwise. */
  text: string;
  /** One sentence for the reviewer, never containing a secret. */
  detail: string;
  locations: HitLocation[];
  /** Stable identity across re-scans: a reviewer's decision is kept under it. */
  fingerprint: string;
  evidence: Record<string, unknown>;
  secret: string | null;
  /** Set when the same finding was already reported from another field (ASR words vs text vs reference). */
  duplicateOf: string | null;
}

/**
 * A stored hit, as lists and the review UI read it. Copies of a finding in another field
 * (`duplicateOf` set) are stored too, so the redacted view removes every copy; lists leave them out.
 */
export interface ComplianceHit extends Omit<ComplianceHitDraft, 'secret'> {
  id: number;
  callId: string;
  scanId: number;
  status: HitStatus;
  /** Why a reviewer dismissed (or confirmed) it; null while open. */
  reason: string | null;
  reviewer: string | null;
  decidedAt: string | null;
}

/** What `turnscope scan --json` prints per hit (the issue's exact shape). */
export interface ScanHitJson {
  callId: string;
  turnIndex: number | null;
  ruleId: string;
  category: Category;
  severity: Severity;
  speaker: HitSpeaker;
  startMs: number | null;
  endMs: number | null;
  text: string;
}

export interface ScanJson {
  rulePacks: RulePackRef[];
  hits: ScanHitJson[];
}
