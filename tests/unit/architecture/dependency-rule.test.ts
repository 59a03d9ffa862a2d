import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findViolations, type SourceUnit } from './dependency-rule';

const ROOT = resolve(__dirname, '../../..');

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) continue;
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ts|tsx|mts|cts)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

function load(folder: string): SourceUnit[] {
  return walk(join(ROOT, folder)).map((abs) => ({ file: relative(ROOT, abs), text: readFileSync(abs, 'utf8') }));
}

describe('the dependency rule (DEVELOPERS.md / STYLE.md)', () => {
  it('holds for the whole codebase', () => {
    const units = ['shared', 'electron', 'renderer'].flatMap(load);
    expect(units.length).toBeGreaterThan(20);
    expect(findViolations(units)).toEqual([]);
  });

  // The checker itself must catch each kind of violation, or the test above proves nothing.
  it.each([
    ['shared/x.ts', "import { readFileSync } from 'node:fs';", 'shared/ must stay pure'],
    ['shared/x.ts', "import React from 'react';", 'shared/ must stay pure'],
    ['shared/x.ts', "const w = window.innerWidth;", 'shared/ must stay pure'],
    ['renderer/src/features/a.tsx', "import { ipcRenderer } from 'electron';", 'renderer'],
    ['renderer/src/features/a.tsx', "import x from 'node:path';", 'renderer'],
    ['renderer/src/features/a.tsx', "import { openDatabase } from '../../../electron/main/db/open';", 'renderer'],
    ['renderer/src/features/a.tsx', "const api = (window as any).turnscope;", 'only renderer/src/api'],
    ['electron/main/a.ts', "import { App } from '../../renderer/src/App';", 'electron/** never imports renderer'],
    ['electron/preload/index.ts', "import { x } from '../main/services';", 'preload'],
    ['electron/main/import/a.ts', "db.prepare('SELECT * FROM calls').all();", 'SQL lives only in electron/main/db'],
    ['electron/cli/a.ts', 'const q = `INSERT INTO calls (id) VALUES (?)`;', 'SQL lives only in electron/main/db'],
    ['electron/main/ipc/a.ts', "ipcMain.handle('turnscope:extra', () => 1);", 'contract'],
  ])('flags %s: %s', (file, text, rule) => {
    const found = findViolations([{ file, text }]);
    expect(found.length).toBe(1);
    expect(found[0]!.rule).toContain(rule);
  });

  it('allows what the rule allows', () => {
    const ok: SourceUnit[] = [
      { file: 'shared/analysis/wer.ts', text: "import levenshtein from 'fast-levenshtein';\nimport type { Turn } from '../model/call';" },
      { file: 'renderer/src/api/client.ts', text: "const b = (globalThis as Record<string, unknown>)['turnscope'];" },
      { file: 'renderer/src/App.tsx', text: "import { api } from './api/client';\nimport type { CallDetail } from '../../shared/model/dto';" },
      { file: 'electron/preload/index.ts', text: "import { contextBridge } from 'electron';\nimport { API_METHODS } from '../../shared/contract/api';" },
      { file: 'electron/main/db/queries/x.ts', text: "db.prepare('SELECT * FROM calls').all();" },
      { file: 'electron/main/ipc/register-ipc.ts', text: 'ipcMain.handle(ipcChannel(method), handler);' },
    ];
    expect(findViolations(ok)).toEqual([]);
  });
});
