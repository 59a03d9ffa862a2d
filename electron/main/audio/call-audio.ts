/**
 * Everything the audio says about one call, from the stored per-channel analysis and the trace's turns:
 * channel roles, per-channel and per-turn quality, latency measured per turn, interruptions, dead air, echo,
 * caller words timed in silence, and the flags for whatever crosses a threshold. Pure: no I/O, no decoding,
 * so it re-runs in milliseconds when roles are swapped or thresholds change.
 */
import type { ChannelRoles, FlagDraft, Severity, Turn } from '../../../shared/model/call';
import type { AudioGap } from '../../../shared/model/recording';
import { turnSpan } from '../../../shared/model/turn-span';
import type { AudioThresholds } from './audio-thresholds';
import { ENVELOPE_FRAME_MS } from './channel-analyzer';
import { resolveRoles, type ResolvedRoles, type RoleSource } from './channel-roles';
import type { EchoEstimate } from './echo-estimate';
import { removeEcho } from './echo-removal';
import { findOverlaps, type Overlap } from './interruptions';
import type { ChannelAudio } from './recording-audio';
import { intersects, overlapMs, type Span } from './spans';
import { measureTurns, UNMEASURED, type MeasuredTurn } from './turn-latency';
import { wordsInSilence } from './words-in-silence';

/** The part of a recording's analysis the call-level findings need (what the store keeps). */
export interface RecordingAudioView {
  durationMs: number;
  channels: number;
  channelAudio: ChannelAudio[];
  echo: EchoEstimate[];
  decode: { complete: boolean; problems: string[]; gaps: AudioGap[] };
}

export interface ChannelQuality {
  channel: number;
  role: 'caller' | 'agent' | null;
  snrDb: number | null;
  clippingRatio: number;
  clipEventCount: number;
  rmsDbfs: number;
  speechRatio: number;
  dcOffset: number;
  noiseDbfs: number;
  /** Audio of another channel leaking into this one. */
  echo: { delayMs: number; levelDb: number; fromChannel: number } | null;
}

export interface RoleQuality {
  rmsDbfs: number | null;
  snrDb: number | null;
  clippingRatio: number | null;
}

export interface TurnAudio {
  turnIndex: number;
  measured: MeasuredTurn;
  gapVsEndToEndMs: number | null;
  gapVsTimeToFirstWordMs: number | null;
  caller: RoleQuality;
  agent: RoleQuality;
}

export interface CallAudioAnalysis {
  roles: ResolvedRoles;
  quality: ChannelQuality[];
  turns: TurnAudio[];
  overlaps: Overlap[];
  deadAir: Span[];
  /** Speech segments per channel after echo removal (what the findings used). */
  speech: Span[][];
  flags: FlagDraft[];
}

/** Rounded to `step` without float noise (-12.2, not -12.200000000000001). */
const round = (v: number, step = 1): number => Number((Math.round(v / step) * step).toFixed(step < 1 ? 2 : 0));

/**
 * A leak counts when its peak stands out of the other delays, the channels really correlate at that delay,
 * and the copy is loud enough to matter (lossy joint-stereo coding leaves traces far below that).
 */
export function detectedEchoes(echo: readonly EchoEstimate[], t: AudioThresholds['echo']): EchoEstimate[] {
  return echo.filter(
    (e) => e.prominence >= t.minProminence && e.correlation >= t.minCorrelation && e.levelDb >= t.minLevelDb && e.windowCount >= t.minWindows && e.delayMs <= t.maxDelayMs,
  );
}

function envelopeMeanDb(env: Int16Array, span: Span, only?: readonly Span[]): number | null {
  const F = ENVELOPE_FRAME_MS;
  let p = 0;
  let n = 0;
  for (let i = Math.max(0, Math.floor(span.startMs / F)); i < Math.min(env.length, Math.ceil(span.endMs / F)); i++) {
    if (only && !only.some((s) => i * F + F / 2 >= s.startMs && i * F + F / 2 < s.endMs)) continue;
    p += 10 ** (env[i]! / 1000);
    n++;
  }
  return n ? 10 * Math.log10(p / n) : null;
}

function roleQuality(ch: ChannelAudio | undefined, span: Span | null, speech: readonly Span[]): RoleQuality {
  if (!ch || !span || span.endMs <= span.startMs) return { rmsDbfs: null, snrDb: null, clippingRatio: null };
  const speechDb = envelopeMeanDb(ch.speechEnvelope, span, speech.filter((s) => intersects(s, span)));
  const clippedMs = ch.clipEvents.reduce((t, e) => t + overlapMs(e, span), 0);
  return {
    rmsDbfs: envelopeMeanDb(ch.levelEnvelope, span),
    snrDb: speechDb === null ? null : speechDb - ch.noiseDbfs,
    clippingRatio: clippedMs / (span.endMs - span.startMs),
  };
}

/** The turn a moment belongs to: the last turn that has started by then (else the first). */
function turnIndexAt(turns: readonly Turn[], ms: number): number | null {
  let found: number | null = null;
  for (const t of turns) {
    const s = turnSpan(t);
    if (s && s.startMs <= ms + 1) found = t.index;
  }
  return found ?? turns[0]?.index ?? null;
}

export interface CallAudioOptions {
  /** Where fully given roles came from: the trace (default) or the user (a swap). */
  rolesSource?: RoleSource;
}

export function analyzeCallAudio(rec: RecordingAudioView, turns: readonly Turn[], traceRoles: ChannelRoles, th: AudioThresholds, options: CallAudioOptions = {}): CallAudioAnalysis {
  const flags: FlagDraft[] = [];
  const flag = (kind: string, severity: Severity, startMs: number | null, endMs: number | null, detail: string, evidence: Record<string, unknown>, turnIndex?: number | null): void => {
    flags.push({
      kind: `audio_${kind}`,
      severity,
      turnIndex: turnIndex !== undefined ? turnIndex : startMs === null ? null : turnIndexAt(turns, startMs),
      startMs,
      endMs,
      detail,
      evidence,
      source: 'analysis',
    });
  };
  const sorted = [...turns].sort((a, b) => a.index - b.index);
  const echoes = detectedEchoes(rec.echo, th.echo);

  // Speech per channel, with leaked audio from another channel taken out.
  const speech: Span[][] = rec.channelAudio.map((ch) => {
    let segs: Span[] = ch.segments;
    for (const e of echoes.filter((x) => x.target === ch.channel)) {
      const source = rec.channelAudio[e.source];
      if (source) segs = removeEcho(segs, ch.speechEnvelope, source.speechEnvelope, e, { marginDb: th.echo.echoMarginDb, mergeGapMs: th.vad.mergeGapMs, minSpeechMs: th.vad.minSpeechMs, noiseDbfs: ch.noiseDbfs });
    }
    return segs;
  });

  const resolved = resolveRoles(traceRoles, speech, sorted, th.roles.minConfidence);
  const roles: ResolvedRoles = resolved.source === 'trace' && options.rolesSource ? { ...resolved, source: options.rolesSource } : resolved;
  const roleOf = (channel: number): 'caller' | 'agent' | null => (channel === roles.caller ? 'caller' : channel === roles.agent ? 'agent' : null);
  if (rec.channels >= 2 && roles.source === 'detected') {
    flag('roles_detected', 'info', null, null, `caller on channel ${roles.caller}, agent on channel ${roles.agent} (detected from speech timing, confidence ${roles.confidence.toFixed(2)})`, { caller: roles.caller, agent: roles.agent, confidence: roles.confidence }, null);
  } else if (rec.channels >= 2 && roles.source === 'none') {
    flag('roles_unknown', 'info', null, null, `the trace does not say which channel is the caller and speech timing does not tell (confidence ${roles.confidence.toFixed(2)}); latency cannot be measured`, { confidence: roles.confidence }, null);
  }

  if (!rec.decode.complete) {
    flag('partial_decode', 'warning', null, null, `recording decoded only in part: ${rec.decode.problems[0] ?? 'unknown problem'}`, { problems: rec.decode.problems, durationMs: rec.durationMs }, null);
  }
  // Where the recording lost audio (silence in the decode): nothing said or heard there can be measured.
  for (const g of rec.decode.gaps) {
    flag('lost', 'warning', g.startMs, g.startMs + g.durationMs, `${Math.round(g.durationMs)} ms of the recording could not be read (damaged): silence stands in for it`, { ...g });
  }

  // Per-channel quality.
  const quality: ChannelQuality[] = rec.channelAudio.map((ch) => {
    const leak = echoes.filter((e) => e.target === ch.channel).sort((a, b) => b.levelDb - a.levelDb)[0];
    return {
      channel: ch.channel,
      role: roleOf(ch.channel),
      snrDb: ch.snrDb,
      clippingRatio: ch.clippingRatio,
      clipEventCount: ch.clipEventCount,
      rmsDbfs: ch.rmsDbfs,
      speechRatio: ch.speechRatio,
      dcOffset: ch.dcOffset,
      noiseDbfs: ch.noiseDbfs,
      echo: leak ? { delayMs: round(leak.delayMs, 0.25), levelDb: round(leak.levelDb, 0.1), fromChannel: leak.source } : null,
    };
  });
  for (const q of quality) {
    const ch = rec.channelAudio[q.channel]!;
    const who = q.role ?? `channel ${q.channel}`;
    if (q.snrDb !== null && q.snrDb < th.snr.warningBelowDb) {
      flag('low_snr', q.snrDb < th.snr.criticalBelowDb ? 'critical' : 'warning', null, null, `${who}: signal-to-noise ${q.snrDb.toFixed(1)} dB (noise at ${q.noiseDbfs.toFixed(0)} dBFS)`, { channel: q.channel, role: q.role, snrDb: q.snrDb, noiseDbfs: q.noiseDbfs }, null);
    }
    if (ch.speechDbfs !== null && ch.speechDbfs < th.level.tooQuietBelowDbfs) {
      flag('level_low', 'warning', null, null, `${who}: speech at ${ch.speechDbfs.toFixed(0)} dBFS is very quiet`, { channel: q.channel, role: q.role, speechDbfs: ch.speechDbfs }, null);
    }
    if (Math.abs(q.dcOffset) >= th.dcOffset.warningAbs) {
      flag('dc_offset', Math.abs(q.dcOffset) >= th.dcOffset.criticalAbs ? 'critical' : 'warning', null, null, `${who}: DC offset ${(q.dcOffset * 100).toFixed(1)}% of full scale`, { channel: q.channel, role: q.role, dcOffset: q.dcOffset }, null);
    }
    if (q.clippingRatio >= th.clipping.warningRatio && ch.clipEvents.length) {
      const severity: Severity = q.clippingRatio >= th.clipping.criticalRatio ? 'critical' : 'warning';
      // One flag per burst of clipping (events less than clusterGapMs apart), placed where it happens.
      const clusters: (Span & { events: number })[] = [];
      for (const e of ch.clipEvents) {
        const last = clusters[clusters.length - 1];
        if (last && e.startMs - last.endMs < th.clipping.clusterGapMs) {
          last.endMs = e.endMs;
          last.events++;
        } else clusters.push({ startMs: e.startMs, endMs: e.endMs, events: 1 });
      }
      for (const c of clusters.slice(0, 50)) {
        flag('clipping', severity, round(c.startMs), round(c.endMs), `${who}: clipping, ${c.events} event(s) over ${Math.max(1, round(c.endMs - c.startMs))} ms (channel clipped ${(q.clippingRatio * 100).toFixed(2)}%)`, { channel: q.channel, role: q.role, events: c.events, channelClippingRatio: q.clippingRatio, channelClipEvents: q.clipEventCount });
      }
    }
  }
  for (const e of echoes) {
    const level = e.levelDb;
    if (level < th.echo.warningAboveDb) continue;
    const severity: Severity = level >= th.echo.criticalAboveDb ? 'critical' : 'warning';
    const what = roleOf(e.source) === 'agent' && roleOf(e.target) === 'caller'
      ? "agent audio leaks into the caller's channel (echo / TTS bleed)"
      : `channel ${e.source} (${roleOf(e.source) ?? 'unknown'}) leaks into channel ${e.target} (${roleOf(e.target) ?? 'unknown'})`;
    const evidence = { source: e.source, target: e.target, delayMs: round(e.delayMs, 0.25), levelDb: round(level, 0.1), correlation: e.correlation, prominence: e.prominence };
    const spans = e.spans.length ? e.spans.slice(0, 50) : [null];
    for (const s of spans) {
      flag('echo', severity, s ? round(s.startMs) : null, s ? round(s.endMs) : null, `${what}: ${round(e.delayMs)} ms later at ${level.toFixed(1)} dB`, evidence);
    }
  }

  // Latency and turn quality need to know whose channel is whose.
  const callerSpeech = roles.caller !== null ? speech[roles.caller] ?? [] : [];
  const agentSpeech = roles.agent !== null ? speech[roles.agent] ?? [] : [];
  const measurable = roles.caller !== null && roles.agent !== null && roles.caller !== roles.agent;
  const latencies = measurable ? measureTurns(sorted, callerSpeech, agentSpeech, th.latency) : [];
  const turnAudio: TurnAudio[] = sorted.map((t) => {
    const l = latencies.find((x) => x.turnIndex === t.index);
    const m = l?.measured ?? UNMEASURED;
    const callerSpan = m.callerSpeechStartMs !== null ? { startMs: m.callerSpeechStartMs, endMs: m.callerSpeechEndMs! } : null;
    const agentSpan = m.agentSpeechStartMs !== null ? { startMs: m.agentSpeechStartMs, endMs: m.agentSpeechEndMs! } : null;
    return {
      turnIndex: t.index,
      measured: m,
      gapVsEndToEndMs: l?.gapVsEndToEndMs ?? null,
      gapVsTimeToFirstWordMs: l?.gapVsTimeToFirstWordMs ?? null,
      caller: roleQuality(roles.caller !== null ? rec.channelAudio[roles.caller] : undefined, callerSpan, callerSpeech),
      agent: roleQuality(roles.agent !== null ? rec.channelAudio[roles.agent] : undefined, agentSpan, agentSpeech),
    };
  });

  if (measurable) {
    for (const [k, t] of sorted.entries()) {
      const ta = turnAudio[k]!;
      const m = ta.measured;
      const lt = th.latency;
      for (const [diff, reported, name] of [
        [ta.gapVsEndToEndMs, t.timings.endToEndMs, 'end-to-end'],
        [ta.gapVsTimeToFirstWordMs, t.timings.timeToFirstWordMs, 'time to first word'],
      ] as const) {
        if (diff === null || reported === null || Math.abs(diff) <= lt.disagreementMs) continue;
        flag('latency_mismatch', Math.abs(diff) > lt.criticalDisagreementMs ? 'critical' : 'warning', m.callerSpeechEndMs, m.agentSpeechStartMs,
          `measured response gap ${round(m.responseGapMs!)} ms, trace reports ${name} ${round(reported)} ms (${diff > 0 ? '+' : ''}${round(diff)} ms)`,
          { measuredGapMs: m.responseGapMs, reportedMs: reported, reported: name, differenceMs: diff, marginMs: lt.disagreementMs }, t.index);
      }
      if (m.responseGapMs !== null && m.responseGapMs < 0) {
        flag('negative_gap', 'warning', m.agentSpeechStartMs, m.callerSpeechEndMs, `the agent started ${round(-m.responseGapMs)} ms before the caller stopped speaking`, { responseGapMs: m.responseGapMs }, t.index);
      }
      if (t.caller && (t.caller.startMs !== null || t.caller.endMs !== null) && m.callerSpeechEndMs === null) {
        flag('turn_not_heard', 'warning', t.caller.startMs, t.caller.endMs, "the trace has a caller utterance here but the caller's channel has no speech near it", { role: 'caller', traceStartMs: t.caller.startMs, traceEndMs: t.caller.endMs }, t.index);
      }
      if (t.agent && (t.agent.startMs !== null || t.agent.endMs !== null) && m.agentSpeechStartMs === null) {
        flag('turn_not_heard', 'warning', t.agent.startMs, t.agent.endMs, "the trace has an agent reply here but the agent's channel has no speech near it", { role: 'agent', traceStartMs: t.agent.startMs, traceEndMs: t.agent.endMs }, t.index);
      }
    }
    // Speech no turn accounts for.
    const matchedCaller = latencies.flatMap((l) => l.callerSegments);
    const matchedAgent = latencies.flatMap((l) => l.agentSegments);
    for (const [role, segs, matched] of [['caller', callerSpeech, matchedCaller], ['agent', agentSpeech, matchedAgent]] as const) {
      for (const s of segs) {
        if (s.endMs - s.startMs < th.latency.unmatchedSpeechMinMs || matched.some((m) => intersects(m, s))) continue;
        const detail = role === 'agent'
          ? `agent audio for ${round(s.endMs - s.startMs)} ms with no turn in the trace`
          : `caller speech for ${round(s.endMs - s.startMs)} ms that the trace never turned into a turn`;
        flag(role === 'agent' ? 'agent_speech_without_turn' : 'caller_speech_without_turn', 'warning', round(s.startMs), round(s.endMs), detail, { role, durationMs: s.endMs - s.startMs });
      }
    }
  }

  // Interruptions.
  const overlaps = measurable ? findOverlaps(callerSpeech, agentSpeech, th.overlap.minMs) : [];
  for (const o of overlaps) {
    if (o.kind === 'agent_talk_over') {
      if (o.durationMs < th.overlap.agentTalkOverWarningMs) continue;
      flag('agent_talk_over', o.durationMs >= th.overlap.agentTalkOverCriticalMs ? 'critical' : 'warning', round(o.startMs), round(o.endMs),
        `the agent talked over the caller for ${round(o.durationMs)} ms${o.yielded ? ` (${o.yielded} stopped first)` : ''}`, { durationMs: o.durationMs, yielded: o.yielded });
    } else {
      flag('barge_in', o.durationMs >= th.overlap.bargeInWarningMs ? 'warning' : 'info', round(o.startMs), round(o.endMs),
        `the caller interrupted the agent: ${round(o.durationMs)} ms of overlap${o.yielded ? `, ${o.yielded} stopped first` : ''}`, { durationMs: o.durationMs, yielded: o.yielded });
    }
  }

  // Dead air: nobody speaking, between the first and the last speech of the call.
  const all = speech.flat().sort((a, b) => a.startMs - b.startMs);
  const deadAir: Span[] = [];
  let reach = all[0]?.endMs ?? 0;
  for (const s of all.slice(1)) {
    if (s.startMs - reach >= th.deadAir.warningMs) deadAir.push({ startMs: reach, endMs: s.startMs });
    reach = Math.max(reach, s.endMs);
  }
  for (const d of deadAir) {
    const ms = d.endMs - d.startMs;
    flag('dead_air', ms >= th.deadAir.criticalMs ? 'critical' : 'warning', round(d.startMs), round(d.endMs), `${(ms / 1000).toFixed(1)} s of dead air: nobody speaks`, { durationMs: ms });
  }

  // Caller words the recognizer placed where the caller's channel is silent.
  if (roles.caller !== null) {
    for (const t of sorted) {
      const words = t.caller?.words ?? [];
      const silent = wordsInSilence(callerSpeech, words, th.wordsInSilence);
      if (silent.length === 0) continue;
      flag('words_in_silence', 'warning', silent[0]!.word.startMs, silent[silent.length - 1]!.word.endMs,
        `${silent.length} caller word(s) timed where the caller's channel has no speech: ${silent.slice(0, 8).map((s) => JSON.stringify(s.word.text)).join(' ')}`,
        { words: silent.map((s) => ({ index: s.index, text: s.word.text, startMs: s.word.startMs, endMs: s.word.endMs, speechCoverage: s.speechCoverage })) }, t.index);
    }
  }

  return { roles, quality, turns: turnAudio, overlaps, deadAir, speech, flags };
}
