/**
 * Loading rule packs from disk: the built-in packs in resources/rules/, the user's packs (a folder next
 * to the store), and packs named on the command line, in that order (later packs may override rules of
 * earlier ones). Each file is checked against resources/schemas/rule-pack-v1.schema.json and then by the
 * pure parser; any problem refuses the pack with the file's path and every problem found.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import schema from '../../../resources/schemas/rule-pack-v1.schema.json';
import { buildRuleSet, parseRulePack, RulePackError } from '../../../shared/compliance/rule-pack';
import type { RulePack, RuleSet } from '../../../shared/compliance/types';
import { resourcesDir } from '../paths';

let validator: ValidateFunction | null = null;

/** Compiled on first use, so a CLI command that never loads packs never pays for (or trips over) it. */
function validate(json: unknown): ValidateFunction['errors'] {
  validator ??= new Ajv2020({ allErrors: true, strict: true, strictTypes: false, allowUnionTypes: true }).compile(schema);
  return validator(json) ? null : (validator.errors ?? []);
}

export const builtInRulesDir = (): string => join(resourcesDir(), 'rules');

function describe(e: ErrorObject): string {
  const at = e.instancePath ? e.instancePath.replace(/^\//, '').replace(/\//g, '.') : '(pack)';
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return `${at}: unknown property "${String(p.additionalProperty)}"`;
    case 'required':
      return `${at}: missing "${String(p.missingProperty)}"`;
    case 'enum':
      return `${at}: must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `${at}: must be ${JSON.stringify(p.allowedValue)}`;
    default:
      return `${at}: ${e.message ?? 'is invalid'}`;
  }
}

/** Reads, schema-checks and parses one pack file. Throws RulePackError naming the file. */
export function loadRulePackFile(path: string): RulePack {
  const source = resolve(path);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(source, 'utf8'));
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : err instanceof SyntaxError ? `not valid JSON (${err.message})` : String(err);
    throw new RulePackError(source, [why]);
  }
  const schemaErrors = validate(json);
  if (schemaErrors) {
    // if/then branches repeat their parent's error; keep the specific ones.
    const errors = schemaErrors.filter((e) => e.keyword !== 'if' && e.keyword !== 'anyOf');
    const problems = [...new Set((errors.length > 0 ? errors : schemaErrors).map(describe))];
    throw new RulePackError(source, problems.length > 0 ? problems : ['does not match the rule pack schema']);
  }
  return parseRulePack(json, source);
}

const packFiles = (dir: string): string[] =>
  existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.json')).sort().map((n) => join(dir, n)) : [];

export interface RuleSources {
  /** Folder of the built-in packs (default resources/rules). */
  builtInDir?: string;
  /** The user's own packs, loaded after the built-ins (skipped when the folder does not exist). */
  userDir?: string | null;
  /** Packs given explicitly (e.g. `--rules`), loaded last, in order. */
  files?: readonly string[];
}

export interface LoadedRules {
  ruleSet: RuleSet;
  packs: RulePack[];
  paths: string[];
}

export function loadRuleSet(sources: RuleSources = {}): LoadedRules {
  const paths = [...packFiles(sources.builtInDir ?? builtInRulesDir()), ...(sources.userDir ? packFiles(sources.userDir) : []), ...(sources.files ?? []).map((f) => resolve(f))];
  const packs = paths.map(loadRulePackFile);
  return { ruleSet: buildRuleSet(packs), packs, paths };
}
