/**
 * A stored call written back as a Turnscope call file (format v1), whatever format it was imported from,
 * and checked against the published schema before anyone sees it. Used by the redaction writer; values
 * the schema cannot hold (negative times, an invalid start time) are dropped and listed.
 */
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import schema from '../../../resources/schemas/turnscope-call-v1.schema.json';
import type { CallFileToolCallV1, CallFileTurnV1, CallFileUtteranceV1, CallFileV1 } from '../../../shared/format/call-file-v1';
import type { Span, Turn, Utterance } from '../../../shared/model/call';
import type { CallDetail } from '../../../shared/model/dto';

let validator: ValidateFunction<CallFileV1> | null = null;

function validCallFile(file: CallFileV1): string | null {
  if (!validator) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats(ajv);
    validator = ajv.compile<CallFileV1>(schema);
  }
  if (validator(file)) return null;
  const e = validator.errors?.[0];
  return `${e?.instancePath || '/'}: ${e?.message ?? 'invalid'}`;
}

export interface ExportableCall {
  id: string;
  detail: Pick<CallDetail, 'startedAt' | 'durationMs' | 'agent' | 'outcome' | 'endedReason'>;
  turns: readonly Turn[];
  spans: readonly Span[];
  metadata: Record<string, unknown>;
  recording: { path: string; callerChannel: number | null; agentChannel: number | null; sha256: string } | null;
}

export class CallExportError extends Error {
  override name = 'CallExportError';
}

const ms = (v: number | null | undefined): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);

function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function utterance(u: Utterance | null): CallFileUtteranceV1 | undefined {
  if (!u) return undefined;
  const words = u.words
    .filter((w) => w.text !== '')
    .map((w) => defined({ text: w.text, startMs: ms(w.startMs), endMs: ms(w.endMs), confidence: w.confidence ?? undefined }));
  return defined({ text: u.text, startMs: ms(u.startMs), endMs: ms(u.endMs), words: words.length > 0 ? words : undefined });
}

function turn(t: Turn): CallFileTurnV1 {
  const tm = t.timings;
  const timings = defined({ sttMs: ms(tm.sttMs), llmMs: ms(tm.llmMs), ttsMs: ms(tm.ttsMs), overheadMs: ms(tm.overheadMs), endToEndMs: ms(tm.endToEndMs), timeToFirstWordMs: ms(tm.timeToFirstWordMs) });
  const tools = t.toolCalls.map(
    (c): CallFileToolCallV1 =>
      defined({ id: c.id ?? undefined, name: c.name, arguments: c.arguments ?? undefined, result: c.result ?? undefined, startMs: ms(c.startMs), endMs: ms(c.endMs) }),
  );
  return defined({
    index: t.index,
    caller: utterance(t.caller),
    agent: utterance(t.agent),
    reference: t.referenceText ?? undefined,
    intent: t.intent ? defined({ name: t.intent.name, confidence: t.intent.confidence ?? undefined, expected: t.expectedIntent ?? undefined }) : undefined,
    timings: Object.keys(timings).length > 0 ? timings : undefined,
    toolCalls: tools.length > 0 ? tools : undefined,
  });
}

/** A call id the schema accepts (letters, digits, . _ : -). */
export const safeCallId = (id: string): string => id.replace(/[^A-Za-z0-9._:-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 200) || 'call';

export function toCallFile(c: ExportableCall): CallFileV1 {
  const d = c.detail;
  const file: CallFileV1 = {
    format: 'turnscope.call',
    version: 1,
    call: defined({
      id: safeCallId(c.id),
      startedAt: d.startedAt && !Number.isNaN(Date.parse(d.startedAt)) ? new Date(d.startedAt).toISOString() : undefined,
      durationMs: ms(d.durationMs),
      agent: d.agent.name || d.agent.version ? defined({ name: d.agent.name ?? undefined, version: d.agent.version ?? undefined }) : undefined,
      outcome: d.outcome,
      endedReason: d.endedReason ?? undefined,
      metadata: c.metadata,
    }),
    recording: c.recording
      ? defined({
          path: c.recording.path,
          channels: c.recording.callerChannel !== null || c.recording.agentChannel !== null
            ? defined({ caller: c.recording.callerChannel ?? undefined, agent: c.recording.agentChannel ?? undefined })
            : undefined,
          sha256: c.recording.sha256,
        })
      : undefined,
    turns: [...c.turns].sort((a, b) => a.index - b.index).map(turn),
    spans: c.spans.map((s) =>
      defined({
        spanId: s.spanId ?? undefined, parentSpanId: s.parentSpanId ?? undefined, name: s.name, kind: s.kind, turnIndex: s.turnIndex ?? undefined,
        startMs: ms(s.startMs), endMs: ms(s.endMs), attributes: s.attributes,
      }),
    ),
  };
  if (!file.recording) delete file.recording;
  const problem = validCallFile(file);
  if (problem) throw new CallExportError(`the exported call does not match the call format schema at ${problem}`);
  return file;
}
