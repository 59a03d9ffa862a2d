import type { CallOutcome } from '../../../../../shared/model/call';
import type { ImportNote } from '../../../../../shared/model/dto';
import type { NormalizedCall } from '../../../../../shared/model/normalized';
import { JsonAt } from './common-json';
import { buildTurns, coverageNotes, deriveOverhead, plural, secondsToMs } from './common-turns';
import { readChatItems, type Message } from './livekit-chat';
import { findRecording, type FileExists } from './livekit-recording';
import { isoFromEpochMs } from '../iso-time';

export const LIVEKIT_REPORT = 'livekit-session-report';

/** How sure we are that parsed JSON is a LiveKit Agents session report (0 = not one). */
export function livekitReportScore(json: unknown): number {
  const root = new JsonAt('', json);
  if (!root.isObject || !root.get('chat_history').get('items').isArray) return 0;
  if (root.get('options').isObject || root.get('events').isArray) return 0.95;
  return typeof root.get('job_id').value === 'string' || typeof root.get('room_id').value === 'string' ? 0.8 : 0;
}

/**
 * Outcome from the session's close reason. A hang-up or a deliberate end is a completed call ('resolved'
 * means completed here: the report cannot say whether the caller's need was met; Cloud outcome tags are
 * not in it); a worker shutdown says nothing about the call.
 */
const CLOSE_OUTCOMES: Record<string, CallOutcome> = {
  task_completed: 'resolved',
  participant_disconnected: 'resolved',
  user_initiated: 'resolved',
  error: 'failed',
  job_shutdown: 'unknown',
};

/** Reads `session_report.json` (`make_session_report().to_dict()`, livekit-agents 1.3.1 and later). */
export function readLivekitReport(path: string, json: unknown, exists: FileExists): NormalizedCall {
  const root = new JsonAt(path, json).object();
  const notes: ImportNote[] = [];
  const externalId =
    root.get('job_id').optString() ??
    root.get('room_id').optString() ??
    root.get('room').optString() ??
    root.get('job_id').fail('missing job_id (and no room_id or room to name the call by)');
  const items = root.get('chat_history').object().get('items').items();
  const events = root.get('events').optItems() ?? [];
  const sdk = root.get('sdk_version').optString();

  // Times are epoch seconds; the recording's start is the call's zero so words, turns and audio line up.
  const recordingStart = root.get('audio_recording_started_at').optNumber();
  const origin = recordingStart ?? earliestTime(items, events);
  if (recordingStart === null && origin !== null) notes.push({ level: 'info', message: 'no audio_recording_started_at: times count from the earliest timestamp in the report' });
  const ms = (epochS: number | null): number | null => (origin === null || epochS === null ? null : Math.round((epochS - origin) * 1000));

  const { sequence, messages, skipped, join } = readChatItems(items, ms, notes);
  // Latencies ride on each message, so the turns get them as they form: no alignment by order needed.
  const { turns, turnOf } = buildTurns(sequence);
  deriveOverhead(turns, notes);
  const turnDetails = detailsPerTurn(messages.map(({ message, at }) => ({ message, turn: turnOf[at] ?? null })));
  const close = events.find((e) => e.get('type').value === 'close') ?? null;
  const closeReason = close?.get('reason').optString() ?? null;
  const endS = close?.get('created_at').optNumber() ?? root.get('timestamp').optNumber();
  const outcome = closeReason === null ? 'unknown' : (CLOSE_OUTCOMES[closeReason] ?? 'unknown');
  notes.push(
    closeReason === null
      ? { level: 'info', message: 'no outcome: no close event (LiveKit Cloud outcome tags are not in the session report)' }
      : { level: 'info', message: `outcome ${outcome} from close reason ${closeReason}` },
  );
  const errors = events.filter((e) => e.get('type').value === 'error').length;
  if (errors > 0) notes.push({ level: 'warning', message: `${plural(errors, 'error event')} during the session` });

  const realMessages = messages.map((m) => m.message);
  const unmeasured = realMessages.filter((m) => m.metrics === null).length;
  if (unmeasured > 0) notes.push({ level: 'info', message: `${unmeasured} of ${plural(realMessages.length, 'message')} carry no metrics: their speaking times and latencies are unknown` });
  const interrupted = realMessages.filter((m) => m.role === 'assistant' && m.interrupted).length;
  if (interrupted > 0) notes.push({ level: 'info', message: `${plural(interrupted, 'agent reply')} interrupted by the caller` });
  if (skipped > 0) notes.push({ level: 'info', message: `${plural(skipped, 'chat item')} of other types (config updates) left out` });
  join.notes(notes);
  if (unmeasured < realMessages.length) {
    notes.push({ level: 'info', message: 'STT stage = end_of_turn_delay (end of speech → turn committed, transcription included); end-to-end and time to first word = e2e_latency; transcription_delay kept in metadata.turnDetails' });
  }
  notes.push(
    { level: 'info', message: 'no word times: the session report has per-message speaking times only' },
    turnDetails.some((d) => d.transcriptConfidence !== undefined)
      ? { level: 'info', message: 'no word confidences: LiveKit reports one average per caller message (in metadata.turnDetails)' }
      : { level: 'info', message: 'no word confidences: this report has none' },
    { level: 'info', message: 'no intents and no LLM input: the session report has neither (LiveKit traces carry lk.pii.chat_ctx)' },
  );
  if (sdk === null) notes.push({ level: 'info', message: 'no agent version: the report has no sdk_version' });
  else notes.push({ level: 'info', message: `agent version is the SDK version (livekit-agents@${sdk}): the report names no agent` });

  const recordingPath = root.get('audio_recording_path').optString();
  const recordingRef = findRecording(path, recordingPath, exists, recordingStart !== null, notes);
  coverageNotes(turns, notes);
  const options = root.get('options').optObject();
  const usage = root.get('usage').optItems();
  return {
    externalId,
    sourceFormat: LIVEKIT_REPORT,
    agent: { name: null, version: sdk === null ? null : `livekit-agents@${sdk}` },
    startedAt: isoFromEpochMs(origin === null ? null : origin * 1000),
    durationMs: origin === null || endS === null ? null : Math.round((endS - origin) * 1000),
    outcome,
    endedReason: closeReason,
    metadata: {
      provider: 'livekit',
      jobId: root.get('job_id').optString(),
      roomId: root.get('room_id').optString(),
      room: root.get('room').optString(),
      sdkVersion: sdk,
      ...(options ? { options: options.value } : {}),
      ...(usage ? { usage: usage.map((u) => u.value) } : {}),
      ...(turnDetails.length > 0 ? { turnDetails } : {}),
    },
    turns,
    spans: [],
    recordingRef,
    notes,
  };
}

interface TurnDetail {
  turn: number;
  transcriptConfidence?: number;
  transcriptionDelayMs?: number;
  endOfTurnDelayMs?: number;
}

/** Per-turn values the turn model has no field for, kept so the import loses nothing an analyst may want. */
function detailsPerTurn(placed: { message: Message; turn: number | null }[]): TurnDetail[] {
  const byTurn = new Map<number, TurnDetail>();
  placed.forEach(({ message: m, turn }) => {
    if (m.role !== 'user' || turn === null) return;
    const d = byTurn.get(turn) ?? { turn };
    if (m.confidence !== null) d.transcriptConfidence ??= m.confidence;
    const td = secondsToMs(m.metrics?.get('transcription_delay').optNumber() ?? null);
    const eot = secondsToMs(m.metrics?.get('end_of_turn_delay').optNumber() ?? null);
    if (td !== null) d.transcriptionDelayMs ??= td;
    if (eot !== null) d.endOfTurnDelayMs ??= eot;
    if (Object.keys(d).length > 1) byTurn.set(turn, d);
  });
  return [...byTurn.values()];
}

/** Without a recording start, the earliest moment the report mentions stands in for the call's start. */
function earliestTime(items: JsonAt[], events: JsonAt[]): number | null {
  let min: number | null = null;
  const see = (v: number | null): void => {
    if (v !== null && (min === null || v < min)) min = v;
  };
  for (const it of [...items, ...events]) {
    see(it.get('created_at').optNumber());
    see(it.get('metrics').get('started_speaking_at').optNumber());
  }
  return min;
}
