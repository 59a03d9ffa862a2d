/**
 * Audio analysis throughput: Turnscope's import-time analysis (decode + peaks + speech activity + quality
 * + echo, on a worker thread, exactly as import runs it) against `ffmpeg -i FILE -f null -` decoding the
 * same file (decode only), for a 1-hour 48 kHz stereo two-party call in every codec. Prints wall times,
 * the ratio, and the peak RSS of each (ours via process.resourceUsage in a child process, ffmpeg's via
 * /usr/bin/time), with the CPU time of each (user + system, all threads) beside the wall time: on a shared
 * machine the wall times move with the load, the CPU times much less. Not a timed test.
 *
 * Ours runs built, as the app ships it (bundle.ts: electron-vite build, then the entry bundled beside the
 * worker bundle); --source runs it from the TypeScript sources through tsx instead.
 *
 * Run:   cd /work/main && npx tsx bench/audio/bench-audio.ts [--seconds 3600] [--dir /tmp/turnscope-bench-audio] [--codecs wav,mp3,opus,vorbis,flac] [--helper auto|never|always] [--source]
 * (--seconds 600 for a quicker run while iterating; --helper as in analyze-one.ts, default auto as import
 * runs: the pass split in time over the machine's cores, up to 4.)
 * Needs: ffmpeg (libmp3lame, libopus, libvorbis), sox-free; the inputs are generated once by make-long.sh and kept in --dir.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleBenchEntry } from './bundle';

const root = fileURLToPath(new URL('../../', import.meta.url));
const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const seconds = Number(arg('seconds', '3600'));
const dir = arg('dir', '/tmp/turnscope-bench-audio');
const codecs = arg('codecs', 'wav,mp3,opus,vorbis,flac').split(',');
const helper = arg('helper', 'auto');
const fromSource = process.argv.includes('--source');
const entry = fromSource ? ['--import', 'tsx', join(root, 'bench/audio/analyze-one.ts')] : [bundleBenchEntry('analyze-one')];
const EXT: Record<string, string> = { wav: 'wav', mp3: 'mp3', opus: 'opus', vorbis: 'ogg', flac: 'flac' };
mkdirSync(dir, { recursive: true });

interface Run {
  s: number;
  cpuS: number;
  rssMb: number;
}

interface Row {
  codec: string;
  mb: number;
  ffmpeg: Run;
  ours: Run;
}

function ffmpegDecode(file: string): Run {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', 'ffmpeg', '-loglevel', 'error', '-threads', '1', '-i', file, '-f', 'null', '-'], { encoding: 'utf8' });
  const s = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`ffmpeg failed on ${file}: ${r.stderr}`);
  const [kb, user, sys] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return { s, cpuS: user! + sys!, rssMb: kb! / 1024 };
}

function ours(file: string): Run {
  const out = execFileSync(process.execPath, [...entry, file, '--helper', helper], { cwd: root, encoding: 'utf8' });
  const r = JSON.parse(out.trim().split('\n').pop()!) as { ms: number; cpuMs: number; maxRssMb: number; durationMs: number };
  if (Math.abs(r.durationMs - seconds * 1000) > 1000) throw new Error(`${file}: decoded ${r.durationMs} ms, expected ${seconds * 1000}`);
  return { s: r.ms / 1000, cpuS: r.cpuMs / 1000, rssMb: r.maxRssMb };
}

const best = (runs: Run[]): Run => runs.sort((a, b) => a.s - b.s)[0]!;
const load0 = loadavg()[0]!;

const rows: Row[] = [];
for (const codec of codecs) {
  const file = join(dir, `bench-${seconds}s.${codec}.${EXT[codec]}`);
  if (!existsSync(file)) execFileSync(join(root, 'bench/audio/make-long.sh'), [String(seconds), codec, file], { stdio: 'inherit' });
  // Warm the page cache for both, then best of two runs each.
  ffmpegDecode(file);
  const f = best([ffmpegDecode(file), ffmpegDecode(file)]);
  const o = best([ours(file), ours(file)]);
  rows.push({ codec, mb: statSync(file).size / (1 << 20), ffmpeg: f, ours: o });
  console.error(`${codec}: ffmpeg ${f.s.toFixed(1)} s (cpu ${f.cpuS.toFixed(1)}), turnscope ${o.s.toFixed(1)} s (cpu ${o.cpuS.toFixed(1)})`);
}

const pad = (s: string, n: number): string => s.padStart(n);
console.log(`\n${seconds / 60}-minute 48 kHz stereo call; ffmpeg -threads 1 -f null (decode only) vs Turnscope analysis (decode + peaks + VAD + quality + echo; threads: ${helper}, ${availableParallelism()} cores; ${fromSource ? 'from source' : 'built'})`);
console.log(`load average ${load0.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end (${process.env.HOSTNAME ?? 'this machine'}); best of two runs each\n`);
const heads = ['codec', 'file MB', 'ffmpeg s', 'ffmpeg cpu s', 'ffmpeg RSS MB', 'turnscope s', 'turnscope cpu s', 'turnscope RSS MB', 'ratio', 'cpu ratio'];
console.log(heads.map((h, i) => pad(h, i === 0 ? 6 : Math.max(10, h.length + 2))).join(''));
for (const r of rows) {
  const cells = [
    r.codec, r.mb.toFixed(1), r.ffmpeg.s.toFixed(1), r.ffmpeg.cpuS.toFixed(1), r.ffmpeg.rssMb.toFixed(0),
    r.ours.s.toFixed(1), r.ours.cpuS.toFixed(1), r.ours.rssMb.toFixed(0), `${(r.ours.s / r.ffmpeg.s).toFixed(2)}x`, `${(r.ours.cpuS / r.ffmpeg.cpuS).toFixed(2)}x`,
  ];
  console.log(cells.map((c, i) => pad(c, i === 0 ? 6 : Math.max(10, heads[i]!.length + 2))).join(''));
}
