// Import throughput per trace format: 1,000 generated calls each, imported with the built CLI into a fresh
// store, side by side with the naive path (read + JSON.parse of the same files in one Node process, no
// store), reported as calls/s, MB/s, peak memory and the ratio to the naive path. Not a timed test.
//
// Run:  npm run build && node bench/import/bench-import.mjs [--calls 1000] [--only vapi-call,retell-call]
// Calls are made from the committed fixtures by rewriting their ids (call ids, trace ids), so every call
// is distinct and realistic. Traces only: the audio pipeline has its own benchmark in bench/audio/.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fx = (p) => join(root, 'tests', 'fixtures', p);
const argv = process.argv.slice(2);
const arg = (name, dflt) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : dflt);
const CALLS = Number(arg('--calls', '1000'));
const only = arg('--only', null)?.split(',');

/** Each format: a fixture and the ids in it that make a call distinct. */
const FORMATS = [
  { id: 'turnscope-call-v1', file: fx('../../resources/samples/pharmacy-refill.call.json'), ids: ['sample-pharmacy-refill'], dropRecording: true },
  { id: 'vapi-call', file: fx('traces/vapi/end-of-call-report-2025.json'), ids: ['c0f1e6a4-7d2b-4c3e-9a51-2f8e6b0d4a17'] },
  { id: 'retell-call', file: fx('traces/retell/call-analyzed-v5.json'), ids: [] },
  { id: 'livekit-session-report', file: fx('traces/livekit/session-1.5/session_report.json'), ids: [] },
  { id: 'otel-console', file: fx('traces/otel/pipecat/console-1.7-reschedule.log'), ids: [] },
  { id: 'otlp-json', file: fx('traces/otel/pipecat/otlp-1.7-reschedule.json'), ids: [] },
  { id: 'jaeger', file: fx('traces/otel/pipecat/jaeger-1.7-reschedule.json'), ids: [] },
];

/** Rewrites every id-like token (hex trace/span ids, uuids, the named ids) so copy `i` is its own call. */
function variant(text, fmt, i) {
  const tag = i.toString(16).padStart(6, '0');
  let out = text.replace(/\b[0-9a-f]{32}\b/g, (h) => h.slice(0, 26) + tag);
  for (const id of fmt.ids) out = out.split(id).join(`${id}-${tag}`);
  out = out.replace(/"(call_id|job_id|id|conversation\.id)"(\s*:\s*)"([^"]+)"/g, (_m, k, sep, v) => `"${k}"${sep}"${v}-${tag}"`);
  // conversation.id as an OTLP attribute ({"stringValue": …}) or a Jaeger tag ("value": …).
  out = out.replace(/("key"\s*:\s*"conversation\.id"\s*,(?:\s*"type"\s*:\s*"string"\s*,)?\s*"value"\s*:\s*(?:\{\s*"stringValue"\s*:\s*)?")([^"]+)"/g, (_m, a, v) => `${a}${v}-${tag}"`);
  return out;
}

function generate(fmt, dir) {
  let text = readFileSync(fmt.file, 'utf8');
  if (fmt.dropRecording) {
    const json = JSON.parse(text);
    delete json.recording;
    text = JSON.stringify(json);
  }
  mkdirSync(dir, { recursive: true });
  let bytes = 0;
  for (let i = 0; i < CALLS; i++) {
    const body = variant(text, fmt, i);
    bytes += Buffer.byteLength(body);
    writeFileSync(join(dir, `${String(i).padStart(5, '0')}-${basename(fmt.file)}`), body);
  }
  return bytes;
}

function timed(cmd, args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr.slice(-500)}`);
  const peakKb = Number(r.stderr.trim().split('\n').pop());
  return { ms, peakMb: peakKb / 1024, stdout: r.stdout };
}

const NAIVE = join(root, 'bench', 'import', 'naive-parse.cjs');

const work = mkdtempSync(join(tmpdir(), 'turnscope-bench-import-'));
console.log(`format                   calls  MB     import s  calls/s  MB/s   peak MB | naive s  naive MB | ratio`);
for (const fmt of FORMATS) {
  if (only && !only.includes(fmt.id)) continue;
  const dir = join(work, fmt.id);
  const bytes = generate(fmt, dir);
  const db = join(work, `${fmt.id}.db`);
  const run = timed(process.execPath, [join(root, 'bin', 'turnscope.js'), '--db', db, 'import', dir, '--json', '--no-progress']);
  const report = JSON.parse(run.stdout);
  const created = report.imported.filter((c) => c.status === 'created').length;
  const naive = timed(process.execPath, [NAIVE, dir]);
  const mb = bytes / 1024 ** 2;
  console.log(
    `${fmt.id.padEnd(24)} ${String(created).padStart(5)}  ${mb.toFixed(1).padStart(5)}  ${(run.ms / 1000).toFixed(2).padStart(8)}  ${(created / (run.ms / 1000)).toFixed(0).padStart(7)}  ${(mb / (run.ms / 1000)).toFixed(1).padStart(5)}  ${run.peakMb.toFixed(0).padStart(7)} | ${(naive.ms / 1000).toFixed(2).padStart(7)}  ${naive.peakMb.toFixed(0).padStart(8)} | ${(run.ms / naive.ms).toFixed(1)}×` +
      (report.failed.length ? `  (${report.failed.length} failed: ${report.failed[0].error.slice(0, 80)})` : ''),
  );
  rmSync(dir, { recursive: true, force: true });
}
rmSync(work, { recursive: true, force: true });
