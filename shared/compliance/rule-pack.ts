/**
 * Rule packs: reading one (every problem reported with where it is, and the pack refused), its identity
 * (id, version, SHA-256 of its canonical JSON), and combining packs into the rule set a scan runs.
 *
 * Combining, in load order (built-in packs first, then the user's): a pack's rules are added; a rule whose
 * id an earlier pack already defined replaces it whole; a pack's `overrides` change fields of rules loaded
 * before it (enabled, severity, speaker, params shallow-merged). An override naming an unknown rule is an
 * error, so a typo cannot silently leave a rule as it was.
 *
 * The main side also validates pack files against resources/schemas/rule-pack-v1.schema.json (for
 * editors and tools); this module repeats the structural checks so the renderer can validate a pack
 * without it, and adds what a schema cannot say (duplicate ids, parameters per detector).
 */
import { canonicalJson } from '../analysis/normalize';
import type { Severity } from '../model/call';
import { checkParams } from './detector-params';
import { sha256Hex } from './sha256';
import {
  DETECTOR_KINDS, isCategory, type ActiveRule, type DetectorKind, type DetectorParams, type RuleDefinition, type RuleOverride,
  type RulePack, type RulePackRef, type RuleSet, type SpeakerScope,
} from './types';

/** Bumped whenever a detector's output changes for some input; part of every rule-set hash. */
export const COMPLIANCE_ENGINE_VERSION = 1;

export const RULE_PACK_FORMAT = 'turnscope.rule-pack';

export class RulePackError extends Error {
  override name = 'RulePackError';
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`rule pack ${source} refused: ${problems.slice(0, 8).join('; ')}${problems.length > 8 ? `; … and ${problems.length - 8} more` : ''}`);
  }
}

const ID = /^[a-z0-9][a-z0-9._-]{0,99}$/;
const VERSION = /^\d+\.\d+\.\d+$/;
const SEVERITIES: readonly Severity[] = ['info', 'warning', 'critical'];
const SCOPES: readonly SpeakerScope[] = ['caller', 'agent', 'any', 'trace'];
const RULE_KEYS = new Set(['id', 'description', 'category', 'severity', 'speaker', 'detector', 'params', 'enabled']);
const OVERRIDE_KEYS = new Set(['ruleId', 'enabled', 'severity', 'speaker', 'params']);
const PACK_KEYS = new Set(['$schema', 'format', 'formatVersion', 'id', 'version', 'title', 'description', 'rules', 'overrides']);

/** Which speakers a detector can listen to. */
const SCOPES_BY_DETECTOR: Record<DetectorKind, readonly SpeakerScope[]> = {
  'card-number': ['caller', 'agent', 'any'],
  'card-security-code': ['caller', 'agent', 'any'],
  'card-expiry': ['caller', 'agent', 'any'],
  ssn: ['caller', 'agent', 'any'],
  'date-of-birth': ['caller', 'agent', 'any'],
  'member-id': ['caller', 'agent', 'any'],
  readback: ['agent'],
  'trace-secrets': ['trace'],
  'required-disclosure': ['agent'],
  'before-verification': ['agent'],
  'phrase-family': ['caller', 'agent', 'any', 'trace'],
  'injection-complied': ['agent'],
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkRule(raw: unknown, at: string, problems: string[]): RuleDefinition | null {
  if (!isObject(raw)) {
    problems.push(`${at}: must be an object`);
    return null;
  }
  const before = problems.length;
  for (const k of Object.keys(raw)) if (!RULE_KEYS.has(k)) problems.push(`${at}: unknown property "${k}"`);
  const id = raw.id;
  if (typeof id !== 'string' || !ID.test(id)) problems.push(`${at}.id: must be lower-case letters, digits, '.', '_' or '-'`);
  if (typeof raw.description !== 'string' || raw.description.trim() === '') problems.push(`${at}.description: must be a non-empty string`);
  if (typeof raw.category !== 'string' || !isCategory(raw.category)) problems.push(`${at}.category: unknown category ${JSON.stringify(raw.category)}`);
  if (!SEVERITIES.includes(raw.severity as Severity)) problems.push(`${at}.severity: must be info, warning or critical`);
  if (!SCOPES.includes(raw.speaker as SpeakerScope)) problems.push(`${at}.speaker: must be caller, agent, any or trace`);
  if (!DETECTOR_KINDS.includes(raw.detector as DetectorKind)) problems.push(`${at}.detector: unknown detector ${JSON.stringify(raw.detector)} (known: ${DETECTOR_KINDS.join(', ')})`);
  if (raw.enabled !== undefined && typeof raw.enabled !== 'boolean') problems.push(`${at}.enabled: must be true or false`);
  if (raw.params !== undefined && !isObject(raw.params)) problems.push(`${at}.params: must be an object`);
  if (problems.length > before) return null;
  const detector = raw.detector as DetectorKind;
  const speaker = raw.speaker as SpeakerScope;
  if (!SCOPES_BY_DETECTOR[detector].includes(speaker)) problems.push(`${at}.speaker: detector "${detector}" listens to ${SCOPES_BY_DETECTOR[detector].join(' or ')}, not ${speaker}`);
  const params = (raw.params ?? {}) as DetectorParams;
  for (const p of checkParams(detector, params)) problems.push(`${at}.${p}`);
  return {
    id: id as string, description: raw.description as string, category: raw.category as RuleDefinition['category'], severity: raw.severity as Severity,
    speaker, detector, params, enabled: raw.enabled !== false,
  };
}

function checkOverride(raw: unknown, at: string, problems: string[]): RuleOverride | null {
  if (!isObject(raw)) {
    problems.push(`${at}: must be an object`);
    return null;
  }
  const before = problems.length;
  for (const k of Object.keys(raw)) if (!OVERRIDE_KEYS.has(k)) problems.push(`${at}: unknown property "${k}"`);
  if (typeof raw.ruleId !== 'string' || !ID.test(raw.ruleId)) problems.push(`${at}.ruleId: must name a rule`);
  if (raw.enabled !== undefined && typeof raw.enabled !== 'boolean') problems.push(`${at}.enabled: must be true or false`);
  if (raw.severity !== undefined && !SEVERITIES.includes(raw.severity as Severity)) problems.push(`${at}.severity: must be info, warning or critical`);
  if (raw.speaker !== undefined && !SCOPES.includes(raw.speaker as SpeakerScope)) problems.push(`${at}.speaker: must be caller, agent, any or trace`);
  if (raw.params !== undefined && !isObject(raw.params)) problems.push(`${at}.params: must be an object`);
  if (Object.keys(raw).length === 1) problems.push(`${at}: changes nothing (give enabled, severity, speaker or params)`);
  if (problems.length > before) return null;
  return raw as unknown as RuleOverride;
}

/** Reads and checks one parsed pack file. Throws RulePackError listing every problem found. */
export function parseRulePack(json: unknown, source: string): RulePack {
  const problems: string[] = [];
  if (!isObject(json)) throw new RulePackError(source, ['the pack must be a JSON object']);
  for (const k of Object.keys(json)) if (!PACK_KEYS.has(k)) problems.push(`unknown property "${k}"`);
  if (json.format !== RULE_PACK_FORMAT) problems.push(`format: must be "${RULE_PACK_FORMAT}"`);
  if (json.formatVersion !== 1) problems.push(`formatVersion: ${JSON.stringify(json.formatVersion)} is not supported (this Turnscope reads 1)`);
  if (typeof json.id !== 'string' || !ID.test(json.id)) problems.push('id: must be lower-case letters, digits, ".", "_" or "-"');
  if (typeof json.version !== 'string' || !VERSION.test(json.version)) problems.push('version: must be MAJOR.MINOR.PATCH, e.g. "1.0.0"');
  if (typeof json.title !== 'string' || json.title.trim() === '') problems.push('title: must be a non-empty string');
  if (json.rules !== undefined && !Array.isArray(json.rules)) problems.push('rules: must be a list');
  if (json.overrides !== undefined && !Array.isArray(json.overrides)) problems.push('overrides: must be a list');
  const rules: RuleDefinition[] = [];
  const seen = new Set<string>();
  ((Array.isArray(json.rules) ? json.rules : []) as unknown[]).forEach((r, i) => {
    const rule = checkRule(r, `rules[${i}]`, problems);
    if (!rule) return;
    if (seen.has(rule.id)) problems.push(`rules[${i}].id: "${rule.id}" appears twice in this pack`);
    seen.add(rule.id);
    rules.push(rule);
  });
  const overrides: RuleOverride[] = [];
  ((Array.isArray(json.overrides) ? json.overrides : []) as unknown[]).forEach((o, i) => {
    const ov = checkOverride(o, `overrides[${i}]`, problems);
    if (ov) overrides.push(ov);
  });
  if (rules.length === 0 && overrides.length === 0 && problems.length === 0) problems.push('the pack has no rules and no overrides');
  if (problems.length > 0) throw new RulePackError(source, problems);
  const { $schema: _ignored, ...content } = json;
  return { id: json.id as string, version: json.version as string, title: json.title as string, source, hash: sha256Hex(canonicalJson(content)), rules, overrides };
}

/** Combines packs in load order into the rules a scan runs. Throws RulePackError on a bad override. */
export function buildRuleSet(packs: readonly RulePack[]): RuleSet {
  const rules = new Map<string, ActiveRule>();
  const packIds = new Set<string>();
  for (const pack of packs) {
    if (packIds.has(pack.id)) throw new RulePackError(pack.source, [`a pack with id "${pack.id}" is already loaded`]);
    packIds.add(pack.id);
    for (const r of pack.rules) {
      const previous = rules.get(r.id);
      rules.set(r.id, { ...r, packId: pack.id, overriddenBy: previous ? [...previous.overriddenBy, pack.id] : [] });
    }
    const problems: string[] = [];
    pack.overrides.forEach((o, i) => {
      const r = rules.get(o.ruleId);
      if (!r) {
        problems.push(`overrides[${i}].ruleId: no rule "${o.ruleId}" in the packs loaded before this one`);
        return;
      }
      const next: ActiveRule = {
        ...r,
        enabled: o.enabled ?? r.enabled,
        severity: o.severity ?? r.severity,
        speaker: o.speaker ?? r.speaker,
        params: o.params ? { ...r.params, ...o.params } : r.params,
        overriddenBy: [...r.overriddenBy, pack.id],
      };
      if (!SCOPES_BY_DETECTOR[next.detector].includes(next.speaker)) problems.push(`overrides[${i}].speaker: detector "${next.detector}" cannot listen to ${next.speaker}`);
      for (const p of checkParams(next.detector, next.params)) problems.push(`overrides[${i}].${p}`);
      rules.set(r.id, next);
    });
    if (problems.length > 0) throw new RulePackError(pack.source, problems);
  }
  const active = [...rules.values()];
  const refs: RulePackRef[] = packs.map((p) => ({ id: p.id, version: p.version, hash: p.hash }));
  const hash = sha256Hex(canonicalJson({ engine: COMPLIANCE_ENGINE_VERSION, rules: active.map(({ overriddenBy: _o, ...r }) => r) }));
  return { packs: refs, rules: active, hash };
}
