import type { AgentInfo, Span, Turn } from '../../../../../shared/model/call';
import type { ImportNote } from '../../../../../shared/model/dto';
import { str } from './call-spans';
import type { Attributes } from './otel-span';

export type ProfileId = 'pipecat' | 'livekit' | 'generic';

/** What a framework profile makes of one call's spans; the call builder adds ids, times and file notes. */
export interface ProfileOutput {
  externalId: string | null;
  agent: AgentInfo;
  turns: Turn[];
  spans: Span[];
  metadata: Record<string, unknown>;
  notes: ImportNote[];
}

/** SDK defaults that name the framework, not the developer's agent. */
const DEFAULT_SERVICE_NAMES = new Set(['pipecat', 'livekit-agents', 'unknown_service', 'unknown_service:python']);

/**
 * Agent name and version. Neither framework defines keys for them: developers put them in custom span
 * attributes (Pipecat `additional_span_attributes`, LiveKit tracer `metadata`) or the resource's
 * `service.*`. The custom keys tried here are common spellings, not a standard (UNVERIFIED).
 */
export function agentIdentity(custom: Attributes, resource: Attributes, frameworkName: string | null): AgentInfo {
  const service = str(resource, 'service.name');
  return {
    name: str(custom, 'agent.name', 'agent_name', 'lk.agent_name') ?? (service && !DEFAULT_SERVICE_NAMES.has(service) ? service : null) ?? frameworkName,
    version: str(custom, 'agent.version', 'agent_version', 'app.version', 'service.version') ?? str(resource, 'service.version'),
  };
}

/** Resource attributes worth keeping on the call (identity and deployment, not SDK bookkeeping). */
export function resourceMetadata(resource: Attributes): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(resource)) {
    if (!k.startsWith('telemetry.') && !k.startsWith('process.')) out[k] = v;
  }
  return out;
}
