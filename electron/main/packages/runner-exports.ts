/**
 * Writing a package's Pipecat scenario and Vapi eval files, from a package zip (opened and checked like
 * any untrusted package) or straight from an export that just happened.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { PackageManifest, ToolMock } from '../../../shared/packages/manifest';
import { pipecatScenarioYaml } from '../../../shared/packages/pipecat-scenario';
import { vapiMockConversation } from '../../../shared/packages/vapi-eval';
import { openPackage } from './open-package';

export interface RunnerTargets {
  pipecat?: string | null;
  vapi?: string | null;
}

function writeAtomically(path: string, text: string): string {
  const target = resolve(path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(`${target}.partial`, text);
  renameSync(`${target}.partial`, target);
  return target;
}

/** Writes the requested files; returns their absolute paths. */
export function writeRunnerFiles(m: PackageManifest, mocks: readonly ToolMock[], t: RunnerTargets): string[] {
  const written: string[] = [];
  if (t.pipecat) written.push(writeAtomically(t.pipecat, pipecatScenarioYaml(m)));
  if (t.vapi) written.push(writeAtomically(t.vapi, JSON.stringify(vapiMockConversation(m, mocks), null, 2) + '\n'));
  return written;
}

export async function runnerFilesFromPackage(zipPath: string, t: RunnerTargets): Promise<string[]> {
  const pkg = await openPackage(zipPath);
  try {
    return writeRunnerFiles(pkg.manifest, pkg.mocks, t);
  } finally {
    pkg.close();
  }
}
