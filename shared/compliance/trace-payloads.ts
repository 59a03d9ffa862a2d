/**
 * The trace payloads of a call as a flat list of leaf values: every string and number inside span
 * attributes, tool-call arguments and results, and the call's metadata, each with where it lives (so a
 * hit can point at it and the redaction can replace it) and the turn and time it belongs to.
 */
import type { ScannableCall } from './call-index';
import type { TraceLocation } from './types';

export interface PayloadLeaf {
  target: TraceLocation['target'];
  index: number | null;
  turnIndex: number | null;
  path: Array<string | number>;
  value: string | number;
  startMs: number | null;
  endMs: number | null;
  /** The span kind ('tool', 'llm', …) or 'tool-call' / 'metadata'. */
  source: string;
}

const MAX_DEPTH = 32;

function walk(value: unknown, path: Array<string | number>, out: (path: Array<string | number>, v: string | number) => void, depth = 0): void {
  if (depth > MAX_DEPTH) return;
  if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) {
    out(path, value);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, [...path, i], out, depth + 1));
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) walk(v, [...path, k], out, depth + 1);
  }
}

export function payloadLeaves(call: ScannableCall, options: { includeMetadata: boolean }): PayloadLeaf[] {
  const leaves: PayloadLeaf[] = [];
  call.spans.forEach((s, i) => {
    walk(s.attributes, [], (path, value) =>
      leaves.push({ target: 'span', index: i, turnIndex: s.turnIndex, path, value, startMs: s.startMs, endMs: s.endMs, source: s.kind }),
    );
  });
  for (const t of call.turns) {
    t.toolCalls.forEach((tc, k) => {
      const startMs = tc.startMs ?? t.caller?.endMs ?? null;
      const endMs = tc.endMs ?? t.agent?.startMs ?? null;
      for (const part of ['arguments', 'result'] as const) {
        walk(tc[part], [part], (path, value) =>
          leaves.push({ target: 'tool', index: k, turnIndex: t.index, path, value, startMs, endMs, source: `tool-call:${part}` }),
        );
      }
    });
  }
  if (options.includeMetadata) {
    walk(call.metadata, [], (path, value) =>
      leaves.push({ target: 'metadata', index: null, turnIndex: null, path, value, startMs: null, endMs: null, source: 'metadata' }),
    );
  }
  return leaves;
}

/** The key a leaf sits under (the last string in its path), lower-cased with separators removed. */
export function leafKey(path: ReadonlyArray<string | number>): string {
  for (let i = path.length - 1; i >= 0; i--) {
    const p = path[i];
    if (typeof p === 'string') return p.toLowerCase().replace(/[^a-z0-9]/g, '');
  }
  return '';
}

export const pathText = (path: ReadonlyArray<string | number>): string =>
  path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '');
