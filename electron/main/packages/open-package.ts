/**
 * Opening a regression package (untrusted input): the sealed-zip checks, then the package's own rules
 * the schema cannot express — every expectation is about a selected turn, every turn has expectations,
 * listed clips exist in `files`, and the tool mocks file parses.
 */
import { readFileSync } from 'node:fs';
import { PACKAGE_FORMAT, PACKAGE_PATHS, PACKAGE_VERSION, TOOL_MOCKS_FORMAT, type PackageManifest, type ToolMock } from '../../../shared/packages/manifest';
import { openSealedZip, PackageError, type OpenedZip } from './open-sealed-zip';

export interface OpenedPackage extends OpenedZip<PackageManifest> {
  mocks: ToolMock[];
}

export async function openPackage(zipPath: string): Promise<OpenedPackage> {
  const opened = await openSealedZip<PackageManifest>(zipPath, { schema: 'package', format: PACKAGE_FORMAT, version: PACKAGE_VERSION, label: 'Turnscope regression package' });
  const invalid = (problem: string): PackageError => {
    opened.close();
    return new PackageError('invalid', zipPath, problem);
  };
  const m = opened.manifest;
  const selected = new Set(m.selection.turns);
  const turnIndexes = new Set(m.turns.map((t) => t.index));
  for (const i of selected) if (!turnIndexes.has(i)) throw invalid(`selected turn ${i} has no entry in "turns"`);
  for (const e of m.expectations.turns) if (!selected.has(e.turnIndex)) throw invalid(`expectations name turn ${e.turnIndex}, which is not selected`);
  const files = new Set(m.files.map((f) => f.path));
  for (const t of m.turns) if (t.clip && !files.has(t.clip.path)) throw invalid(`the clip of turn ${t.index} (${t.clip.path}) is not among the package's files`);
  let mocks: ToolMock[] = [];
  if (files.has(PACKAGE_PATHS.mocks)) {
    try {
      const json = JSON.parse(readFileSync(opened.file(PACKAGE_PATHS.mocks), 'utf8')) as { format?: unknown; mocks?: unknown };
      if (json.format !== TOOL_MOCKS_FORMAT || !Array.isArray(json.mocks)) throw new Error('not a tool mocks file');
      mocks = (json.mocks as unknown[]).filter((x): x is ToolMock => x !== null && typeof x === 'object' && typeof (x as ToolMock).name === 'string' && Number.isInteger((x as ToolMock).turnIndex));
    } catch (err) {
      throw invalid(`${PACKAGE_PATHS.mocks}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return { ...opened, mocks };
}
