/**
 * Public surface of the pure analysis core (no Node/DOM/Electron imports anywhere below): import
 * from 'shared/analysis' in the renderer, main process and CLI alike.
 */
export { analyzeCall, type CallAnalysis, type FlagDraft, type FlagKind } from './flags';
export { analyzeTurns, callEscalations, toAnalyzableCall, type AnalysisOptions, type AnalyzableCall, type TurnResult } from './turn-analysis';
export * from './metrics';
export * from './thresholds';
export * from './confidence';
export * from './latency';
export * from './percentiles';
export * from './patterns';
export * from './runs';
export * from './wer/index';
export * from './normalize/index';
