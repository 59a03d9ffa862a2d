/**
 * shared/analysis must stay pure TypeScript so it runs in the renderer, the main process and the
 * CLI: only relative imports (plus fast-levenshtein and the shared model), no Node/DOM/Electron/React.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '../../../shared/analysis');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('shared/analysis purity', () => {
  const all = files(root);

  it('has files to check', () => {
    expect(all.length).toBeGreaterThan(15);
  });

  it('imports only relative modules and fast-levenshtein', () => {
    const bad: string[] = [];
    for (const f of all) {
      const src = readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      for (const m of src.matchAll(/\bfrom\s+['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]|\brequire\s*\(/g)) {
        const spec = m[1] ?? m[2] ?? 'require(';
        if (spec.startsWith('.') || spec === 'fast-levenshtein') continue;
        bad.push(`${relative(root, f)}: ${spec}`);
      }
      if (/\.(ts|js)['"]/.test(src.match(/from\s+['"][^'"]+['"]/g)?.join(' ') ?? '')) bad.push(`${relative(root, f)}: import with extension`);
    }
    expect(bad).toEqual([]);
  });

  it('uses no Node or DOM globals', () => {
    const bad: string[] = [];
    for (const f of all) {
      const code = readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      for (const g of ['process.', 'Buffer', 'window.', 'document.', '__dirname', 'TextEncoder', 'localStorage', 'electron']) {
        if (code.includes(g)) bad.push(`${relative(root, f)}: ${g}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('keeps files small (low hundreds of lines)', () => {
    const long = all.filter((f) => readFileSync(f, 'utf8').split('\n').length > 300).map((f) => relative(root, f));
    expect(long).toEqual([]);
  });
});
