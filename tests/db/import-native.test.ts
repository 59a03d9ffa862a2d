import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../electron/main/db/open';
import { setTurnReference } from '../../electron/main/db/queries/analysis-write';
import { countCalls, getCallDetail, laterReferences, listCalls } from '../../electron/main/db/queries/calls-read';
import { storeCall } from '../../electron/main/db/queries/calls-write';
import { importPaths } from '../../electron/main/import/import-service';
import { tempDir, threeTurnCall, writeCallWithRecording } from '../helpers/call-fixture';

let db: Db;
let dir: string;

beforeEach(async () => {
  dir = tempDir();
  db = openDatabase(join(dir, 'store.db'));
});

const tableCounts = (): Record<string, number> =>
  Object.fromEntries(
    ['calls', 'recordings', 'peaks', 'turns', 'words', 'spans', 'tool_calls', 'flags'].map((t) => [
      t,
      (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n,
    ]),
  );

describe('importing a Turnscope call file with its recording', () => {
  it('stores the call, turns, words, tool calls, spans, recording facts and peaks', async () => {
    const { callPath, wavPath } = writeCallWithRecording(dir, threeTurnCall('c-1'), 'mulaw');
    const report = (await importPaths(db, [callPath]));
    expect(report.failed).toEqual([]);
    expect(report.imported).toEqual([
      { callId: 'c-1', path: callPath, format: 'turnscope-call-v1', turnCount: 3, status: 'created', warnings: [], paired: { recording: wavPath, asr: [] } },
    ]);
    const call = getCallDetail(db, 'c-1')!;
    expect(call.turns.map((t) => t.index)).toEqual([0, 1, 2]);
    expect(call.turns[0]!.caller).toBeNull();
    expect(call.turns[1]!.caller!.words.map((w) => [w.text, w.startMs, w.confidence])).toEqual([
      ['i', 1200, 0.95], ['want', 1300, 0.9], ['my', 1600, 0.92], ['balance', 1800, 0.88],
    ]);
    // STT+LLM+TTS given, end-to-end absent: derived and said so.
    expect(call.turns[1]!.timings.endToEndMs).toBe(380);
    expect(call.importNotes.some((n) => /derived/.test(n.message))).toBe(true);
    expect(call.turns[1]!.toolCalls).toEqual([
      { id: null, name: 'get_balance', arguments: { account: 'A1' }, result: { balance: 10 }, startMs: null, endMs: null },
    ]);
    expect(call.turns[1]!.referenceText).toBe('I want my balance');
    expect(call.spans).toHaveLength(1);
    const [rec] = call.recordings;
    expect(rec).toMatchObject({ path: wavPath, codec: 'pcm_mulaw', sampleRate: 8000, channels: 2, bitsPerSample: 8, roles: { caller: 0, agent: 1 } });
    expect(rec!.durationMs).toBeCloseTo(6000, 5);
    expect(rec!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(rec!.peakLevels[0]).toBe(40); // 8000 Hz / 200 peaks per second
    // The 1500 ms turn lands in the seed's critical band.
    expect(call.flags.map((f) => [f.kind, f.severity, f.turnIndex])).toContainEqual(['latency_critical', 'critical', 2]);
  });

  it('pairs a recording by file name when the call file names none', async () => {
    const call = threeTurnCall('named-by-file');
    const { callPath } = writeCallWithRecording(dir, call);
    const raw = JSON.parse(readFileSync(callPath, 'utf8')) as Record<string, unknown>;
    delete raw.recording;
    writeFileSync(callPath, JSON.stringify(raw));
    const report = (await importPaths(db, [dir]));
    expect(report.failed).toEqual([]);
    expect(report.skipped).toEqual([]);
    expect(getCallDetail(db, 'named-by-file')!.recordings).toHaveLength(1);
  });

  it('is idempotent: the same content is not stored twice, changed content replaces the call', async () => {
    const { callPath } = writeCallWithRecording(dir, threeTurnCall('c-2'));
    expect((await importPaths(db, [callPath])).imported[0]!.status).toBe('created');
    const before = tableCounts();
    expect((await importPaths(db, [callPath])).imported[0]!.status).toBe('unchanged');
    expect(tableCounts()).toEqual(before);
    const changed = threeTurnCall('c-2');
    changed.turns[2]!.agent!.text = 'goodbye and thank you';
    writeFileSync(callPath, JSON.stringify(changed));
    expect((await importPaths(db, [callPath])).imported[0]!.status).toBe('updated');
    expect(tableCounts()).toEqual(before);
    expect(getCallDetail(db, 'c-2')!.turns[2]!.agent!.text).toBe('goodbye and thank you');
  });

  it('keeps a reference transcript an analyst added when a changed call file is imported again', async () => {
    const { callPath } = writeCallWithRecording(dir, threeTurnCall('c-3'));
    await importPaths(db, [callPath]);
    setTurnReference(db, 'c-3', 2, 'it is nine four one oh seven', 'analyst');
    const changed = threeTurnCall('c-3');
    changed.turns[2]!.agent!.text = 'goodbye and thank you';
    writeFileSync(callPath, JSON.stringify(changed));
    const report = await importPaths(db, [callPath]);
    expect(report.imported[0]!.status).toBe('updated');
    const turn = getCallDetail(db, 'c-3')!.turns[2]!;
    expect([turn.referenceText, turn.agent!.text]).toEqual(['it is nine four one oh seven', 'goodbye and thank you']);
    expect(laterReferences(db, 'c-3')).toEqual([{ turnIndex: 2, text: 'it is nine four one oh seven', source: 'analyst' }]);
    // Its WER is computed against the kept reference.
    expect(getCallDetail(db, 'c-3')!.analysis?.turns.find((t) => t.turnIndex === 2)?.wer).not.toBeNull();
  });

  it('a call of the same id from another format is kept beside the first, not over it', async () => {
    writeCallWithRecording(dir, threeTurnCall('dup-1'));
    await importPaths(db, [dir]);
    const vapi = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/traces/vapi/call-2024-flat.json', import.meta.url)), 'utf8')) as { id: string };
    vapi.id = 'dup-1';
    const other = join(tempDir(), 'vapi-dup.json');
    writeFileSync(other, JSON.stringify(vapi));
    const report = await importPaths(db, [other]);
    expect(report.failed).toEqual([]);
    const id = report.imported[0]!.callId;
    expect(id).toMatch(/^dup-1@vapi/);
    expect(getCallDetail(db, 'dup-1')!.sourceFormat).toBe('turnscope-call-v1');
    expect(getCallDetail(db, id)!.externalId).toBe('dup-1');
    expect(getCallDetail(db, id)!.importNotes.some((n) => n.message.includes('also stored from turnscope-call-v1'))).toBe(true);
    // Importing either again finds its own call.
    expect((await importPaths(db, [other])).imported[0]).toMatchObject({ callId: id, status: 'unchanged' });
    expect((await importPaths(db, [dir])).imported[0]).toMatchObject({ callId: 'dup-1', status: 'unchanged' });
    expect(countCalls(db)).toBe(2);
  });

  it('lists calls newest first', async () => {
    const a = threeTurnCall('older');
    a.call.startedAt = '2025-01-01T00:00:00Z';
    const b = threeTurnCall('newer');
    b.call.startedAt = '2026-06-01T00:00:00Z';
    writeCallWithRecording(dir, a);
    writeCallWithRecording(dir, b);
    await importPaths(db, [dir]);
    expect(listCalls(db).map((c) => c.id)).toEqual(['newer', 'older']);
  });
});

describe('bad input changes nothing', () => {
  it('a call file with a schema error names the file, the JSON path and the problem', async () => {
    const call = threeTurnCall('bad-1') as unknown as { turns: { caller?: { words?: { startMs: unknown }[] } }[] };
    call.turns[1]!.caller!.words![2]!.startMs = 'soon';
    const { callPath } = writeCallWithRecording(dir, threeTurnCall('bad-1'));
    writeFileSync(callPath, JSON.stringify(call));
    const report = (await importPaths(db, [callPath]));
    expect(report.imported).toEqual([]);
    expect(report.failed).toEqual([{ path: callPath, error: `${callPath}: at $.turns[1].caller.words[2].startMs: must be number` }]);
    expect(countCalls(db)).toBe(0);
  });

  it('a corrupted (truncated) call file gives the line and column', async () => {
    const { callPath } = writeCallWithRecording(dir, threeTurnCall('bad-2'));
    const text = readFileSync(callPath, 'utf8');
    writeFileSync(callPath, text.slice(0, Math.floor(text.length / 2)));
    const [failure] = (await importPaths(db, [callPath])).failed;
    expect(failure!.error).toMatch(new RegExp(`^${callPath}: at line \\d+, column \\d+: invalid JSON`));
    expect(countCalls(db)).toBe(0);
  });

  it('a truncated WAV fails its call with a clear reason and leaves the other calls imported', async () => {
    const good = writeCallWithRecording(dir, threeTurnCall('good'));
    const bad = writeCallWithRecording(dir, threeTurnCall('truncated'));
    const wav = readFileSync(bad.wavPath);
    writeFileSync(bad.wavPath, wav.subarray(0, 44 + 1000));
    const report = (await importPaths(db, [dir]));
    expect(report.imported.map((c) => c.callId)).toEqual(['good']);
    expect(report.failed).toHaveLength(1);
    // The call file first (which call failed), then the recording and what is wrong with it.
    expect(report.failed[0]!.error.startsWith(`${bad.callPath}: recording ${bad.wavPath}: `)).toBe(true);
    expect(report.failed[0]!.error).toMatch(/truncated\.wav: truncated: the data chunk declares \d+ bytes but only 1000 are present/);
    expect(getCallDetail(db, 'truncated')).toBeNull();
    expect(getCallDetail(db, 'good')).not.toBeNull();
    // The broken recording is reported once, with its call, not also as a recording nobody referred to.
    expect(report.skipped).toEqual([]);
    void good;
  });

  it('a failure inside the store transaction leaves no partial call behind', async () => {
    const { callPath } = writeCallWithRecording(dir, threeTurnCall('atomic'));
    await importPaths(db, [callPath]);
    const before = tableCounts();
    const detail = getCallDetail(db, 'atomic')!;
    // A second call whose last flag violates a CHECK constraint, after turns, words and peaks were written.
    expect(() =>
      storeCall(db, {
        id: 'half-written',
        call: {
          externalId: 'half-written', sourceFormat: 'test', agent: { name: null, version: null }, startedAt: null, durationMs: null,
          outcome: 'unknown', endedReason: null, metadata: {}, turns: detail.turns, spans: detail.spans, recordingRef: null, notes: [],
        },
        sourcePath: null,
        contentHash: 'x',
        recording: null,
        flags: [{ kind: 'k', severity: 'catastrophic' as 'critical', turnIndex: 0, startMs: 0, endMs: 1, detail: '', evidence: {}, source: 'analysis' }],
        importedAt: 'now',
      }),
    ).toThrow(/CHECK/);
    expect(tableCounts()).toEqual(before);
    expect(getCallDetail(db, 'half-written')).toBeNull();
  });

  it('files that are not calls are refused by content, with what was seen', async () => {
    const notCall = join(dir, 'settings.json');
    writeFileSync(notCall, JSON.stringify({ theme: 'dark', fontSize: 13 }));
    const binary = join(dir, 'blob.json');
    writeFileSync(binary, Buffer.from([0x00, 0xff, 0x13, 0x37, 0x00]));
    const latin1 = join(dir, 'latin1.json');
    writeFileSync(latin1, Buffer.from('{"caf\xe9": 1}', 'latin1'));
    const failed = (await importPaths(db, [dir])).failed.map((f) => f.error).sort();
    expect(failed).toEqual([
      `${binary}: not a format Turnscope reads (binary data)`,
      `${latin1}: not a format Turnscope reads (not valid UTF-8 text (binary data or another encoding) at byte 5)`,
      `${notCall}: not a format Turnscope reads (saw a JSON object with keys "theme", "fontSize")`,
    ]);
  });

  it('a channel role the recording does not have is refused', async () => {
    const call = threeTurnCall('roles');
    call.recording!.channels = { caller: 0, agent: 3 };
    const { callPath } = writeCallWithRecording(dir, call);
    expect((await importPaths(db, [callPath])).failed[0]!.error).toBe(
      `${callPath}: at $.recording.channels.agent: agent channel 3 does not exist: the recording has 2 channel(s)`,
    );
  });

  it('times beyond the recording and negative durations become flags, not failures', async () => {
    const call = threeTurnCall('odd-times');
    call.turns[2]!.agent = { text: 'late', startMs: 5000, endMs: 9000 };
    call.turns[1]!.caller!.endMs = 1100;
    const { callPath } = writeCallWithRecording(dir, call);
    const report = (await importPaths(db, [callPath]));
    expect(report.failed).toEqual([]);
    const kinds = getCallDetail(db, 'odd-times')!.flags.map((f) => `${f.kind}@${f.turnIndex}`);
    expect(kinds).toEqual(expect.arrayContaining(['outside_recording@2', 'negative_duration@1']));
  });
});
