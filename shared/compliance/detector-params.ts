/**
 * The parameters each detector understands, their types and defaults. Word lists (context words, phrases)
 * come from the rule packs; only numbers and switches have defaults here. A pack that names a parameter
 * its detector does not know, or gives it the wrong type, is refused (a typo must not silently disable a
 * rule).
 */
import { isCategory, type DetectorKind, type DetectorParams } from './types';

export type ParamType = 'number' | 'boolean' | 'string[]' | 'categories' | 'families' | 'secretKinds';

export const TRACE_SECRET_KINDS = ['card', 'ssn', 'dob', 'member-id'] as const;
export type TraceSecretKind = (typeof TRACE_SECRET_KINDS)[number];

interface ParamSpec {
  type: ParamType;
  default: unknown;
}

const num = (d: number): ParamSpec => ({ type: 'number', default: d });
const bool = (d: boolean): ParamSpec => ({ type: 'boolean', default: d });
const list: ParamSpec = { type: 'string[]', default: [] };

const CONTEXT = { contextWords: list, negativeContextWords: list, contextWindow: num(12) };

export const PARAM_SPECS: Record<DetectorKind, Record<string, ParamSpec>> = {
  'card-number': {
    ...CONTEXT, minDigits: num(13), maxDigits: num(19), unconfirmedOnly: bool(false), acrossTurns: bool(true), revealLast: num(4),
  },
  'card-security-code': { ...CONTEXT, contextWindow: num(8), competingContextWords: list, minDigits: num(3), maxDigits: num(4) },
  'card-expiry': { ...CONTEXT, contextWindow: num(8), competingContextWords: list },
  ssn: { ...CONTEXT, acceptWrittenFormat: bool(true), acrossTurns: bool(true), unconfirmedOnly: bool(false), revealLast: num(0) },
  'date-of-birth': { ...CONTEXT, minYear: num(1900) },
  'member-id': { ...CONTEXT, minChars: num(6), minDigits: num(4), maxTokens: num(14) },
  readback: { secretCategories: { type: 'categories', default: ['pci.pan'] }, minDigits: num(5), allowedTrailingDigits: num(4) },
  'trace-secrets': {
    secretKinds: { type: 'secretKinds', default: ['card', 'ssn'] }, cardKeys: list, ssnKeys: list, dobKeys: list, memberIdKeys: list,
    cardContextWords: list, ssnContextWords: list, dobContextWords: list, includeMetadata: bool(true), revealLast: num(4),
  },
  'required-disclosure': { phrases: list, withinMs: num(30000), withinAgentTurns: num(2), maxEditRatio: num(0.25) },
  'before-verification': {
    verificationTools: list, verificationPhrases: list, failurePhrases: list, disclosureTerms: list, maxEditRatio: num(0.2),
    includeIdentityHits: bool(true),
  },
  'phrase-family': { families: { type: 'families', default: [] }, maxEditRatio: num(0.2) },
  'injection-complied': {
    compliancePhrases: list, refusalPhrases: list, systemPromptKeys: list, leakMinWords: num(6), lookaheadTurns: num(1),
    bypassFamilies: list, maxEditRatio: num(0.2),
  },
};

export interface PhraseFamily {
  name: string;
  phrases: string[];
}

function checkType(type: ParamType, value: unknown): string | null {
  switch (type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? null : 'must be a number ≥ 0';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'string[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'string' && v.trim() !== '') ? null : 'must be a list of non-empty strings';
    case 'secretKinds':
      return Array.isArray(value) && value.length > 0 && value.every((v) => (TRACE_SECRET_KINDS as readonly unknown[]).includes(v))
        ? null
        : `must be a list of ${TRACE_SECRET_KINDS.join(', ')}`;
    case 'categories':
      return Array.isArray(value) && value.every((v) => typeof v === 'string' && isCategory(v)) ? null : 'must be a list of categories';
    case 'families':
      return Array.isArray(value) &&
        value.every((f) => typeof f === 'object' && f !== null && typeof (f as PhraseFamily).name === 'string' &&
          Array.isArray((f as PhraseFamily).phrases) && (f as PhraseFamily).phrases.length > 0 &&
          (f as PhraseFamily).phrases.every((p) => typeof p === 'string' && p.trim() !== ''))
        ? null
        : 'must be a list of { "name": string, "phrases": [string, …] }';
  }
}

/** Problems with a rule's params, each as "params.key: message". */
export function checkParams(detector: DetectorKind, params: DetectorParams): string[] {
  const spec = PARAM_SPECS[detector];
  const problems: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    const s = spec[key];
    if (!s) {
      problems.push(`params.${key}: unknown parameter for detector "${detector}" (known: ${Object.keys(spec).join(', ')})`);
      continue;
    }
    const err = checkType(s.type, value);
    if (err) problems.push(`params.${key}: ${err}`);
  }
  return problems;
}

/** Typed reader over a rule's params with the detector's defaults. */
export class Params {
  constructor(
    private readonly detector: DetectorKind,
    private readonly params: DetectorParams,
  ) {}

  private get(key: string): unknown {
    const spec = PARAM_SPECS[this.detector][key];
    if (!spec) throw new Error(`detector ${this.detector} has no parameter ${key}`);
    return this.params[key] ?? spec.default;
  }

  num(key: string): number {
    return this.get(key) as number;
  }

  bool(key: string): boolean {
    return this.get(key) as boolean;
  }

  list(key: string): string[] {
    return this.get(key) as string[];
  }

  families(key: string): PhraseFamily[] {
    return this.get(key) as PhraseFamily[];
  }
}
