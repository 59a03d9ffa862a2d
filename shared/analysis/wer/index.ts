export {
  alignWords,
  SCLITE_WEIGHTS,
  type AlignmentStep,
  type AlignOp,
  type AlignWeights,
  type EditCounts,
  type WordAlignment,
} from './align';
export { asciiLowerCase, scliteTokens, type ScliteTokenizeOptions } from './tokenize';
export { formatTrn, pairTrn, parseTrn, type TrnEntry, type TrnParseOptions } from './trn';
export {
  computeWer,
  computeWerFromWords,
  resolveRuleSet,
  summarizeWer,
  type NormalizationTag,
  type UtteranceWer,
  type WerCounts,
  type WerOptions,
  type WerTotals,
} from './wer';
