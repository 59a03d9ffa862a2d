/**
 * A call with problems planted at known times, for the end-to-end audio test: the agent's voice leaking
 * into the caller's channel (echo, 150 ms, -12 dB), a caller barge-in over the agent, 5+ s of dead air,
 * and a clipped caller utterance. Returns the audio, the truth, and a matching call file.
 */
import type { CallFileV1 } from '../../../../shared/format/call-file-v1';
import { buildConversation, SNIPPET_RATE, type Conversation } from './conversation';

export const PLANTED = {
  echoDelayMs: 150,
  echoGain: 0.25, // -12 dB
  clipGain: 5,
};

export function plantedConversation(): Conversation {
  const conv = buildConversation(
    27_000,
    [
      { snippet: 'caller-1', atMs: 3600 },
      { snippet: 'caller-2', atMs: 9000 }, // starts while agent-2 (7.6 s .. ~10.2 s) is still talking
      { snippet: 'caller-3', atMs: 20_500, gain: PLANTED.clipGain },
    ],
    [
      { snippet: 'agent-1', atMs: 300 },
      { snippet: 'agent-2', atMs: 7600 },
      { snippet: 'agent-3', atMs: 17_500 }, // after ~5.5 s of nobody speaking
      { snippet: 'agent-4', atMs: 23_600 },
    ],
  );
  // Hard clipping of the loud caller utterance, as an overdriven microphone does.
  for (let i = 0; i < conv.caller.length; i++) conv.caller[i] = Math.max(-1, Math.min(1, conv.caller[i]!));
  // Echo: the agent's channel, delayed and attenuated, added to the caller's.
  const d = Math.round((PLANTED.echoDelayMs / 1000) * SNIPPET_RATE);
  for (let i = conv.caller.length - 1; i >= d; i--) conv.caller[i] = conv.caller[i]! + PLANTED.echoGain * conv.agent[i - d]!;
  return conv;
}

export function plantedCallFile(id: string, conv: Conversation, recordingPath: string): CallFileV1 {
  const [c1, c2, c3] = conv.callerSpeech;
  const [a1, a2, a3, a4] = conv.agentSpeech;
  const r = (v: number): number => Math.round(v);
  return {
    format: 'turnscope.call',
    version: 1,
    call: { id, startedAt: '2026-03-02T09:00:00Z', durationMs: 27_000, agent: { name: 'planted', version: '1' }, outcome: 'resolved' },
    recording: { path: recordingPath, channels: { caller: 0, agent: 1 } },
    turns: [
      { index: 0, agent: { text: 'sure can you confirm the last four digits of your card', startMs: r(a1!.startMs), endMs: r(a1!.endMs) } },
      {
        index: 1,
        caller: { text: 'hi i want to check the balance on my account', startMs: r(c1!.startMs), endMs: r(c1!.endMs) },
        agent: { text: 'thank you your balance is two hundred and ten dollars', startMs: r(a2!.startMs), endMs: r(a2!.endMs) },
        timings: { endToEndMs: r(a2!.startMs - c1!.endMs) },
      },
      {
        index: 2,
        caller: { text: 'yes it ends in four five six seven', startMs: r(c2!.startMs), endMs: r(c2!.endMs) },
        agent: { text: 'of course i have sent it to your email address', startMs: r(a3!.startMs), endMs: r(a3!.endMs) },
        timings: { endToEndMs: r(a3!.startMs - c2!.endMs) },
      },
      {
        index: 3,
        caller: { text: 'can you also send me the last statement', startMs: r(c3!.startMs), endMs: r(c3!.endMs) },
        agent: { text: 'thank you for calling goodbye', startMs: r(a4!.startMs), endMs: r(a4!.endMs) },
        timings: { endToEndMs: r(a4!.startMs - c3!.endMs) },
      },
    ],
  };
}
