import type { Utterance } from '../../../../../shared/model/call';
import type { ImportNote } from '../../../../../shared/model/dto';
import { type JsonAt, parseJsonText } from '../livekit-report/common-json';
import { plural, secondsToMs, ToolCallJoin, type SequenceItem } from '../livekit-report/common-turns';

const SPEAKERS = new Set(['agent', 'user', 'transfer_target']);

/** One utterance entry: word times are seconds on the recording's clock; the utterance spans its words. */
function utteranceOf(entry: JsonAt): Utterance {
  const words = (entry.get('words').optItems() ?? []).map((w) => {
    w.object();
    return { text: w.get('word').string(), startMs: secondsToMs(w.get('start').optNumber()), endMs: secondsToMs(w.get('end').optNumber()), confidence: null };
  });
  return {
    text: (entry.get('content').optString() ?? '').trim(),
    startMs: words.find((w) => w.startMs !== null)?.startMs ?? null,
    endMs: [...words].reverse().find((w) => w.endMs !== null)?.endMs ?? null,
    words,
  };
}

/** After a transfer the human taking over is neither the caller nor the agent under test: it closes the turn. */
function speech(role: string, utterance: Utterance): SequenceItem {
  if (role === 'transfer_target') return { kind: 'break' };
  return { kind: role === 'user' ? 'caller' : 'agent', utterance };
}

/**
 * The conversation in order. `transcript_with_tool_calls` places tool calls where they happened; when it
 * carries the utterances too it is the sequence (words borrowed from `transcript_object` if it lacks
 * them). Otherwise utterances come from `transcript_object` and tool calls are placed by their `time_sec`
 * (seen in payloads, not in the schema), or after the last utterance when they have none.
 */
export function readRetellTranscript(call: JsonAt, notes: ImportNote[]): SequenceItem[] {
  const roleOf = (e: JsonAt): string => e.object().get('role').string();
  // Read (and so check) transcript_object even when the interleaved list is used: it is the canonical one.
  const plain = (call.get('transcript_object').optItems() ?? []).map((e) => ({ role: roleOf(e), utterance: utteranceOf(e) }));
  const rich = call.get('transcript_with_tool_calls').optItems() ?? [];
  const join = new ToolCallJoin();
  const skipped = new Map<string, number>();
  let targetLines = 0;
  let failedTools = 0;
  const richHasSpeech = rich.some((e) => SPEAKERS.has(roleOf(e)));
  const sequence: SequenceItem[] = richHasSpeech ? [] : plain.map((p) => speech(p.role, p.utterance));
  const untimedTools: SequenceItem[] = [];
  let spoken = 0;

  for (const e of rich) {
    const role = roleOf(e);
    if (SPEAKERS.has(role)) {
      const own = utteranceOf(e);
      const twin = plain[spoken++];
      const borrow = own.words.length === 0 && twin !== undefined && twin.role === role && twin.utterance.text === own.text;
      sequence.push(speech(role, borrow ? twin.utterance : own));
    } else if (role === 'tool_call_invocation') {
      const args = e.get('arguments').optString();
      const startMs = secondsToMs(e.get('time_sec').optNumber());
      const item: SequenceItem = { kind: 'tool', call: join.call(e.get('tool_call_id').optId(), e.get('name').string(), args === null ? null : parseJsonText(args), startMs) };
      if (richHasSpeech) sequence.push(item);
      else if (startMs === null) untimedTools.push(item);
      else placeByTime(sequence, item, startMs);
    } else if (role === 'tool_call_result') {
      if (e.get('successful').optBoolean() === false) failedTools++;
      const content = e.get('content').optString();
      join.result(e.get('tool_call_id').optId(), content === null ? null : parseJsonText(content), secondsToMs(e.get('time_sec').optNumber()));
    } else skipped.set(role, (skipped.get(role) ?? 0) + 1);
  }
  for (const item of sequence) if (item.kind === 'break') targetLines++;
  sequence.push(...untimedTools);

  join.notes(notes);
  if (untimedTools.length > 0) notes.push({ level: 'warning', message: `${plural(untimedTools.length, 'tool call')} without a position or time_sec: attached to the last turn` });
  if (failedTools > 0) notes.push({ level: 'warning', message: `${plural(failedTools, 'tool result')} marked unsuccessful` });
  if (targetLines > 0) notes.push({ level: 'info', message: `${plural(targetLines, 'utterance')} by the transfer target left out of turns` });
  if (skipped.size > 0) notes.push({ level: 'info', message: `transcript entries left out: ${[...skipped].map(([r, n]) => `${r} (${n})`).join(', ')}` });
  if (plain.length === 0 && !richHasSpeech) notes.push({ level: 'warning', message: 'no transcript_object: the call has no transcript' });
  return sequence;
}

/** Before the first utterance that starts after the tool call, i.e. in the turn that was open when it ran. */
function placeByTime(sequence: SequenceItem[], item: SequenceItem, atMs: number): void {
  const i = sequence.findIndex((s) => s.kind !== 'tool' && s.kind !== 'break' && s.utterance.startMs !== null && s.utterance.startMs > atMs);
  if (i < 0) sequence.push(item);
  else sequence.splice(i, 0, item);
}
