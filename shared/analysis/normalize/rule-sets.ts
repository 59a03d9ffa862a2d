/**
 * Named, versioned normalization rule sets. A WER is only meaningful together with the text
 * normalization it was computed under, so every WER carries `ruleSetId` (name@version) and `hash`
 * (FNV-1a 64 of the canonical definition plus the engine version). Change a built-in's behaviour →
 * bump its version; change rule code → bump NORMALIZER_ENGINE_VERSION so old hashes stop matching.
 *
 * Built-ins:
 * - `none@1`: exactly what sclite compares by default (its word splitting, ASCII-only case folding,
 *   nothing else). Used for the sclite parity test and when users want raw WER.
 * - `turnscope-default@1`: Unicode case folding, punctuation, whitespace, hyphens and numbers on;
 *   filler removal OFF, because dropping words changes what is counted and a WER that silently ignores
 *   "um" is not comparable with other tools; turn it on explicitly when wanted.
 * - `turnscope-lenient@1`: the default plus filler removal.
 */

import { canonicalJson, fnv1a64 } from './hash';
import { DEFAULT_FILLERS, type CaseFolding } from './text-rules';

/** Bumped whenever any rule's output changes for some input. Part of every rule-set hash. */
export const NORMALIZER_ENGINE_VERSION = 1;

export interface NormalizationRules {
  /** 'ascii' = sclite's default folding; 'unicode' = String#toLowerCase; 'none' = case-sensitive. */
  caseFolding: CaseFolding;
  punctuation: boolean;
  /** On: any Unicode white space splits words. Off: sclite's word splitting. */
  whitespace: boolean;
  hyphens: boolean;
  /** Spoken/written numbers, digit strings, ordinals, years, times and money to one form. */
  numbers: boolean;
  fillers: boolean;
}

export interface RuleSetDefinition {
  name: string;
  version: number;
  rules: NormalizationRules;
  /** Words removed when `rules.fillers` is on. */
  fillerWords: readonly string[];
}

export interface RuleSet extends RuleSetDefinition {
  /** `name@version`. */
  id: string;
  /** FNV-1a 64 hex of the canonical definition and engine version. */
  hash: string;
}

export const RULE_NAMES: ReadonlyArray<keyof NormalizationRules> = [
  'caseFolding', 'punctuation', 'whitespace', 'hyphens', 'numbers', 'fillers',
];

/** Builds a rule set, validating the definition and computing its id and hash. */
export function defineRuleSet(def: RuleSetDefinition): RuleSet {
  if (!/^[a-z0-9][a-z0-9._~-]*$/i.test(def.name)) throw new Error(`invalid rule set name "${def.name}"`);
  if (!Number.isInteger(def.version) || def.version < 1) throw new Error(`rule set version must be an integer ≥ 1`);
  if (!['none', 'ascii', 'unicode'].includes(def.rules.caseFolding)) {
    throw new Error(`caseFolding must be none|ascii|unicode, got ${String(def.rules.caseFolding)}`);
  }
  for (const k of RULE_NAMES) {
    if (k !== 'caseFolding' && typeof def.rules[k] !== 'boolean') throw new Error(`rule "${k}" must be true or false`);
  }
  const rules: NormalizationRules = { ...def.rules };
  const fillerWords = [...new Set(def.fillerWords.map((w) => w.toLowerCase()))].sort();
  const canonical = canonicalJson({ engine: NORMALIZER_ENGINE_VERSION, name: def.name, version: def.version, rules, fillerWords });
  return Object.freeze({ name: def.name, version: def.version, rules, fillerWords, id: `${def.name}@${def.version}`, hash: fnv1a64(canonical) });
}

export const RULE_SET_NONE = defineRuleSet({
  name: 'none',
  version: 1,
  rules: { caseFolding: 'ascii', punctuation: false, whitespace: false, hyphens: false, numbers: false, fillers: false },
  fillerWords: [],
});

export const RULE_SET_DEFAULT = defineRuleSet({
  name: 'turnscope-default',
  version: 1,
  rules: { caseFolding: 'unicode', punctuation: true, whitespace: true, hyphens: true, numbers: true, fillers: false },
  fillerWords: DEFAULT_FILLERS,
});

export const RULE_SET_LENIENT = defineRuleSet({
  name: 'turnscope-lenient',
  version: 1,
  rules: { ...RULE_SET_DEFAULT.rules, fillers: true },
  fillerWords: DEFAULT_FILLERS,
});

const BUILT_INS: readonly RuleSet[] = [RULE_SET_NONE, RULE_SET_DEFAULT, RULE_SET_LENIENT];

export function builtInRuleSets(): readonly RuleSet[] {
  return BUILT_INS;
}

/** Looks a built-in up by `name@version` or by bare name (latest version). Throws when unknown. */
export function getRuleSet(idOrName: string): RuleSet {
  const exact = BUILT_INS.find((r) => r.id === idOrName);
  if (exact) return exact;
  const byName = BUILT_INS.filter((r) => r.name === idOrName).sort((a, b) => b.version - a.version)[0];
  if (byName) return byName;
  throw new Error(`unknown normalization rule set "${idOrName}" (known: ${BUILT_INS.map((r) => r.id).join(', ')})`);
}

/**
 * A variant of a rule set with some rules switched on/off (e.g. numbers off). The name gets a
 * `~custom` suffix unless one is given, and the hash always reflects the actual rules.
 */
export function customizeRuleSet(
  base: RuleSet,
  overrides: Partial<NormalizationRules>,
  options: { name?: string; version?: number; fillerWords?: readonly string[] } = {},
): RuleSet {
  return defineRuleSet({
    name: options.name ?? `${base.name}~custom`,
    version: options.version ?? base.version,
    rules: { ...base.rules, ...overrides },
    fillerWords: options.fillerWords ?? base.fillerWords,
  });
}
