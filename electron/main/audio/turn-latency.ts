/**
 * Latency measured from the audio, per turn: when the caller actually stopped speaking and when the agent
 * actually started, on the recording's own timeline, found by matching each turn's trace times to the
 * speech segments of the caller's and the agent's channel. The trace's times only say where to look; the
 * segments say what happened.
 */
import type { Turn } from '../../../shared/model/call';
import type { AudioThresholds } from './audio-thresholds';
import { intersects, type Span } from './spans';

export interface MeasuredTurn {
  callerSpeechStartMs: number | null;
  callerSpeechEndMs: number | null;
  agentSpeechStartMs: number | null;
  agentSpeechEndMs: number | null;
  /** Agent speech start minus caller speech end; negative when the agent started before the caller finished. */
  responseGapMs: number | null;
}

export interface TurnLatency {
  turnIndex: number;
  measured: MeasuredTurn;
  /** Measured gap minus what the trace reported (null when either is missing). */
  gapVsEndToEndMs: number | null;
  gapVsTimeToFirstWordMs: number | null;
  /** Segments matched to this turn, per role (so unmatched speech can be found afterwards). */
  callerSegments: Span[];
  agentSegments: Span[];
}

export const UNMEASURED: MeasuredTurn = {
  callerSpeechStartMs: null,
  callerSpeechEndMs: null,
  agentSpeechStartMs: null,
  agentSpeechEndMs: null,
  responseGapMs: null,
};

/** How far after the trace's agent end a segment may start and still be part of the reply. */
const AGENT_LATE_START_MS = 250;

type Pads = Pick<AudioThresholds['latency'], 'callerSearchPadMs' | 'agentSearchPadMs'>;

/**
 * `caller` and `agent` are the speech segments of the two role channels, sorted. Turns are matched in
 * time order; a segment already given to an earlier turn's agent is not the next caller's, and so on.
 */
export function measureTurns(turns: readonly Turn[], caller: readonly Span[], agent: readonly Span[], pads: Pads): TurnLatency[] {
  const ordered = [...turns].sort((a, b) => a.index - b.index);
  let callerFloor = -Infinity; // segments ending before this belong to earlier turns
  let agentFloor = -Infinity;
  return ordered.map((t, k) => {
    const next = ordered[k + 1];
    const nextCallerStart = next?.caller?.startMs ?? null;
    // Caller: segments overlapping the trace's caller window.
    let callerSegs: Span[] = [];
    const cs = t.caller?.startMs ?? null;
    const ce = t.caller?.endMs ?? null;
    if (t.caller && (cs !== null || ce !== null)) {
      const window = { startMs: (cs ?? ce!) - pads.callerSearchPadMs, endMs: (ce ?? cs!) + pads.callerSearchPadMs };
      callerSegs = caller.filter((s) => s.endMs > callerFloor && intersects(s, window));
      // The agent's reply is not part of the caller's utterance: stop at the trace's agent start if it is well after.
      const as = t.agent?.startMs ?? null;
      if (as !== null && ce !== null && as > ce) callerSegs = callerSegs.filter((s) => s.startMs < Math.max(ce, as));
    }
    const callerStart = callerSegs.length ? callerSegs[0]!.startMs : null;
    const callerEnd = callerSegs.length ? Math.max(...callerSegs.map((s) => s.endMs)) : null;
    if (callerEnd !== null) callerFloor = callerEnd;

    // Agent: segments overlapping the trace's agent window, or the first after the caller when the trace has no agent times.
    let agentSegs: Span[] = [];
    if (t.agent) {
      const as = t.agent.startMs;
      const ae = t.agent.endMs;
      // The reply's speech starts between a little before the trace's agent start and the trace's agent end;
      // speech starting later is something else (another reply, agent audio with no turn).
      let window: Span | null = null;
      if (as !== null || ae !== null) window = { startMs: (as ?? ae!) - pads.agentSearchPadMs, endMs: (ae ?? as! + 10_000) + AGENT_LATE_START_MS };
      else if (callerEnd !== null) window = { startMs: callerEnd - pads.agentSearchPadMs, endMs: callerEnd + 10_000 };
      if (window) {
        const limit = nextCallerStart !== null ? nextCallerStart : Infinity;
        const w = window;
        agentSegs = agent.filter((s) => s.endMs > agentFloor && s.endMs > w.startMs && s.startMs < w.endMs && s.startMs < limit);
        // An agent segment that began before this caller began belongs to the previous turn.
        if (callerStart !== null) agentSegs = agentSegs.filter((s) => s.startMs > callerStart);
      }
    }
    const agentStart = agentSegs.length ? agentSegs[0]!.startMs : null;
    const agentEnd = agentSegs.length ? Math.max(...agentSegs.map((s) => s.endMs)) : null;
    if (agentEnd !== null) agentFloor = agentEnd;

    const gap = agentStart !== null && callerEnd !== null ? agentStart - callerEnd : null;
    const e2e = t.timings.endToEndMs;
    const ttfw = t.timings.timeToFirstWordMs;
    return {
      turnIndex: t.index,
      measured: { callerSpeechStartMs: callerStart, callerSpeechEndMs: callerEnd, agentSpeechStartMs: agentStart, agentSpeechEndMs: agentEnd, responseGapMs: gap },
      gapVsEndToEndMs: gap !== null && e2e !== null ? gap - e2e : null,
      gapVsTimeToFirstWordMs: gap !== null && ttfw !== null ? gap - ttfw : null,
      callerSegments: callerSegs,
      agentSegments: agentSegs,
    };
  });
}
