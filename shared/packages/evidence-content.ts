/**
 * The parts of an evidence packet computed from a (redacted) call: the ids other systems know the call
 * by, trace ids, a tool summary that names arguments without their values, the transcript as text, and
 * the packet's README. Pure, so the app can show the same content before writing anything.
 */
import type { Span, Turn } from '../model/call';
import type { EvidenceManifest, EvidenceToolSummary, EvidenceTranscriptLine, ProviderAlias } from './evidence';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Metadata keys that hold an id of the call in some other system (provider call id, room, job, session…). */
const ALIAS_KEY = /(^|[._-])(call_?id|conversation_?id|session_?id|job_?id|room_?(name|id)?|assistant_?id|agent_?id|request_?id|sid)$/i;
const TRACE_KEY = /(^|[._-])trace_?id$/i;

function walk(v: unknown, path: string, depth: number, visit: (path: string, key: string, value: string) => void): void {
  if (!isObject(v) || depth > 2) return;
  for (const [k, x] of Object.entries(v)) {
    const p = path ? `${path}.${k}` : k;
    if (typeof x === 'string' || typeof x === 'number') visit(p, k, String(x));
    else walk(x, p, depth + 1, visit);
  }
}

export function providerAliases(sourceFormat: string, canonicalId: string, externalId: string | null, metadata: Record<string, unknown>): ProviderAlias[] {
  const out: ProviderAlias[] = [];
  const seen = new Set<string>([canonicalId]);
  const add = (a: ProviderAlias): void => {
    if (a.id === '' || seen.has(`${a.field}=${a.id}`)) return;
    seen.add(`${a.field}=${a.id}`);
    out.push(a);
  };
  if (externalId && externalId !== canonicalId) add({ provider: sourceFormat, field: 'externalId', id: externalId });
  walk(metadata, '', 0, (path, key, value) => {
    if (ALIAS_KEY.test(key) && !TRACE_KEY.test(key)) add({ provider: sourceFormat, field: `metadata.${path}`, id: value });
  });
  return out;
}

export function traceIds(metadata: Record<string, unknown>, spans: readonly Span[]): string[] {
  const ids = new Set<string>();
  walk(metadata, '', 0, (_p, key, value) => {
    if (TRACE_KEY.test(key) && value) ids.add(value);
  });
  for (const s of spans) {
    for (const [k, v] of Object.entries(s.attributes)) if (TRACE_KEY.test(k) && typeof v === 'string' && v) ids.add(v);
  }
  return [...ids];
}

function failed(result: unknown): boolean {
  if (!isObject(result)) return false;
  if (result.error !== undefined && result.error !== null && result.error !== false) return true;
  if (result.ok === false || result.success === false) return true;
  return typeof result.status === 'string' && /^(error|failed|failure)$/i.test(result.status);
}

export function toolSummary(turns: readonly Turn[]): EvidenceToolSummary[] {
  return turns.flatMap((t) =>
    t.toolCalls.map((c) => ({
      turnIndex: t.index,
      id: c.id,
      name: c.name,
      startMs: c.startMs,
      durationMs: c.startMs !== null && c.endMs !== null ? c.endMs - c.startMs : null,
      argumentKeys: isObject(c.arguments) ? Object.keys(c.arguments).sort() : [],
      resultKeys: isObject(c.result) ? Object.keys(c.result).sort() : [],
      failed: failed(c.result),
    })),
  );
}

const clock = (ms: number | null): string => {
  if (ms === null) return '--:--.---';
  const s = Math.max(0, ms) / 1000;
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${(s % 60).toFixed(3).padStart(6, '0')}`;
};

export function transcriptText(callId: string, lines: readonly EvidenceTranscriptLine[]): string {
  return [`Redacted transcript of call ${callId}`, '', ...lines.map((l) => `[${clock(l.startMs)}–${clock(l.endMs)}] turn ${l.turnIndex} ${l.speaker}: ${l.text}`), ''].join('\n');
}

export function evidenceReadme(m: EvidenceManifest): string {
  const c = m.call;
  const hits = m.scan.hits.filter((h) => h.status !== 'dismissed');
  return [
    `# Evidence packet for call ${c.canonicalId}`,
    '',
    `Packet \`${m.packetId}\`, made by Turnscope ${m.createdBy.version} on ${m.createdAt}${m.createdBy.author ? ` by ${m.createdBy.author}` : ''}.`,
    '',
    `- canonical call id: ${c.canonicalId}`,
    `- provider aliases: ${c.providerAliases.map((a) => `${a.id} (${a.field})`).join(', ') || 'none'}`,
    `- source: ${c.sourceFormat}; agent ${c.agent.name ?? '—'} ${c.agent.version ?? ''}; outcome ${c.outcome}${c.endedReason ? ` (${c.endedReason})` : ''}`,
    `- why selected: ${m.selection.reason ?? 'no reason given'}; ${m.selection.flags.length} finding(s) of the analysis (listed in manifest.json)`,
    `- redacted transcript: ${m.transcript.textPath} (${m.transcript.lines} lines) and ${m.transcript.path}`,
    `- audio: ${m.audio.pointer ? `not included; ${m.audio.pointer.name}, SHA-256 ${m.audio.pointer.sha256}` : 'none'}`,
    `- trace ids: ${m.traceIds.join(', ') || 'none in the trace'}`,
    `- tools: ${m.tools.length} call(s)${m.tools.some((t) => t.failed) ? `, ${m.tools.filter((t) => t.failed).length} failed` : ''} (names and argument keys, no values)`,
    `- compliance scan (${m.scan.source === 'stored' ? 'the stored scan, with reviewers’ decisions' : 'scanned for this packet'}): ${hits.length} finding(s) not dismissed${Object.keys(m.scan.byCategory).length ? ` — ${Object.entries(m.scan.byCategory).map(([k, v]) => `${k} ×${v}`).join(', ')}` : ''}`,
    `- redaction: ${m.redaction.edits} edit(s) in ${m.redaction.rounds} round(s); every removed value looked for again in every file: ${m.redaction.leakSweep.leaks} found`,
    '',
    'Every file’s SHA-256 is listed in manifest.json, and the manifest’s own hash (manifestSha256, over its canonical JSON) covers them.',
    '',
  ].join('\n');
}
