import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { closeAnalysisPool, MAX_USES, poolStats } from '../../../electron/main/audio/analysis-pool';
import { analyzeRecordingInWorker } from '../../../electron/main/audio/analyze-in-worker';
import { AudioFormatError } from '../../../electron/main/audio/audio-error';
import { signalOptions } from '../../../electron/main/import/prepare-recording';
import { tempDir } from '../../helpers/call-fixture';
import { makeWav } from './helpers/wav-variants';
import { analyzeFile, thresholds } from './helpers/analyze';

const OPUS = fileURLToPath(new URL('../../fixtures/audio-forensics/codecs/call-opus.ogg', import.meta.url));
const th = thresholds();
const request = (path: string) => ({ path, signal: signalOptions(th), vad: th.vad });

const moduleUrl = (rel: string): string => JSON.stringify(fileURLToPath(new URL(rel, import.meta.url)));

/** Analyses `path` on a kept worker in a Node process of its own, then runs `then` (which sees `r`, the result). */
function analyzeInChild(path: string, then: string): SpawnSyncReturns<string> {
  const script = `
    const { analyzeRecordingInWorker } = await import(${moduleUrl('../../../electron/main/audio/analyze-in-worker.ts')});
    const { thresholds } = await import(${moduleUrl('./helpers/analyze.ts')});
    const { signalOptions } = await import(${moduleUrl('../../../electron/main/import/prepare-recording.ts')});
    const th = thresholds();
    const r = await analyzeRecordingInWorker({ path: ${JSON.stringify(path)}, signal: signalOptions(th), vad: th.vad });
    ${then}
  `;
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
}

describe('analysis on a worker thread', () => {
  it('gives the same result as on this thread, typed arrays intact', async () => {
    const local = await analyzeFile(OPUS);
    const r = await analyzeRecordingInWorker(request(OPUS));
    expect(r.sha256).toBe(local.sha256);
    expect(r.channelAudio.map((c) => c.segments)).toEqual(local.channelAudio.map((c) => c.segments));
    expect(r.peaks[0]!.data).toBeInstanceOf(Int16Array);
    expect(Array.from(r.peaks[0]!.data)).toEqual(Array.from(local.peaks[0]!.data));
    expect(r.channelAudio[0]!.speechEnvelope).toBeInstanceOf(Int16Array);
  });

  it('split in time, the span threads started from the analysis thread: the one-pass result', async () => {
    const path = fileURLToPath(new URL('../../fixtures/audio-forensics/codecs/span-call.opus', import.meta.url));
    const local = await analyzeFile(path);
    const split = await analyzeRecordingInWorker({ ...request(path), spanThreads: 2, minSpanSeconds: 8 });
    expect([split.spans, local.spans]).toEqual([2, 1]);
    expect(split.sha256).toBe(local.sha256);
    expect(split.frames).toBe(local.frames);
    expect(split.channelAudio.map((c) => c.segments)).toEqual(local.channelAudio.map((c) => c.segments));
    expect(split.peaks.map((p) => Array.from(p.data))).toEqual(local.peaks.map((p) => Array.from(p.data)));
  });

  it('an unreadable recording comes back as an AudioFormatError with the path', async () => {
    const path = join(tempDir(), 'not-audio.ogg');
    writeFileSync(path, 'plain text, not audio');
    await expect(analyzeRecordingInWorker(request(path))).rejects.toThrow(new RegExp(`${path}: not a recording Turnscope reads`));
  });

  it('keeps its workers between recordings: three recordings, one worker started', async () => {
    closeAnalysisPool();
    const before = { ...poolStats };
    const bad = join(tempDir(), 'not-audio.mp3');
    writeFileSync(bad, 'plain text, not audio');
    const first = await analyzeRecordingInWorker(request(OPUS));
    // An unreadable recording is an answer, not a broken worker: the next one runs on the same thread.
    await expect(analyzeRecordingInWorker(request(bad))).rejects.toThrow(AudioFormatError);
    const third = await analyzeRecordingInWorker(request(OPUS));
    expect(third.sha256).toBe(first.sha256);
    expect(third.channelAudio.map((c) => c.segments)).toEqual(first.channelAudio.map((c) => c.segments));
    expect(poolStats.started - before.started).toBe(1);
    expect(poolStats.served - before.served).toBe(3);
  });

  it(`a worker is retired after ${MAX_USES} recordings, so a long import runs on fresh heaps`, async () => {
    closeAnalysisPool();
    const path = join(tempDir(), 'short.wav');
    writeFileSync(path, makeWav([new Float32Array(800).fill(0.1), new Float32Array(800)], 8000, 's16'));
    const before = poolStats.started;
    for (let i = 0; i < MAX_USES + 1; i++) await analyzeRecordingInWorker(request(path));
    expect(poolStats.started - before).toBe(2);
  }, 60_000);

  it('a worker that does not answer in time is stopped and reported; the next recording gets a fresh one', async () => {
    closeAnalysisPool();
    const before = poolStats.started;
    await expect(analyzeRecordingInWorker(request(OPUS), 1)).rejects.toThrow(/did not finish within 0 s/);
    const after = await analyzeRecordingInWorker(request(OPUS));
    expect(after.channels).toBe(2);
    expect(poolStats.started - before).toBe(2);
  });

  it('idle kept workers do not hold the process open', () => {
    const r = analyzeInChild(OPUS, "console.log('analysed', r.channels, Date.now());");
    expect(r.status, r.stderr).toBe(0);
    const m = /analysed 2 (\d+)/.exec(r.stdout);
    expect(m, r.stdout + r.stderr).not.toBeNull();
    // The process ends as soon as its work is done, not when the idle worker's 5 s are up.
    expect(Date.now() - Number(m![1])).toBeLessThan(3000);
  });

  it("keeps the decoder packages' own console copies of decode errors out of the terminal; the report has them", () => {
    // A byte of one frame's audio flipped: libFLAC reports the frame's CRC mismatch, and prints it.
    const flac = Buffer.from(readFileSync(fileURLToPath(new URL('../../fixtures/audio-forensics/codecs/call.flac', import.meta.url))));
    flac[Math.floor(flac.length * 0.6)]! ^= 0xff;
    const path = join(tempDir(), 'damaged.flac');
    writeFileSync(path, flac);
    const r = analyzeInChild(path, 'console.log(JSON.stringify(r.decode));');
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).problems.join(' ')).toMatch(/flac frame \d+ .*FLAC__STREAM_DECODER_ERROR/);
    expect(r.stderr).not.toMatch(/wasm-audio-decoders|FLAC__STREAM_DECODER/);
  });
});
