/** Option parsing shared by the package commands (export, verify, exchange, evidence; see package-commands.ts). */
import { readFileSync } from 'node:fs';
import type { RuleSet } from '../../../shared/compliance/types';
import { loadRuleSet } from '../../main/compliance/rule-packs';
import { UsageError, type GlobalOptions } from '../context';
import { userRulesDir } from './scan-command';

export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** "2,3" or "2-4,7" → [2, 3] / [2, 3, 4, 7]. */
export function parseTurnList(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw new UsageError(`--turns: "${part}" is not a turn index or range (e.g. 2,3 or 2-4)`);
    const a = Number(m[1]);
    const b = m[2] !== undefined ? Number(m[2]) : a;
    if (b < a || b - a > 10_000) throw new UsageError(`--turns: "${part}" is not a valid range`);
    for (let i = a; i <= b; i++) out.push(i);
  }
  if (out.length === 0) throw new UsageError('--turns: give at least one turn index');
  return out;
}

export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`${what} ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(err)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new UsageError(`${what} ${path}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
}

/** The built-in rule packs, the user's packs beside the store, then any --rules files. */
export function rulesFor(g: GlobalOptions, files: readonly string[] | undefined): RuleSet {
  return loadRuleSet({ userDir: userRulesDir(g), files: files ?? [] }).ruleSet;
}

export const kb = (bytes: number): string => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);
