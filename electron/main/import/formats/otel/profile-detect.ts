import type { ImportNote } from '../../../../../shared/model/dto';
import { type CallSpans, guessKind, str, toModelSpan } from './call-spans';
import type { OtelSpan } from './otel-span';
import { isPipecatTurn } from './pipecat-profile';
import { agentIdentity, type ProfileId, type ProfileOutput, resourceMetadata } from './profile';

/**
 * Chooses the framework profile of one trace from its content: scope names, the spans each framework
 * always emits and their attribute keys. A few generic GenAI keys (gen_ai.*) say nothing about the framework,
 * so only framework-specific evidence counts.
 */
export function detectProfile(spans: readonly OtelSpan[]): { profile: ProfileId; openInference: boolean } {
  let pipecat = 0;
  let livekit = 0;
  let openInference = false;
  for (const s of spans) {
    const scope = s.scope?.name ?? '';
    if (scope === 'pipecat' || scope === 'pipecat.turn') pipecat += 2;
    if (scope === 'livekit-agents') livekit += 2;
    if (s.name === 'conversation' && 'conversation.id' in s.attributes) pipecat += 3;
    if (isPipecatTurn(s) && 'turn.number' in s.attributes) pipecat += 3;
    if (s.name === 'agent_session' || s.name === 'user_turn' || s.name === 'agent_turn') livekit += 3;
    for (const k in s.attributes) {
      if (k.startsWith('lk.')) {
        livekit++;
        break;
      }
    }
    if ('openinference.span.kind' in s.attributes) openInference = true;
    if (pipecat > 50 || livekit > 50) break;
  }
  if (pipecat >= 3 && pipecat >= livekit) return { profile: 'pipecat', openInference };
  if (livekit >= 3) return { profile: 'livekit', openInference };
  return { profile: 'generic', openInference };
}

/** The root span that bounds one call in each profile: several in one trace means calls got mixed. */
export const CALL_ROOT: Record<ProfileId, string | null> = { pipecat: 'conversation', livekit: 'agent_session', generic: null };

/**
 * Splits a trace into calls when it holds several call roots (Pipecat's tracer has mixed concurrent
 * conversations into one trace, pipecat#2202). Each span goes to its root ancestor, else to the root whose
 * time window holds its start, else to the last root that started before it.
 */
export function splitByRoot(cs: CallSpans, rootName: string | null): OtelSpan[][] {
  if (!rootName) return [cs.spans];
  const roots = cs.spans.filter((s) => s.name === rootName && !cs.parent(s));
  if (roots.length < 2) return [cs.spans];
  const parts = new Map<OtelSpan, OtelSpan[]>(roots.map((r) => [r, []]));
  for (const s of cs.spans) {
    let root = parts.has(s) ? s : cs.ancestor(s, (a) => parts.has(a));
    if (!root) {
      root = roots.find((r) => r.startNs <= s.startNs && (r.endNs === null || s.startNs <= r.endNs))
        ?? [...roots].reverse().find((r) => r.startNs <= s.startNs) ?? roots[0]!;
    }
    parts.get(root)!.push(s);
  }
  return [...parts.values()];
}

/** A trace neither profile recognizes: spans kept with a stage guessed from names, no turns. */
export function mapGeneric(cs: CallSpans, notes: ImportNote[], openInference: boolean): ProfileOutput {
  notes.push({
    level: 'warning',
    message: openInference
      ? `OpenInference spans (openinference.span.kind): no turn mapping for this profile yet; ${cs.spans.length} spans imported without turns`
      : `not a Pipecat or LiveKit Agents trace: ${cs.spans.length} spans imported without turns (turn texts and timings unknown)`,
  });
  const root = cs.spans.find((s) => !s.parentSpanId) ?? cs.spans[0];
  const resource = root?.resource ?? {};
  return {
    externalId: null,
    agent: agentIdentity(root?.attributes ?? {}, resource, null),
    turns: [],
    spans: cs.spans.map((s) => toModelSpan(cs, s, guessKind(s), null)),
    metadata: { resource: resourceMetadata(resource), rootSpan: root?.name ?? null, session: str(root?.attributes ?? {}, 'session.id') },
    notes,
  };
}
