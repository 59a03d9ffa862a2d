import { cpSync, mkdirSync, rmSync, openSync, closeSync, ftruncateSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import type { ImportProgress } from '../../shared/model/import-progress';
import { openDatabase, type Db } from '../../electron/main/db/open';
import { getCallDetail, listCalls } from '../../electron/main/db/queries/calls-read';
import { importPaths } from '../../electron/main/import/import-service';
import { tempDir, threeTurnCall, writeCallWithRecording } from '../helpers/call-fixture';
import { burstChannel, encodeWav } from '../helpers/wav-writer';

const FIXTURES = resolve(__dirname, '../fixtures');
let db: Db;
let dir: string;

beforeEach(() => {
  dir = tempDir();
  db = openDatabase(join(dir, 'store.db'));
});

function zipOf(files: Record<string, Buffer | string>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, data] of Object.entries(files)) zip.addBuffer(Buffer.from(data), name);
  zip.end();
  return new Promise((res) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c)).on('end', () => res(Buffer.concat(chunks)));
  });
}

describe('a mixed folder of every format', () => {
  it('imports each call with the format detected from its content, pairing recordings and ASR output', async () => {
    const mixed = join(dir, 'mixed');
    mkdirSync(mixed);
    cpSync(join(FIXTURES, 'traces'), join(mixed, 'traces'), { recursive: true });
    // The same LiveKit session, this time with its recording (the copy without it would be the same call id).
    rmSync(join(mixed, 'traces/livekit/session-1.7'), { recursive: true });
    // LiveKit's report with its real Ogg Opus recording beside it.
    cpSync(join(FIXTURES, 'mixed/livekit'), join(mixed, 'livekit-with-audio'), { recursive: true });
    // A Vapi call whose stereo recording the analyst downloaded: paired by the URL's file name.
    const vapiWav = encodeWav([burstChannel(8000, 32_000, [[2000, 5000]], 300), burstChannel(8000, 32_000, [[6000, 9000]], 500)], 8000);
    writeFileSync(join(mixed, 'c0f1e6a4-7d2b-4c3e-9a51-2f8e6b0d4a17-1755795033020-stereo.wav'), vapiWav);
    // A native call with Deepgram output named after it.
    const native = threeTurnCall('native-with-asr');
    for (const t of native.turns) if (t.caller) delete t.caller.words;
    writeCallWithRecording(mixed, native);
    writeFileSync(join(mixed, 'native-with-asr.deepgram.json'), JSON.stringify({
      metadata: { request_id: 'req-1', duration: 6 },
      results: { channels: [{ alternatives: [{ transcript: 'i want my balance', confidence: 0.9, words: [
        { word: 'i', start: 1.2, end: 1.3, confidence: 0.95 }, { word: 'want', start: 1.3, end: 1.6, confidence: 0.91 },
        { word: 'my', start: 1.6, end: 1.8, confidence: 0.9 }, { word: 'balance', start: 1.8, end: 2.2, confidence: 0.42 },
      ] }] }] },
    }));

    const progress: ImportProgress[] = [];
    const report = await importPaths(db, [mixed], { onProgress: (p) => progress.push(p) });

    expect(report.failed).toEqual([]);
    const formats = new Set(report.imported.map((c) => c.format));
    for (const f of ['turnscope-call-v1', 'otlp-json', 'otel-console', 'jaeger', 'livekit-session-report', 'vapi-call', 'retell-call']) {
      expect(formats, f).toContain(f);
    }
    const byId = new Map(report.imported.map((c) => [c.callId, c]));
    expect(byId.get('native-with-asr')!.paired.asr).toEqual([join(mixed, 'native-with-asr.deepgram.json')]);
    const nativeCall = getCallDetail(db, 'native-with-asr')!;
    expect(nativeCall.turns[1]!.caller!.words.map((w) => [w.text, w.startMs, w.confidence])).toEqual([
      ['i', 1200, 0.95], ['want', 1300, 0.91], ['my', 1600, 0.9], ['balance', 1800, 0.42],
    ]);
    const vapi = report.imported.find((c) => c.format === 'vapi-call' && c.paired.recording !== null)!;
    expect(vapi.paired.recording).toMatch(/-stereo\.wav$/);
    const livekit = report.imported.find((c) => c.paired.recording?.endsWith('audio.ogg'))!;
    expect(livekit.format).toBe('livekit-session-report');
    const lkRec = getCallDetail(db, livekit.callId)!.recordings[0]!;
    expect(lkRec).toMatchObject({ sampleRate: 48000, channels: 2, roles: { caller: 0, agent: 1 } });
    expect(lkRec.durationMs).toBeGreaterThan(44_000);
    // Progress went through the phases in order and ended done.
    const phases = [...new Set(progress.map((p) => p.phase))];
    expect(phases).toEqual(['scanning', 'importing', 'finishing', 'done']);
    expect(progress.at(-1)!.imported).toBe(report.imported.length);
    // Calls are counted as they land, not only when the next file starts: every call is counted before the
    // import moves on to finishing.
    const importing = progress.filter((p) => p.phase === 'importing');
    expect(importing.at(-1)!.imported).toBe(report.imported.length);
    for (let i = 1; i < importing.length; i++) expect(importing[i]!.imported).toBeGreaterThanOrEqual(importing[i - 1]!.imported);
  });
});

describe('zips, cancelling and resuming', () => {
  it('a zip of calls imports like a folder, its recordings kept beside the store; importing it again changes nothing', async () => {
    const src = join(dir, 'src');
    mkdirSync(src);
    const { callPath, wavPath } = writeCallWithRecording(src, threeTurnCall('zipped'));
    const { readFileSync } = await import('node:fs');
    const zipPath = join(dir, 'export.zip');
    writeFileSync(zipPath, await zipOf({ 'calls/zipped.call.json': readFileSync(callPath), 'calls/zipped.wav': readFileSync(wavPath) }));
    const first = await importPaths(db, [zipPath]);
    expect(first.failed).toEqual([]);
    expect(first.imported.map((c) => [c.callId, c.status])).toEqual([['zipped', 'created']]);
    expect(getCallDetail(db, 'zipped')!.recordings[0]!.path.startsWith(join(dir, 'archives'))).toBe(true);
    const again = await importPaths(db, [zipPath]);
    expect(again.imported.map((c) => c.status)).toEqual(['unchanged']);
  });

  it('a malicious zip is refused with the reason and nothing is imported from it', async () => {
    const zipPath = join(dir, 'evil.zip');
    const { rawZip } = await import('../helpers/raw-zip');
    writeFileSync(zipPath, rawZip([{ name: '../escape.call.json', data: Buffer.from('{}') }]));
    const report = await importPaths(db, [zipPath]);
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]!.error).toMatch(/evil\.zip: .*(invalid relative path|outside)/);
    expect(listCalls(db)).toEqual([]);
  });

  it('cancelling stops between calls; running the import again resumes where it stopped', async () => {
    for (let i = 0; i < 6; i++) writeCallWithRecording(dir, threeTurnCall(`batch-${i}`));
    const controller = new AbortController();
    const first = await importPaths(db, [dir], {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'importing' && p.done === 2) controller.abort();
      },
    });
    expect(first.cancelled).toBe(true);
    expect(first.imported.map((c) => c.callId)).toEqual(['batch-0', 'batch-1']);
    expect(listCalls(db)).toHaveLength(2);
    const second = await importPaths(db, [dir]);
    expect(second.cancelled).toBe(false);
    expect(second.imported.map((c) => `${c.callId}:${c.status}`)).toEqual([
      'batch-0:unchanged', 'batch-1:unchanged', 'batch-2:created', 'batch-3:created', 'batch-4:created', 'batch-5:created',
    ]);
  });
});

describe('bad input: a clear error naming the file and place, bounded memory, nothing half-written', () => {
  it.each([
    ['truncated.json', '{"format": "turnscope.call", "version": 1, "call": {"id": "x"}, "turns": [{"index"', /truncated\.json: at line 1, column \d+: invalid JSON/],
    ['wrong-types.json', JSON.stringify({ format: 'turnscope.call', version: 1, call: { id: 'x' }, turns: [{ index: 'first' }] }), /wrong-types\.json: at \$\.turns\[0\]\.index: must be integer/],
    ['garbage.json', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x13, 0x37]), /garbage\.json: not a format Turnscope reads \(binary data\)/],
    ['latin1.json', Buffer.from('{"format": "turnscope.call", "note": "caf\xe9"}', 'latin1'), /latin1\.json: not valid UTF-8 text/],
    ['bomb.json', `{"format": "turnscope.call", "version": 1, "call": {"id": "x", "metadata": ${'['.repeat(5000)}${']'.repeat(5000)}}, "turns": []}`, /bomb\.json: at \$\.call\.metadata(\[0\])+: nested deeper than 256 levels/],
  ])('%s', async (name, content, expected) => {
    writeFileSync(join(dir, name), content);
    const report = await importPaths(db, [join(dir, name)]);
    expect(report.imported).toEqual([]);
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]!.error).toMatch(expected);
    expect(listCalls(db)).toEqual([]);
  });

  it('a 2 GB file is refused by its size without being read', async () => {
    const huge = join(dir, 'huge.json');
    const fd = openSync(huge, 'w');
    ftruncateSync(fd, 2 * 1024 ** 3); // sparse: takes no disk
    closeSync(fd);
    const before = process.memoryUsage().rss;
    const report = await importPaths(db, [huge]);
    expect(report.failed[0]!.error).toMatch(/huge\.json: file is 2147483648 bytes, above the \d+-byte limit/);
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 ** 2);
  });
});
