export { canonicalJson, fnv1a64 } from './hash';
export { normalizeText, normalizeWordList, normalizeWords, type NormalizedWords, type TrackedWord } from './normalize';
export { normalizeNumbers } from './number-rules';
export {
  builtInRuleSets,
  customizeRuleSet,
  defineRuleSet,
  getRuleSet,
  NORMALIZER_ENGINE_VERSION,
  RULE_NAMES,
  RULE_SET_DEFAULT,
  RULE_SET_LENIENT,
  RULE_SET_NONE,
  type NormalizationRules,
  type RuleSet,
  type RuleSetDefinition,
} from './rule-sets';
export { parseSpokenNumber, type ParsedNumber } from './spoken-numbers';
export { DEFAULT_FILLERS, type CaseFolding } from './text-rules';
