// Import throughput with recordings: N calls (the pharmacy-refill sample's trace, each with its own copy of
// a recording made by bench/audio/make-long.sh: 150 s of 48 kHz stereo Opus unless told) imported with the
// built CLI into a fresh store, recordings analysed two at a time (the default) side by side with one at a
// time (`--parallel 1`, the naive path). Prints wall time, calls/s and peak RSS of each, best of two runs.
//
// Run:  npm run build && node bench/import/bench-import-audio.mjs [--calls 8] [--seconds 150] [--codec opus|wav|mp3|vorbis|flac] [--rate 48000] [--dir /tmp/turnscope-bench-import-audio]
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const argv = process.argv.slice(2);
const arg = (name, dflt) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : dflt);
const calls = Number(arg('--calls', '8'));
const seconds = Number(arg('--seconds', '150'));
const dir = arg('--dir', '/tmp/turnscope-bench-import-audio');
const codec = arg('--codec', 'opus');
const rate = Number(arg('--rate', '48000'));
const EXT = { opus: 'opus', wav: 'wav', mp3: 'mp3', vorbis: 'ogg', flac: 'flac' };
const ext = EXT[codec];
if (!ext) throw new Error(`--codec: one of ${Object.keys(EXT).join(', ')}`);
const what = `${seconds} s ${rate / 1000} kHz stereo ${codec === 'wav' ? 'WAV' : codec === 'opus' ? 'Opus' : codec.toUpperCase()}`;

const tag = codec === 'opus' && rate === 48000 ? '' : `-${codec}-${rate}`;
const inputs = join(dir, `calls-${calls}x${seconds}s${tag}`);
if (!existsSync(inputs)) {
  mkdirSync(inputs, { recursive: true });
  const recording = join(dir, `recording-${seconds}s${tag}.${ext}`);
  if (!existsSync(recording)) execFileSync(join(root, 'bench/audio/make-long.sh'), [String(seconds), codec, recording, String(rate)], { stdio: 'inherit' });
  const sample = JSON.parse(readFileSync(join(root, 'resources/samples/pharmacy-refill.call.json'), 'utf8'));
  for (let i = 0; i < calls; i++) {
    const call = structuredClone(sample);
    call.call.id = `bench-audio-${i}`;
    call.recording = { path: `bench-audio-${i}.${ext}` };
    copyFileSync(recording, join(inputs, `bench-audio-${i}.${ext}`));
    writeFileSync(join(inputs, `bench-audio-${i}.call.json`), JSON.stringify(call));
  }
}

function run(parallel) {
  const db = join(dir, 'bench.db');
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  const args = ['-f', '%e %M', process.execPath, join(root, 'bin/turnscope.js'), 'import', inputs, '--db', db, '--json', '--no-progress', ...(parallel ? ['--parallel', String(parallel)] : [])];
  const r = spawnSync('/usr/bin/time', args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`import failed: ${r.stderr}`);
  const report = JSON.parse(r.stdout);
  if (report.imported.length !== calls || report.failed.length > 0) throw new Error(`expected ${calls} calls imported, got ${report.imported.length} (${report.failed.length} failed)`);
  const [s, kb] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { s, mb: kb / 1024 };
}

const best = (a, b) => (a.s <= b.s ? a : b);
const one = best(run(1), run(1));
const two = best(run(null), run(null));
console.log(`${calls} calls, each with a ${what} recording; ${availableParallelism()} cores; best of two runs`);
console.log(`one at a time (--parallel 1): ${one.s.toFixed(2)} s, ${(calls / one.s).toFixed(2)} calls/s, peak ${one.mb.toFixed(0)} MB`);
console.log(`default (two at a time):      ${two.s.toFixed(2)} s, ${(calls / two.s).toFixed(2)} calls/s, peak ${two.mb.toFixed(0)} MB`);
console.log(`ratio: ${(two.s / one.s).toFixed(2)}x the naive path's time`);
