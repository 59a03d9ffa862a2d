/**
 * The audio benchmarks measure the analysis as the app ships it: built by electron-vite (its worker bundle
 * out/main/analysis-worker.js) and the benchmark's own entry bundled beside it, so the workers it starts are
 * the built ones. Run from source (tsx), every worker would first compile TypeScript, which costs each
 * recording a few hundred milliseconds and tens of megabytes the app never spends.
 * usage (as a script): node --import tsx bench/audio/bundle.ts [entry ...]   → prints the bundled entries' paths
 * (analyze-one by default; several entries share one build, which would otherwise remove the others)
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Builds the app, then bundles `bench/audio/<entry>.ts` to out/main/bench-<entry>.mjs; returns its path. */
export function bundleBenchEntry(entry: string): string {
  return bundleBenchEntries([entry])[0]!;
}

/** The same for several entries over one build of the app. */
export function bundleBenchEntries(entries: string[]): string[] {
  execFileSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  return entries.map(bundleEntry);
}

function bundleEntry(entry: string): string {
  const outfile = join(root, 'out/main', `bench-${entry}.mjs`);
  buildSync({
    entryPoints: [join(root, 'bench/audio', `${entry}.ts`)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    // Bundled CommonJS dependencies call require().
    banner: { js: "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  return outfile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const entries = process.argv.slice(2);
  for (const path of bundleBenchEntries(entries.length > 0 ? entries : ['analyze-one'])) console.log(path);
}
