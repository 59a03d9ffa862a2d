import { createHash } from 'node:crypto';
import type { ImportNote } from '../../../../../shared/model/dto';
import type { NormalizedCall } from '../../../../../shared/model/normalized';
import type { AdaptedCall } from '../trace-adapter';
import { CallSpans, commonAnomalies, str } from './call-spans';
import { mapLiveKit } from './livekit-profile';
import type { OtelContainer, OtelLimits, OtelSpan, ParsedTraceFile } from './otel-span';
import { mapPipecat } from './pipecat-profile';
import type { ProfileId, ProfileOutput } from './profile';
import { CALL_ROOT, detectProfile, mapGeneric, splitByRoot } from './profile-detect';
import { isoFromEpochMs } from '../iso-time';

/**
 * Turns the spans of every file in one import into calls. Spans are grouped by trace id across all files
 * (the Collector spreads one call over many lines and files, in no order); a trace with a span that cannot
 * be read is refused as a whole, naming the file and place, while every other trace is still returned.
 */

interface TraceGroup {
  traceId: string;
  spans: OtelSpan[];
  paths: Set<string>;
  containers: Set<OtelContainer>;
  oversize: boolean;
}

const CONTAINER_LABEL: Record<OtelContainer, string> = {
  'otlp-json': 'OTLP/JSON',
  'otlp-jsonl': 'Collector file exporter JSON Lines',
  'otel-console': 'Python console exporter output',
  jaeger: 'Jaeger JSON download',
};

export function buildCalls(files: readonly ParsedTraceFile[], limits: OtelLimits): { calls: AdaptedCall[]; failed: { path: string; error: string }[] } {
  const failed: { path: string; error: string }[] = [];
  const groups = new Map<string, TraceGroup>();
  const badTraces = new Map<string, { path: string; message: string }>();
  const partialFiles = new Map<string, string[]>();
  for (const f of files) {
    if (f.fatal) {
      failed.push({ path: f.path, error: f.fatal.message });
      continue;
    }
    for (const { traceId, error } of f.failures) {
      if (traceId === null) partialFiles.set(f.path, [...(partialFiles.get(f.path) ?? []), error.message]);
      else if (!badTraces.has(traceId)) badTraces.set(traceId, { path: f.path, message: error.message });
    }
    for (const s of f.spans) {
      let g = groups.get(s.traceId);
      if (!g) groups.set(s.traceId, (g = { traceId: s.traceId, spans: [], paths: new Set(), containers: new Set(), oversize: false }));
      g.paths.add(f.path);
      g.containers.add(f.container);
      // Past the limit the spans are dropped at once so an absurd trace cannot exhaust memory.
      if (g.spans.length >= limits.maxSpansPerCall) g.oversize = true;
      else g.spans.push(s);
    }
  }
  for (const [path, errors] of partialFiles) {
    failed.push({ path, error: `${errors[0]!}${errors.length > 1 ? ` (and ${errors.length - 1} more unreadable records)` : ''}; the file's other records were read` });
  }
  const calls: AdaptedCall[] = [];
  for (const g of groups.values()) {
    const paths = [...g.paths];
    const bad = badTraces.get(g.traceId);
    if (bad) {
      failed.push({ path: bad.path, error: `${bad.message} (call with trace id ${g.traceId || '(empty)'} not imported)` });
      continue;
    }
    if (g.oversize) {
      failed.push({ path: paths[0]!, error: `${paths[0]!}: trace ${g.traceId || '(empty)'} has more than ${limits.maxSpansPerCall} spans; refusing to import it as one call` });
      continue;
    }
    const fileNotes: ImportNote[] = [];
    for (const f of files) if (g.paths.has(f.path)) for (const n of f.notes) fileNotes.push({ level: 'info', message: n });
    for (const p of paths) {
      const errs = partialFiles.get(p);
      if (errs) fileNotes.push({ level: 'warning', message: `${errs.length} records of ${p} could not be read (${errs[0]!}): this call may be missing spans` });
    }
    for (const call of callsOfTrace(g, fileNotes)) calls.push({ call, sourcePaths: paths });
  }
  for (const [traceId, bad] of badTraces) {
    if (!groups.has(traceId)) failed.push({ path: bad.path, error: `${bad.message} (call with trace id ${traceId || '(empty)'} not imported)` });
  }
  dedupeIds(calls);
  return { calls, failed };
}

function callsOfTrace(g: TraceGroup, fileNotes: ImportNote[]): NormalizedCall[] {
  const whole = new CallSpans(g.spans);
  const { profile, openInference } = detectProfile(whole.spans);
  const parts = splitByRoot(whole, CALL_ROOT[profile]);
  const container: OtelContainer = g.containers.has('otlp-jsonl') ? 'otlp-jsonl' : [...g.containers][0]!;
  return parts.map((spans) => {
    const cs = parts.length === 1 ? whole : new CallSpans(spans);
    const notes: ImportNote[] = [
      { level: 'info', message: `read ${cs.spans.length} spans of trace ${g.traceId || '(empty id)'} from ${g.paths.size} file(s) (${[...g.containers].map((c) => CONTAINER_LABEL[c]).join(', ')})` },
      ...fileNotes,
    ];
    if (parts.length > 1) {
      notes.push({ level: 'warning', message: `trace ${g.traceId} holds ${parts.length} ${CALL_ROOT[profile]} spans (concurrent calls mixed into one trace, pipecat#2202 class): split into separate calls` });
    }
    commonAnomalies(cs, notes);
    const out = mapProfile(profile, cs, notes, openInference);
    if (profile === 'pipecat') checkMixedConversation(cs, out, notes);
    return toCall(g, cs, container, profile, out);
  });
}

function mapProfile(profile: ProfileId, cs: CallSpans, notes: ImportNote[], openInference: boolean): ProfileOutput {
  if (profile === 'pipecat') return mapPipecat(cs, notes);
  if (profile === 'livekit') return mapLiveKit(cs, notes);
  return mapGeneric(cs, notes, openInference);
}

/** Turns that carry another conversation's id are a sign of concurrent calls leaking into this trace. */
function checkMixedConversation(cs: CallSpans, out: ProfileOutput, notes: ImportNote[]): void {
  const own = out.externalId;
  const foreign = new Set<string>();
  for (const s of cs.spans) {
    const id = s.name === 'conversation' ? null : str(s.attributes, 'conversation.id');
    if (id && own && id !== own) foreign.add(id);
  }
  if (foreign.size > 0) {
    notes.push({ level: 'warning', message: `spans of other conversations (${[...foreign].slice(0, 3).join(', ')}) inside conversation ${own!}: concurrent calls mixed (pipecat#2202 class)` });
  }
}

function toCall(g: TraceGroup, cs: CallSpans, container: OtelContainer, profile: ProfileId, out: ProfileOutput): NormalizedCall {
  const firstStart = cs.spans[0]?.startNs ?? null;
  const externalId = out.externalId ?? (g.traceId || `otel-${createHash('sha256').update([...g.paths].join('\n')).digest('hex').slice(0, 16)}`);
  if (!out.externalId) {
    out.notes.push({ level: 'info', message: `call id = ${g.traceId ? 'trace id' : 'a hash of the file names (the trace id is empty)'}: no ${profile === 'livekit' ? 'lk.job_id' : profile === 'pipecat' ? 'conversation.id' : 'call id attribute'}` });
  }
  return {
    externalId,
    sourceFormat: `${container}:${profile}`,
    agent: out.agent,
    startedAt: isoFromEpochMs(firstStart === null ? null : Number(firstStart / 1_000_000n)),
    durationMs: cs.ms(cs.endNs),
    outcome: 'unknown',
    endedReason: null,
    metadata: { traceId: g.traceId || null, container, profile, ...out.metadata },
    turns: out.turns,
    spans: out.spans,
    recordingRef: null,
    notes: out.notes,
  };
}

/** Two traces claiming one call id (a reused conversation id) must not overwrite each other in the store. */
function dedupeIds(calls: AdaptedCall[]): void {
  const seen = new Map<string, number>();
  for (const { call } of calls) seen.set(call.externalId, (seen.get(call.externalId) ?? 0) + 1);
  const used = new Set<string>();
  for (const { call } of calls) {
    if ((seen.get(call.externalId) ?? 0) < 2) continue;
    const traceId = typeof call.metadata.traceId === 'string' ? call.metadata.traceId : null;
    let id = `${call.externalId}#${(traceId ?? 'x').slice(0, 8)}`;
    for (let n = 2; used.has(id); n++) id = `${call.externalId}#${(traceId ?? 'x').slice(0, 8)}-${n}`;
    used.add(id);
    call.notes.push({ level: 'warning', message: `call id ${call.externalId} is shared by several traces in this import: stored as ${id}` });
    call.externalId = id;
  }
}
