/**
 * Audio analysis throughput: Turnscope's import-time analysis (decode + peaks + speech activity + quality
 * + echo, on a worker thread, exactly as import runs it) against `ffmpeg -i FILE -f null -` decoding the
 * same file (decode only), for a 1-hour 48 kHz stereo two-party call in every codec. Prints wall times,
 * the ratio, and the peak RSS of each (ours via process.resourceUsage in a child process, ffmpeg's via
 * /usr/bin/time). Not a timed test.
 *
 * Run:   cd /work/main && npx tsx bench/audio/bench-audio.ts [--seconds 3600] [--dir /tmp/turnscope-bench-audio] [--codecs wav,mp3,opus,vorbis,flac]
 * Needs: ffmpeg (libmp3lame, libopus, libvorbis), sox-free; the inputs are generated once by make-long.sh and kept in --dir.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const seconds = Number(arg('seconds', '3600'));
const dir = arg('dir', '/tmp/turnscope-bench-audio');
const codecs = arg('codecs', 'wav,mp3,opus,vorbis,flac').split(',');
const EXT: Record<string, string> = { wav: 'wav', mp3: 'mp3', opus: 'opus', vorbis: 'ogg', flac: 'flac' };
mkdirSync(dir, { recursive: true });

interface Row {
  codec: string;
  mb: number;
  ffmpegS: number;
  ffmpegRssMb: number;
  oursS: number;
  oursRssMb: number;
}

function ffmpegDecode(file: string): { s: number; rssMb: number } {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', 'ffmpeg', '-loglevel', 'error', '-threads', '1', '-i', file, '-f', 'null', '-'], { encoding: 'utf8' });
  const s = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`ffmpeg failed on ${file}: ${r.stderr}`);
  const kb = Number(r.stderr.trim().split('\n').pop());
  return { s, rssMb: kb / 1024 };
}

function ours(file: string): { s: number; rssMb: number } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(root, 'bench/audio/analyze-one.ts'), file], { cwd: root, encoding: 'utf8' });
  const r = JSON.parse(out.trim().split('\n').pop()!) as { ms: number; maxRssMb: number; durationMs: number };
  if (Math.abs(r.durationMs - seconds * 1000) > 1000) throw new Error(`${file}: decoded ${r.durationMs} ms, expected ${seconds * 1000}`);
  return { s: r.ms / 1000, rssMb: r.maxRssMb };
}

const rows: Row[] = [];
for (const codec of codecs) {
  const file = join(dir, `bench-${seconds}s.${codec}.${EXT[codec]}`);
  if (!existsSync(file)) execFileSync(join(root, 'bench/audio/make-long.sh'), [String(seconds), codec, file], { stdio: 'inherit' });
  // Warm the page cache for both, then best of two runs each.
  ffmpegDecode(file);
  const f = [ffmpegDecode(file), ffmpegDecode(file)].sort((a, b) => a.s - b.s)[0]!;
  const o = [ours(file), ours(file)].sort((a, b) => a.s - b.s)[0]!;
  rows.push({ codec, mb: statSync(file).size / (1 << 20), ffmpegS: f.s, ffmpegRssMb: f.rssMb, oursS: o.s, oursRssMb: o.rssMb });
  console.error(`${codec}: ffmpeg ${f.s.toFixed(1)} s, turnscope ${o.s.toFixed(1)} s`);
}

const pad = (s: string, n: number): string => s.padStart(n);
console.log(`\n${seconds / 60}-minute 48 kHz stereo call; ffmpeg -threads 1 -f null (decode only) vs Turnscope analysis (decode + peaks + VAD + quality + echo)\n`);
console.log(['codec', 'file MB', 'ffmpeg s', 'ffmpeg RSS MB', 'turnscope s', 'turnscope RSS MB', 'ratio'].map((h, i) => pad(h, i === 0 ? 6 : 14)).join(''));
for (const r of rows) {
  console.log([
    pad(r.codec, 6), pad(r.mb.toFixed(1), 14), pad(r.ffmpegS.toFixed(1), 14), pad(r.ffmpegRssMb.toFixed(0), 14),
    pad(r.oursS.toFixed(1), 14), pad(r.oursRssMb.toFixed(0), 14), pad(`${(r.oursS / r.ffmpegS).toFixed(2)}x`, 14),
  ].join(''));
}
