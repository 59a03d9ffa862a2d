/**
 * Starting the audio analysis's worker threads. There is one entry file for all of them
 * (`analysis-worker.ts`, its own bundle `out/main/analysis-worker.js` when built); what a worker does is
 * decided by its workerData. From source (vitest, tsx) the entry is loaded through tsx.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker, type TransferListItem } from 'node:worker_threads';

function workerEntry(): { code: string; eval: true } | { file: URL; eval: false } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    // From source: register tsx in the worker, then load the entry; a failure to load is reported like
    // any other, so the caller hears of it at once instead of waiting out the timeout.
    const target = new URL('./analysis-worker.ts', here).href;
    return {
      eval: true,
      code: `const { workerData } = require('node:worker_threads');
import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(target)}); }).catch((e) => {
  workerData.port.postMessage({ ok: false, error: { name: 'Error', message: 'audio analysis worker failed to load: ' + (e && e.message) } });
});`,
    };
  }
  // Bundled: this code may sit in out/main/ or in a shared chunk under out/main/chunks/.
  for (const rel of ['./analysis-worker.js', '../analysis-worker.js']) {
    const file = new URL(rel, here);
    if (existsSync(fileURLToPath(file))) return { eval: false, file };
  }
  throw new Error('the audio analysis worker (analysis-worker.js) is missing from the build');
}

/**
 * From source, the helper thread of the per-channel analysis (parallel-analysis.ts) runs its code bundled
 * in memory by esbuild (which tsx itself uses) instead of through tsx: tsx's module loader is a thread of
 * its own and costs a worker some 35 MB, enough to matter next to the 300 MB bound of a 2-hour import.
 * Built, there is nothing to do: the helper runs the bundled analysis-worker.js like any other.
 */
let helperBundle: string | null | undefined;
function helperSource(): string | null {
  if (helperBundle !== undefined) return helperBundle;
  try {
    const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
    const out = esbuild.buildSync({
      stdin: {
        contents: `import { workerData } from 'node:worker_threads';\nimport { runChannelHelper } from './parallel-analysis.ts';\nimport { runSpanWorker } from './span-workers.ts';\nif (workerData.role === 'span') runSpanWorker(workerData.port, workerData.job);\nelse runChannelHelper(workerData.port);\n`,
        resolveDir: fileURLToPath(new URL('.', import.meta.url)),
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      write: false,
      logLevel: 'silent',
    });
    helperBundle = out.outputFiles[0]!.text;
  } catch {
    helperBundle = null; // no esbuild: through tsx like the other workers
  }
  return helperBundle;
}

const YOUNG_GENERATION_MB = 2;

/**
 * A worker running analysis-worker.ts with `workerData` (which must carry a MessagePort as `port`, listed
 * in `transferList`; a load failure is posted on it as `{ ok: false, error }`).
 */
export function startAudioWorker(workerData: Record<string, unknown>, transferList: TransferListItem[]): Worker {
  const bundled = (workerData.role === 'channels' || workerData.role === 'span') && import.meta.url.endsWith('.ts') ? helperSource() : null;
  const entry = bundled !== null ? { eval: true as const, code: bundled } : workerEntry();
  // A small young generation: the decoders hand back a fresh Float32Array per slice, and their memory is
  // only released when the small wrapper objects are collected; frequent scavenges keep that garbage from
  // piling up to tens of megabytes on a long recording.
  // No inherited Node flags: the parent's (e.g. --input-type, --import) can stop a worker from starting.
  const options = { workerData, transferList, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB }, execArgv: [] };
  const worker = entry.eval ? new Worker(entry.code, { ...options, eval: true }) : new Worker(entry.file, options);
  worker.unref();
  return worker;
}
