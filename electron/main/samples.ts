import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The bundled sample call files (each names its own recording). */
export function listSamplePaths(samplesDir: string): string[] {
  if (!existsSync(samplesDir)) return [];
  return readdirSync(samplesDir)
    .filter((n) => n.endsWith('.call.json'))
    .sort()
    .map((n) => join(samplesDir, n));
}
