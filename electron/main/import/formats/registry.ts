import { bestDetection } from '../best-detection';
import type { SourceFile, TraceAdapter } from './trace-adapter';
import { turnscopeCallAdapter } from './turnscope-call-adapter';
import { OTEL_TRACE_ADAPTERS } from './otel/otel-adapters';
import { livekitReportAdapter } from './livekit-report/livekit-report-adapter';
import { retellAdapter } from './retell/retell-adapter';
import { vapiAdapter } from './vapi/vapi-adapter';

/** Every trace format Turnscope reads. Order breaks ties between equal detection scores. */
export const TRACE_ADAPTERS: readonly TraceAdapter[] = [
  turnscopeCallAdapter,
  ...OTEL_TRACE_ADAPTERS,
  livekitReportAdapter,
  vapiAdapter,
  retellAdapter,
];

export function adapterById(id: string): TraceAdapter | undefined {
  return TRACE_ADAPTERS.find((a) => a.id === id);
}

/** The adapter that recognizes this file's content best, or null when none does. */
export function detectTraceFormat(file: SourceFile): { adapter: TraceAdapter; score: number } | null {
  return bestDetection(TRACE_ADAPTERS, file);
}
