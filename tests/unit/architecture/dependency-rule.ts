/**
 * Checks the layout's dependency rule on source text: what each folder may import, where SQL may live, and
 * that the bridge and IPC are reached only through the shared contract. Test-only; reads no files itself.
 */
export interface SourceUnit {
  file: string;
  text: string;
}

export interface Violation {
  file: string;
  line: number;
  rule: string;
  code: string;
}

const IMPORT_RE = /(?:^|\s)(?:import|export)\s[^'"`]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;
const NODE_BUILTINS = /^(node:|fs$|path$|os$|crypto$|child_process$|http$|https$|net$|url$|stream$|worker_threads$|zlib$|util$|events$|buffer$)/;
const SQL_RE = /\b(SELECT\s+[\w*].*\bFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX|VIRTUAL|TRIGGER)|DROP\s+TABLE)\b/i;

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

function specifiers(text: string): { spec: string; index: number }[] {
  const out: { spec: string; index: number }[] = [];
  for (const m of text.matchAll(IMPORT_RE)) out.push({ spec: (m[1] ?? m[2] ?? m[3])!, index: m.index ?? 0 });
  return out;
}

/** Resolves a relative specifier to a repo path prefix ("electron/main/db/open"). */
function target(file: string, spec: string): string {
  if (!spec.startsWith('.')) return spec;
  const parts = file.split('/').slice(0, -1);
  for (const seg of spec.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}

export function findViolations(units: readonly SourceUnit[]): Violation[] {
  const out: Violation[] = [];
  for (const { file, text } of units) {
    const add = (index: number, rule: string, code: string): void => {
      out.push({ file, line: lineOf(text, index), rule, code });
    };
    for (const { spec, index } of specifiers(text)) {
      const to = target(file, spec);
      if (file.startsWith('shared/')) {
        if (spec === 'electron' || NODE_BUILTINS.test(spec) || /^react(-dom)?(\/|$)/.test(spec) || spec === 'better-sqlite3' || /^(electron|renderer)\//.test(to)) {
          add(index, 'shared/ must stay pure (no Node, DOM, Electron or React)', spec);
        }
      } else if (file.startsWith('renderer/')) {
        if (spec === 'electron' || NODE_BUILTINS.test(spec) || spec === 'better-sqlite3' || to.startsWith('electron/')) {
          add(index, 'renderer never imports electron, node:* or electron/**', spec);
        }
      } else if (file.startsWith('electron/preload/')) {
        if (spec !== 'electron' && !to.startsWith('shared/')) add(index, 'the preload imports only electron and shared/', spec);
      } else if (file.startsWith('electron/')) {
        if (to.startsWith('renderer/')) add(index, 'electron/** never imports renderer/', spec);
      }
    }
    if (file.startsWith('shared/')) {
      const dom = /\b(window|document|localStorage|sessionStorage)\.\w/.exec(text);
      if (dom) add(dom.index, 'shared/ must stay pure (no Node, DOM, Electron or React)', dom[0]);
    }
    if (file.startsWith('renderer/') && !file.startsWith('renderer/src/api/')) {
      const bridge = /\.turnscope\b|\[['"]turnscope['"]\]|BRIDGE_GLOBAL|\bfetch\(\s*[`'"]\/api\//.exec(text);
      if (bridge) add(bridge.index, 'only renderer/src/api touches the bridge', bridge[0]);
    }
    if ((file.startsWith('electron/') || file.startsWith('shared/') || file.startsWith('renderer/')) && !file.startsWith('electron/main/db/')) {
      const sql = SQL_RE.exec(text);
      if (sql) add(sql.index, 'SQL lives only in electron/main/db/', sql[0]);
    }
    if (file.startsWith('electron/') || file.startsWith('renderer/')) {
      const adHoc = /ipc(Main|Renderer)\.(handle|invoke|on|send)\(\s*['"`]/.exec(text);
      if (adHoc) add(adHoc.index, 'every IPC method is declared once in the shared contract (use ipcChannel(method))', adHoc[0]);
    }
  }
  return out;
}
