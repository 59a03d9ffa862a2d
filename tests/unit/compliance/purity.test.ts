/**
 * shared/compliance must stay pure TypeScript, like shared/analysis: only relative imports (the model, the
 * analysis normalizer) and fast-levenshtein; no Node, DOM, Electron or React; small files.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '../../../shared/compliance');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const code = (f: string): string => readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');

describe('shared/compliance purity', () => {
  const all = files(root);

  it('has files to check', () => {
    expect(all.length).toBeGreaterThan(15);
  });

  it('imports only relative modules and fast-levenshtein', () => {
    const bad: string[] = [];
    for (const f of all) {
      for (const m of code(f).matchAll(/\bfrom\s+['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]|\brequire\s*\(/g)) {
        const spec = m[1] ?? m[2] ?? 'require(';
        if (spec.startsWith('.') || spec === 'fast-levenshtein') continue;
        bad.push(`${relative(root, f)}: ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('reaches outside its folder only into the shared model and analysis', () => {
    const bad: string[] = [];
    for (const f of all) {
      for (const m of code(f).matchAll(/\bfrom\s+['"](\.\.[^'"]*)['"]/g)) {
        const target = relative(join(__dirname, '../../..'), join(f, '..', m[1]!));
        if (!/^shared\/(compliance|model|analysis)(\/|$)/.test(target)) bad.push(`${relative(root, f)}: ${m[1]}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('uses no Node or DOM globals', () => {
    const bad: string[] = [];
    for (const f of all) {
      for (const g of ['process.', 'Buffer', 'window.', 'document.', '__dirname', 'TextEncoder', 'localStorage', 'electron', 'require(']) {
        if (code(f).includes(g)) bad.push(`${relative(root, f)}: ${g}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('keeps files small (low hundreds of lines)', () => {
    const long = all.filter((f) => readFileSync(f, 'utf8').split('\n').length > 300).map((f) => relative(root, f));
    expect(long).toEqual([]);
  });
});
