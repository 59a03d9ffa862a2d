import type { ImportNote } from '../../../../../shared/model/dto';
import type { NormalizedCall } from '../../../../../shared/model/normalized';
import { JsonAt } from '../livekit-report/common-json';
import { buildTurns, coverageNotes, deriveOverhead } from '../livekit-report/common-turns';
import { isoFromEpochMs } from '../iso-time';
import { applyRetellLatency } from './retell-latency';
import { retellOutcome } from './retell-outcome';
import { readRetellTranscript } from './retell-transcript';

export const RETELL_CALL = 'retell-call';

/** The call inside a webhook body (`event`, or `event_type` on one docs page) or the call object itself. */
function unwrap(root: JsonAt): { call: JsonAt; event: string | null } {
  const inner = root.get('call');
  if (inner.isObject && (root.first('event', 'event_type').present || typeof inner.get('call_id').value === 'string')) {
    return { call: inner, event: root.first('event', 'event_type').optString() };
  }
  return { call: root, event: null };
}

/** How sure we are that parsed JSON is a Retell call object or webhook body (0 = not one). */
export function retellScore(json: unknown): number {
  const root = new JsonAt('', json);
  if (!root.isObject) return 0;
  const { call, event } = unwrap(root);
  if (typeof call.get('call_id').value !== 'string') return 0;
  const retellish = call.get('transcript_object').isArray || typeof call.get('agent_id').value === 'string' || typeof call.get('call_type').value === 'string';
  if (retellish) return event !== null ? 0.95 : 0.9;
  return typeof call.get('start_timestamp').value === 'number' || typeof call.get('disconnection_reason').value === 'string' ? 0.7 : 0;
}

/** Reads a Retell call (get-call response, v5.60 and older) or a call_started / call_ended / call_analyzed webhook. */
export function readRetellCall(path: string, json: unknown): NormalizedCall {
  const { call, event } = unwrap(new JsonAt(path, json).object());
  call.object();
  const notes: ImportNote[] = [];
  const externalId = call.get('call_id').string();
  if (event === 'call_started') notes.push({ level: 'warning', message: 'call_started webhook: the call had not ended, so there is no transcript or outcome yet' });
  if (event === 'call_ended') notes.push({ level: 'info', message: 'call_ended webhook: no call_analysis (Retell sends it later with call_analyzed)' });

  const { turns } = buildTurns(readRetellTranscript(call, notes));
  const latency = applyRetellLatency(call, turns, notes);
  deriveOverhead(turns, notes);

  const analysis = call.get('call_analysis').optObject();
  const successful = analysis?.get('call_successful').optBoolean() ?? null;
  const reason = call.get('disconnection_reason').optString();
  const status = call.get('call_status').optString();
  const { outcome, why } = retellOutcome(reason, status, successful);
  notes.push({ level: 'info', message: `outcome ${outcome} from ${why}` });

  const start = call.get('start_timestamp').optNumber();
  const end = call.get('end_timestamp').optNumber();
  let durationMs = call.get('duration_ms').optNumber();
  if (durationMs === null && start !== null && end !== null) {
    durationMs = end - start;
    notes.push({ level: 'info', message: 'duration derived as end_timestamp − start_timestamp (export before duration_ms)' });
  }

  const version = call.get('agent_version').optId();
  const agentId = call.get('agent_id').optString();
  if (version === null) notes.push({ level: 'info', message: 'no agent version: this export has no agent_version' });
  const hasWords = turns.some((t) => (t.caller?.words.length ?? 0) + (t.agent?.words.length ?? 0) > 0);
  notes.push(
    hasWords
      ? { level: 'info', message: 'word times for caller and agent from transcript_object (seconds on the recording clock → ms)' }
      : { level: 'info', message: 'no word times: the transcript has no words lists' },
    { level: 'info', message: 'no word confidences: Retell exports none' },
    { level: 'info', message: 'no intents: Retell exports none' },
    { level: 'info', message: 'no per-turn LLM input: Retell keeps it behind public_log_url' },
  );
  const recording = readRecording(call, notes);
  coverageNotes(turns, notes);

  return {
    externalId,
    sourceFormat: RETELL_CALL,
    agent: { name: call.get('agent_name').optString() ?? agentId, version },
    startedAt: isoFromEpochMs(start),
    durationMs,
    outcome,
    endedReason: reason,
    metadata: {
      provider: 'retell',
      callId: externalId,
      webhookEvent: event,
      agentId,
      callType: call.get('call_type').optString(),
      callStatus: status,
      direction: call.get('direction').optString(),
      twilioCallSid: call.get('telephony_identifier').optObject()?.get('twilio_call_sid').optString() ?? null,
      transferDestination: call.get('transfer_destination').optString(),
      summary: analysis?.get('call_summary').optString() ?? null,
      userSentiment: analysis?.get('user_sentiment').optString() ?? null,
      callSuccessful: successful,
      combinedCostCents: call.get('call_cost').optObject()?.get('combined_cost').optNumber() ?? null,
      publicLogUrl: call.get('public_log_url').optString(),
      recordingUrls: recording.urls,
      latency,
    },
    turns,
    spans: [],
    recordingRef: recording.ref,
    notes,
  };
}

/**
 * The multichannel recording (each party on its own channel) before the mono mix; scrubbed (PII-free)
 * variants only when they are all there is. Retell does not document the channel order, so roles stay unset.
 */
function readRecording(call: JsonAt, notes: ImportNote[]): { ref: NormalizedCall['recordingRef']; urls: Record<string, string> } {
  const fields = ['recording_multi_channel_url', 'recording_url', 'scrubbed_recording_multi_channel_url', 'scrubbed_recording_url'];
  const found = fields.map((f): [string, string | null] => [f, call.get(f).optString()]).filter((c): c is [string, string] => c[1] !== null);
  const urls = Object.fromEntries(found);
  const chosen = found[0];
  if (!chosen) {
    notes.push({ level: 'info', message: 'no recording URL in the payload' });
    return { ref: null, urls };
  }
  const [field, url] = chosen;
  notes.push(
    field.includes('multi_channel')
      ? { level: 'warning', message: `multichannel recording (${field}): Retell does not document which channel is the caller (UNVERIFIED), so channel roles are left unset` }
      : { level: 'info', message: `mono recording (${field}): caller and agent are mixed on one channel` },
  );
  return { ref: { path: url, callerChannel: null, agentChannel: null, sha256: null }, urls };
}
