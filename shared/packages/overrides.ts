/**
 * Editing expectations before export. An override has the shape `toOverrideForm` prints —
 * `{ "turns": { "<turn index>": { <expectation>: {...} | null } }, "compliance": {...} | null }` — and is
 * merged over the defaults: objects merge field by field, arrays replace, null removes an expectation.
 * Every problem is reported with its path, all at once, so an analyst fixes a file in one go.
 */
import { STAGE_KEYS } from '../analysis/thresholds';
import type { PackageExpectations, TurnExpectations } from './expectations';
import { DEFAULT_NORMALIZATION } from './prefill';

export class ExpectationsError extends Error {
  override name = 'ExpectationsError';
  constructor(readonly problems: string[]) {
    super(`invalid expectations: ${problems.join('; ')}`);
  }
}

type Kind = Exclude<keyof TurnExpectations, 'turnIndex'>;
const KINDS: readonly Kind[] = ['transcript', 'noHallucinationRun', 'intent', 'toolCalls', 'latency', 'phrases'];

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The editable form of expectations: turns keyed by their index, without the index inside. */
export function toOverrideForm(e: PackageExpectations): Record<string, unknown> {
  const turns: Record<string, unknown> = {};
  for (const { turnIndex, ...rest } of e.turns) turns[String(turnIndex)] = rest;
  return { turns, compliance: e.compliance };
}

/** Fields each expectation may have, with a check returning a problem or null. */
const FIELDS: Record<Kind | 'compliance', Record<string, (v: unknown) => string | null>> = {
  transcript: {
    reference: (v) => (typeof v === 'string' && v.trim() !== '' ? null : 'must be a non-empty string'),
    maxWer: (v) => (typeof v === 'number' && v >= 0 && v <= 10 ? null : 'must be a number from 0 to 10'),
    normalization: (v) => (typeof v === 'string' && /^[a-z0-9-]+(@\d+)?$/.test(v) ? null : 'must be a normalization id like "turnscope-default@1"'),
    basis: str,
  },
  noHallucinationRun: { minRunLength: (v) => (Number.isInteger(v) && (v as number) >= 2 ? null : 'must be an integer ≥ 2'), basis: str },
  intent: { name: (v) => (typeof v === 'string' && v.trim() !== '' ? null : 'must be a non-empty string'), basis: str },
  toolCalls: {
    calls: (v) => (Array.isArray(v) && v.every(validCall) ? null : 'must be a list of { name, arguments, ignoredArguments }'),
    allowOtherCalls: (v) => (typeof v === 'boolean' ? null : 'must be true or false'),
    basis: str,
  },
  latency: {
    maxEndToEndMs: (v) => (v === null || (typeof v === 'number' && v > 0) ? null : 'must be a positive number of milliseconds or null'),
    stageBudgetsMs: (v) =>
      isObject(v) && Object.entries(v).every(([k, x]) => (STAGE_KEYS as readonly string[]).includes(k) && typeof x === 'number' && x > 0)
        ? null
        : `must map stages (${STAGE_KEYS.join(', ')}) to positive milliseconds`,
    basis: str,
  },
  phrases: { mustSay: strings, mustNotSay: strings, basis: str },
  compliance: { mustNotOccur: (v) => (Array.isArray(v) && v.every((c) => typeof c === 'string' && /^[a-z]+\.[a-z_]+$/.test(c)) ? null : 'must be a list of categories like "pci.pan"'), basis: str },
};

function str(v: unknown): string | null {
  return typeof v === 'string' ? null : 'must be a string';
}

function strings(v: unknown): string | null {
  return Array.isArray(v) && v.every((s) => typeof s === 'string' && s.trim() !== '') ? null : 'must be a list of non-empty strings';
}

function validCall(c: unknown): boolean {
  return isObject(c) && typeof c.name === 'string' && c.name !== '' && (c.arguments === undefined || isObject(c.arguments)) &&
    (c.ignoredArguments === undefined || (Array.isArray(c.ignoredArguments) && c.ignoredArguments.every((a) => typeof a === 'string')));
}

/** Defaults an expectation needs when an override creates it from nothing. */
const FRESH: Partial<Record<Kind | 'compliance', Record<string, unknown>>> = {
  transcript: { normalization: DEFAULT_NORMALIZATION },
  noHallucinationRun: { minRunLength: 5 },
  toolCalls: { allowOtherCalls: true },
  latency: { maxEndToEndMs: null, stageBudgetsMs: {} },
  phrases: { mustSay: [], mustNotSay: [] },
};

function mergeOne(kind: Kind | 'compliance', base: Record<string, unknown> | null, patch: unknown, at: string, problems: string[]): Record<string, unknown> | null {
  if (patch === null) return null;
  if (!isObject(patch)) {
    problems.push(`${at}: must be an object or null`);
    return base;
  }
  const fields = FIELDS[kind];
  const merged: Record<string, unknown> = { ...(FRESH[kind] ?? {}), ...(base ?? {}) };
  const changed: string[] = [];
  for (const [k, v] of Object.entries(patch)) {
    if (!(k in fields)) {
      problems.push(`${at}.${k}: unknown field (expected ${Object.keys(fields).join(', ')})`);
      continue;
    }
    merged[k] = v;
    if (k !== 'basis') changed.push(k);
  }
  if (kind === 'toolCalls' && Array.isArray(merged.calls)) {
    merged.calls = (merged.calls as unknown[]).map((c) => (isObject(c) ? { arguments: {}, ignoredArguments: [], ...c } : c));
  }
  if (!('basis' in patch)) merged.basis = base ? `edited by the analyst (${changed.join(', ')}); pre-filled: ${String(base.basis)}` : 'set by the analyst';
  for (const [k, check] of Object.entries(fields)) {
    if (!(k in merged)) problems.push(`${at}.${k}: missing`);
    else {
      const p = check(merged[k]);
      if (p) problems.push(`${at}.${k}: ${p}`);
    }
  }
  return merged;
}

/**
 * The defaults with an override applied. Throws ExpectationsError listing every problem (unknown turn,
 * unknown field, wrong type) — nothing is half applied.
 */
export function applyExpectationOverrides(base: PackageExpectations, override: unknown): PackageExpectations {
  const problems: string[] = [];
  if (!isObject(override)) throw new ExpectationsError(['the expectations file must hold a JSON object']);
  for (const k of Object.keys(override)) if (k !== 'turns' && k !== 'compliance') problems.push(`${k}: unknown field (expected turns, compliance)`);
  const turns = base.turns.map((t) => ({ ...t }));
  const o = override.turns;
  if (o !== undefined) {
    if (!isObject(o)) problems.push('turns: must be an object keyed by turn index');
    else {
      for (const [key, patch] of Object.entries(o)) {
        const t = turns.find((x) => String(x.turnIndex) === key);
        if (!t) {
          problems.push(`turns.${key}: turn ${key} is not in the package (its turns: ${turns.map((x) => x.turnIndex).join(', ')})`);
          continue;
        }
        if (patch === null) {
          for (const k of KINDS) (t as Record<Kind, unknown>)[k] = null;
          continue;
        }
        if (!isObject(patch)) {
          problems.push(`turns.${key}: must be an object or null`);
          continue;
        }
        for (const [kind, p] of Object.entries(patch)) {
          if (!(KINDS as readonly string[]).includes(kind)) {
            problems.push(`turns.${key}.${kind}: unknown expectation (expected ${KINDS.join(', ')})`);
            continue;
          }
          const k = kind as Kind;
          (t as Record<Kind, unknown>)[k] = mergeOne(k, t[k] as Record<string, unknown> | null, p, `turns.${key}.${k}`, problems);
        }
      }
    }
  }
  const compliance = 'compliance' in override
    ? mergeOne('compliance', base.compliance as Record<string, unknown> | null, override.compliance, 'compliance', problems)
    : base.compliance;
  if (problems.length > 0) throw new ExpectationsError(problems);
  return { turns: turns as TurnExpectations[], compliance: compliance as PackageExpectations['compliance'] };
}
