import type { Turn } from '../../../../../shared/model/call';
import type { ImportNote } from '../../../../../shared/model/dto';
import type { NormalizedCall } from '../../../../../shared/model/normalized';
import { JsonAt } from '../livekit-report/common-json';
import { alignByOrder, buildTurns, coverageNotes, deriveOverhead } from '../livekit-report/common-turns';
import { readVapiMessages } from './vapi-messages';
import { successVerdict, vapiOutcome } from './vapi-outcome';
import { isoFromEpochMs } from '../iso-time';

export const VAPI_CALL = 'vapi-call';

/** How sure we are that parsed JSON is a Vapi call object or end-of-call-report body (0 = not one). */
export function vapiScore(json: unknown): number {
  const root = new JsonAt('', json);
  if (!root.isObject) return 0;
  if (root.get('message').get('type').value === 'end-of-call-report') return 1;
  if (typeof root.get('id').value !== 'string') return 0;
  const owned = typeof root.get('assistantId').value === 'string' || root.get('assistant').isObject || typeof root.get('orgId').value === 'string';
  const messages = root.get('artifact').get('messages').isArray ? root.get('artifact').get('messages') : root.get('messages');
  const first = messages.isArray ? messages.items()[0] : undefined;
  const vapiMessages = first !== undefined && typeof first.get('secondsFromStart').value === 'number';
  if (owned && vapiMessages) return 0.9;
  if (owned && (root.get('artifact').isObject || typeof root.get('endedReason').value === 'string')) return 0.7;
  return 0;
}

/**
 * Where a field lives depends on the payload: the webhook wraps everything in `message` and nests the call;
 * newer payloads keep messages and recordings under `artifact`, 2024-era ones flat. Fields are looked up
 * through these layers in order, newest location first.
 */
interface Shape {
  webhook: boolean;
  call: JsonAt;
  layers: JsonAt[];
}

function shapeOf(root: JsonAt): Shape {
  const msg = root.get('message');
  if (msg.isObject && msg.get('type').value === 'end-of-call-report') {
    const call = msg.get('call').optObject();
    const layers = [msg.get('artifact').optObject(), msg, call?.get('artifact').optObject() ?? null, call];
    return { webhook: true, call: call ?? msg.get('call'), layers: layers.filter((l): l is JsonAt => l !== null) };
  }
  return { webhook: false, call: root, layers: [root.get('artifact').optObject(), root].filter((l): l is JsonAt => l !== null) };
}

const pick = (s: Shape, key: string): JsonAt => s.layers.map((l) => l.get(key)).find((v) => v.present) ?? s.call.get(key);

function isoMs(v: JsonAt): number | null {
  const s = v.optString();
  if (s === null) return null;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? v.fail(`must be an ISO date-time, found ${JSON.stringify(s)}`) : ms;
}

interface TurnLatencyEntry {
  transcriber: number | null;
  endpointing: number | null;
  model: number | null;
  voice: number | null;
  turn: number | null;
}

/** Reads a Vapi `Call` (GET /call/{id}) or an end-of-call-report webhook body. */
export function readVapiCall(path: string, json: unknown): NormalizedCall {
  const root = new JsonAt(path, json).object();
  const shape = shapeOf(root);
  const notes: ImportNote[] = [];
  const externalId = shape.call.get('id').string();
  const startedAtMs = isoMs(pick(shape, 'startedAt'));
  const endedAtMs = isoMs(pick(shape, 'endedAt'));

  const messagesAt = pick(shape, 'messages');
  const messages = messagesAt.optItems() ?? [];
  notes.push({ level: 'info', message: `${shape.webhook ? 'end-of-call-report webhook' : 'call object'}: ${messages.length} messages${messagesAt.present && !messagesAt.path.includes('artifact') ? ' (2024-era flat layout)' : ''}` });
  const sequence = readVapiMessages(messages, startedAtMs, notes);
  const { turns } = buildTurns(sequence);

  const perf = pick(shape, 'performanceMetrics').optObject();
  const entries = (perf?.get('turnLatencies').optItems() ?? []).map((e): TurnLatencyEntry => {
    e.object();
    return {
      transcriber: e.get('transcriberLatency').optNumber(),
      endpointing: e.get('endpointingLatency').optNumber(),
      model: e.get('modelLatency').optNumber(),
      voice: e.get('voiceLatency').optNumber(),
      turn: e.get('turnLatency').optNumber(),
    };
  });
  const turnDetails: { turn: number; transcriberMs: number | null; endpointingMs: number | null }[] = [];
  const answered = (t: Turn): boolean => t.caller !== null && (t.agent !== null || t.toolCalls.length > 0);
  alignByOrder(turns, answered, { label: 'performanceMetrics.turnLatencies', values: entries, apply: (t, e) => applyLatency(t, e, turnDetails) }, notes);
  if (entries.length > 0) {
    notes.push(
      { level: 'info', message: 'turn latencies read as milliseconds (Vapi does not state the unit: UNVERIFIED)' },
      { level: 'info', message: 'STT stage = transcriberLatency + endpointingLatency (both kept in metadata.turnDetails); end-to-end and time to first word = turnLatency' },
    );
  } else notes.push({ level: 'info', message: 'no per-turn latency: no performanceMetrics.turnLatencies (older export or no answered turn)' });
  deriveOverhead(turns, notes);

  const analysis = pick(shape, 'analysis').optObject();
  const successRaw = analysis?.get('successEvaluation').value;
  const endedReason = pick(shape, 'endedReason').optString();
  const { outcome, why } = vapiOutcome(endedReason, successVerdict(successRaw));
  notes.push({ level: 'info', message: `outcome ${outcome} from ${why}` });

  const assistantId = pick(shape, 'assistantId').optString();
  const assistantName = pick(shape, 'assistant').optObject()?.get('name').optString() ?? null;
  notes.push(
    { level: 'info', message: `no agent version: Vapi names only the assistant${assistantId ? ` (${assistantId})` : ''}` },
    { level: 'info', message: 'no word times: Vapi exports none' },
    { level: 'info', message: 'no intents and no per-turn LLM input: Vapi exports neither' },
  );
  const recording = readRecording(shape, notes);
  coverageNotes(turns, notes);

  return {
    externalId,
    sourceFormat: VAPI_CALL,
    agent: { name: assistantName ?? assistantId, version: null },
    startedAt: isoFromEpochMs(startedAtMs),
    durationMs: startedAtMs !== null && endedAtMs !== null ? endedAtMs - startedAtMs : null,
    outcome,
    endedReason,
    metadata: {
      provider: 'vapi',
      callId: externalId,
      callType: shape.call.get('type').optString(),
      assistantId,
      squadId: pick(shape, 'squadId').optString(),
      phoneCallProviderId: shape.call.get('phoneCallProviderId').optString(),
      cost: pick(shape, 'cost').optNumber(),
      summary: analysis?.get('summary').optString() ?? pick(shape, 'summary').optString(),
      successEvaluation: successRaw ?? null,
      logUrl: pick(shape, 'logUrl').optString(),
      recordingUrls: recording.urls,
      ...(perf ? { performance: Object.fromEntries(perf.keys().filter((k) => k !== 'turnLatencies').map((k) => [k, perf.get(k).value])) } : {}),
      ...(turnDetails.length > 0 ? { turnDetails } : {}),
    },
    turns,
    spans: [],
    recordingRef: recording.ref,
    notes,
  };
}

function applyLatency(t: Turn, e: TurnLatencyEntry, details: { turn: number; transcriberMs: number | null; endpointingMs: number | null }[]): void {
  // Vapi's turnLatency is the sum of transcriber, endpointing, model and voice plus a little transport;
  // the turn model has one stage before the LLM, so endpointing (end-of-turn detection) joins STT there.
  t.timings.sttMs = e.transcriber === null ? null : e.transcriber + (e.endpointing ?? 0);
  t.timings.llmMs = e.model;
  t.timings.ttsMs = e.voice;
  t.timings.endToEndMs = e.turn;
  t.timings.timeToFirstWordMs = e.turn;
  details.push({ turn: t.index, transcriberMs: e.transcriber, endpointingMs: e.endpointing });
}

/**
 * The recording the importer should pair: the stereo file (both parties, separable) before the mono mix,
 * new `artifact.recording` before the deprecated flat URLs. Vapi does not document which stereo channel
 * is the customer, so the roles stay unset until someone sets or detects them.
 */
function readRecording(shape: Shape, notes: ImportNote[]): { ref: NormalizedCall['recordingRef']; urls: Record<string, string> } {
  const rec = pick(shape, 'recording').optObject();
  const mono = rec?.get('mono').optObject() ?? null;
  const candidates: [string, string | null][] = [
    ['stereoUrl', rec?.get('stereoUrl').optString() ?? null],
    ['stereoRecordingUrl', pick(shape, 'stereoRecordingUrl').optString()],
    ['mono.combinedUrl', mono?.get('combinedUrl').optString() ?? null],
    ['recordingUrl', pick(shape, 'recordingUrl').optString()],
    ['mono.customerUrl', mono?.get('customerUrl').optString() ?? null],
    ['mono.assistantUrl', mono?.get('assistantUrl').optString() ?? null],
  ];
  const urls = Object.fromEntries(candidates.filter((c): c is [string, string] => c[1] !== null));
  const chosen = candidates.slice(0, 4).find((c): c is [string, string] => c[1] !== null);
  if (!chosen) {
    notes.push({ level: 'info', message: 'no recording URL in the payload' });
    return { ref: null, urls };
  }
  const [field, url] = chosen;
  const stereo = field.startsWith('stereo');
  if (field === 'stereoRecordingUrl' || field === 'recordingUrl') notes.push({ level: 'info', message: `recording from the deprecated flat ${field}` });
  notes.push(
    stereo
      ? { level: 'warning', message: `stereo recording (${field}): Vapi does not document which channel is the caller (UNVERIFIED), so channel roles are left unset; per-party mono URLs are in metadata.recordingUrls when present` }
      : { level: 'info', message: `mono recording (${field}): caller and agent are mixed on one channel` },
  );
  return { ref: { path: url, callerChannel: null, agentChannel: null, sha256: null }, urls };
}
