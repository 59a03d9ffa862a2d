/**
 * Public surface of the pure compliance core (no Node/DOM/Electron imports anywhere below): rule packs,
 * the scanner, masking and redaction planning, for the renderer, the main process and the CLI alike.
 */
export * from './types';
export { COMPLIANCE_ENGINE_VERSION, RULE_PACK_FORMAT, RulePackError, buildRuleSet, parseRulePack } from './rule-pack';
export { PARAM_SPECS, checkParams, type PhraseFamily } from './detector-params';
export { DETECTOR_ORDER, scanCall, toScanHitJson, toScanJson, type ScanOptions } from './scan';
export type { ScannableCall } from './call-index';
export { cardBrand, luhnValid, ssnStructureValid } from './card-brands';
export { maskSecret, redactionLabel, secretLabel } from './mask';
export { sha256Hex } from './sha256';
export * from './redaction/plan';
export * from './redaction/apply';
export * from './redaction/verify';
export * from './redaction/view';
export * from './review';
