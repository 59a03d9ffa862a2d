import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import schema from '../../../../resources/schemas/turnscope-call-v1.schema.json';
import type { Span, StageTimings, Turn, Utterance } from '../../../../shared/model/call';
import type { ImportNote } from '../../../../shared/model/dto';
import type { NormalizedCall } from '../../../../shared/model/normalized';
import type {
  CallFileTimingsV1,
  CallFileTurnV1,
  CallFileUtteranceV1,
  CallFileV1,
} from '../../../../shared/format/call-file-v1';
import { CALL_FILE_FORMAT } from '../../../../shared/format/call-file-v1';
import { ImportError } from '../import-error';
import { pointerToPath } from '../json-text';

export const TURNSCOPE_CALL_V1 = 'turnscope-call-v1';

let compiled: ValidateFunction<CallFileV1> | null = null;

/** Compiled on first use: compiling the schema costs tens of milliseconds every CLI start would pay. */
function validator(): ValidateFunction<CallFileV1> {
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats(ajv);
    compiled = ajv.compile<CallFileV1>(schema);
  }
  return compiled;
}

/** True when the parsed JSON claims to be a Turnscope call file (any version). */
export function looksLikeTurnscopeCall(json: unknown): boolean {
  return typeof json === 'object' && json !== null && (json as { format?: unknown }).format === CALL_FILE_FORMAT;
}

/** Validates a parsed call file against the published schema and normalizes it. */
export function readTurnscopeCallV1(path: string, json: unknown): NormalizedCall {
  if (looksLikeTurnscopeCall(json) && (json as { version?: unknown }).version !== 1) {
    throw new ImportError(path, `call format version ${JSON.stringify((json as { version?: unknown }).version)} is not supported (this Turnscope reads version 1)`, '$.version');
  }
  const validate = validator();
  if (!validate(json)) {
    const first = pickError(validate.errors ?? []);
    throw new ImportError(path, describe(first), pointerToPath(first?.instancePath ?? ''));
  }
  const file = json;
  const seen = new Set<number>();
  file.turns.forEach((t, i) => {
    if (seen.has(t.index)) throw new ImportError(path, `turn index ${t.index} appears twice`, `$.turns[${i}].index`);
    seen.add(t.index);
  });
  const rec = file.recording;
  if (rec?.channels?.caller !== undefined && rec.channels.caller === rec.channels.agent) {
    throw new ImportError(path, 'caller and agent cannot be the same channel', '$.recording.channels');
  }
  const notes: ImportNote[] = [];
  const turns = [...file.turns].sort((a, b) => a.index - b.index).map((t) => toTurn(t, notes));
  describeCoverage(turns, notes);
  return {
    externalId: file.call.id,
    sourceFormat: TURNSCOPE_CALL_V1,
    agent: { name: file.call.agent?.name ?? null, version: file.call.agent?.version ?? null },
    startedAt: file.call.startedAt ?? null,
    durationMs: file.call.durationMs ?? null,
    outcome: file.call.outcome ?? 'unknown',
    endedReason: file.call.endedReason ?? null,
    metadata: file.call.metadata ?? {},
    turns,
    spans: (file.spans ?? []).map(
      (s): Span => ({
        spanId: s.spanId ?? null,
        parentSpanId: s.parentSpanId ?? null,
        name: s.name,
        kind: s.kind ?? 'other',
        turnIndex: s.turnIndex ?? null,
        startMs: s.startMs ?? null,
        endMs: s.endMs ?? null,
        attributes: s.attributes ?? {},
      }),
    ),
    recordingRef: rec
      ? {
          path: rec.path,
          callerChannel: rec.channels?.caller ?? null,
          agentChannel: rec.channels?.agent ?? null,
          sha256: rec.sha256 ?? null,
        }
      : null,
    notes,
  };
}

/** The most useful error to show first: the deepest one, since "oneOf/anyOf" parents say little. */
function pickError(errors: ErrorObject[]): ErrorObject | undefined {
  return [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length)[0];
}

function describe(e: ErrorObject | undefined): string {
  if (!e) return 'does not match the Turnscope call format v1 schema';
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return `missing required property "${String(p.missingProperty)}"`;
    case 'additionalProperties':
      return `unknown property "${String(p.additionalProperty)}"`;
    case 'type':
      return `must be ${String(p.type)}`;
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}`;
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return e.message ?? 'is invalid';
  }
}

function toUtterance(u: CallFileUtteranceV1 | undefined): Utterance | null {
  if (!u) return null;
  return {
    text: u.text,
    startMs: u.startMs ?? null,
    endMs: u.endMs ?? null,
    words: (u.words ?? []).map((w) => ({
      text: w.text,
      startMs: w.startMs ?? null,
      endMs: w.endMs ?? null,
      confidence: w.confidence ?? null,
    })),
  };
}

function toTimings(t: CallFileTimingsV1 | undefined, turnIndex: number, notes: ImportNote[]): StageTimings {
  const timings: StageTimings = {
    sttMs: t?.sttMs ?? null,
    llmMs: t?.llmMs ?? null,
    ttsMs: t?.ttsMs ?? null,
    overheadMs: t?.overheadMs ?? null,
    endToEndMs: t?.endToEndMs ?? null,
    timeToFirstWordMs: t?.timeToFirstWordMs ?? null,
  };
  const { sttMs, llmMs, ttsMs, overheadMs, endToEndMs } = timings;
  if (sttMs !== null && llmMs !== null && ttsMs !== null) {
    if (endToEndMs === null) {
      timings.endToEndMs = sttMs + llmMs + ttsMs + (overheadMs ?? 0);
      notes.push({ level: 'info', message: `turn ${turnIndex}: end-to-end derived as the sum of the stages` });
    } else if (overheadMs === null && endToEndMs - sttMs - llmMs - ttsMs >= 0) {
      timings.overheadMs = endToEndMs - sttMs - llmMs - ttsMs;
      notes.push({ level: 'info', message: `turn ${turnIndex}: overhead derived as end-to-end minus STT, LLM and TTS` });
    }
  }
  return timings;
}

function toTurn(t: CallFileTurnV1, notes: ImportNote[]): Turn {
  return {
    index: t.index,
    caller: toUtterance(t.caller),
    agent: toUtterance(t.agent),
    referenceText: t.reference ?? null,
    intent: t.intent ? { name: t.intent.name, confidence: t.intent.confidence ?? null } : null,
    expectedIntent: t.intent?.expected ?? null,
    timings: toTimings(t.timings, t.index, notes),
    toolCalls: (t.toolCalls ?? []).map((c) => ({
      id: c.id ?? null,
      name: c.name,
      arguments: c.arguments ?? null,
      result: c.result ?? null,
      startMs: c.startMs ?? null,
      endMs: c.endMs ?? null,
    })),
  };
}

/** Says which fields the file did not supply, so nobody mistakes a missing value for a good one. */
function describeCoverage(turns: Turn[], notes: ImportNote[]): void {
  const callerTurns = turns.filter((t) => t.caller);
  const callerWords = callerTurns.flatMap((t) => t.caller!.words);
  if (callerTurns.length > 0 && callerWords.length === 0) notes.push({ level: 'info', message: 'no caller word timings' });
  if (callerWords.length > 0 && callerWords.every((w) => w.confidence === null)) {
    notes.push({ level: 'info', message: 'no word confidences' });
  }
  const withRef = callerTurns.filter((t) => t.referenceText !== null).length;
  notes.push({ level: 'info', message: `reference transcripts for ${withRef} of ${callerTurns.length} caller turns` });
  const timed = turns.filter((t) => t.timings.endToEndMs !== null).length;
  notes.push({ level: 'info', message: `end-to-end latency for ${timed} of ${turns.length} turns` });
}
