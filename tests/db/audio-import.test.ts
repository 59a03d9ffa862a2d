/**
 * The audio layer through the real import path (importPaths → prepareRecording on a worker → storeCall),
 * read back as `show --json` prints it (getCallDetail).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { analyzeSignal } from '../../electron/main/audio/analyze-recording';
import { openDatabase, type Db } from '../../electron/main/db/open';
import { readCallerSpeech, readSpeechSegments } from '../../electron/main/db/queries/audio-read';
import { reanalyzeRecordingAudio, swapRecordingRoles } from '../../electron/main/db/queries/audio-write';
import { getCallDetail } from '../../electron/main/db/queries/calls-read';
import { importPaths } from '../../electron/main/import/import-service';
import { tempDir } from '../helpers/call-fixture';
import { thresholds } from '../unit/audio/helpers/analyze';
import { writeConversation } from '../unit/audio/helpers/conversation';
import { PLANTED, plantedCallFile, plantedConversation } from '../unit/audio/helpers/planted-call';

let db: Db;
let dir: string;

beforeEach(async () => {
  dir = tempDir();
  db = openDatabase(join(dir, 'store.db'));
});

async function importPlanted(id: string, withRoles = true): Promise<ReturnType<typeof plantedConversation>> {
  const conv = plantedConversation();
  writeConversation(join(dir, `${id}.wav`), conv);
  const file = plantedCallFile(id, conv, `${id}.wav`);
  if (!withRoles) delete file.recording!.channels;
  writeFileSync(join(dir, `${id}.call.json`), JSON.stringify(file));
  const report = (await importPaths(db, [join(dir, `${id}.call.json`)]));
  expect(report.failed).toEqual([]);
  return conv;
}

describe('audio forensics at import', () => {
  it('a call with planted echo, clipping, 5 s of dead air and a barge-in shows each as a flag at the right time', async () => {
    const conv = await importPlanted('planted');
    const call = getCallDetail(db, 'planted')!;
    const audio = call.flags.filter((f) => f.kind.startsWith('audio_'));
    const first = (kind: string) => audio.find((f) => f.kind === kind);
    expect(audio.every((f) => f.source === 'analysis')).toBe(true);

    const echo = first('audio_echo')!;
    expect(echo.evidence).toMatchObject({ source: 1, target: 0, delayMs: PLANTED.echoDelayMs });
    expect(conv.agentSpeech.some((a) => echo.startMs! < a.endMs && echo.endMs! > a.startMs)).toBe(true);

    const clip = first('audio_clipping')!;
    expect(clip.turnIndex).toBe(3);
    expect(clip.startMs!).toBeGreaterThanOrEqual(conv.callerSpeech[2]!.startMs - 10);
    expect(clip.endMs!).toBeLessThanOrEqual(conv.callerSpeech[2]!.endMs + 10);

    const dead = first('audio_dead_air')!;
    expect(dead.endMs! - dead.startMs!).toBeGreaterThan(5000);
    expect(Math.abs(dead.startMs! - conv.callerSpeech[1]!.endMs)).toBeLessThan(40);

    const barge = first('audio_barge_in')!;
    expect(barge.turnIndex).toBe(2);
    expect(Math.abs(barge.startMs! - conv.callerSpeech[1]!.startMs)).toBeLessThan(40);

    // show --json: quality per channel and measured speech per turn.
    const [rec] = call.recordings;
    expect(rec!.quality).toHaveLength(2);
    expect(rec!.quality![0]).toMatchObject({ channel: 0, role: 'caller', echo: { delayMs: 150, fromChannel: 1 } });
    expect(rec!.quality![0]!.clippingRatio).toBeGreaterThan(0);
    expect(rec!.quality![1]).toMatchObject({ channel: 1, role: 'agent', echo: null, clippingRatio: 0 });
    for (const q of rec!.quality!) expect(Object.keys(q)).toEqual(expect.arrayContaining(['snrDb', 'clippingRatio', 'rmsDbfs', 'speechRatio', 'echo']));
    expect(rec!.audio).toMatchObject({ decodeComplete: true, rolesSource: 'trace', thresholds: { id: 'turnscope-audio', version: 1 } });
    const t1 = call.turns[1]!.measured!;
    expect(Math.abs(t1.callerSpeechEndMs! - conv.callerSpeech[0]!.endMs)).toBeLessThan(20);
    expect(Math.abs(t1.agentSpeechStartMs! - conv.agentSpeech[1]!.startMs)).toBeLessThan(20);
    expect(Math.abs(t1.responseGapMs! - (conv.agentSpeech[1]!.startMs - conv.callerSpeech[0]!.endMs))).toBeLessThan(20);
    expect(call.turns[0]!.measured).toMatchObject({ callerSpeechStartMs: null, callerSpeechEndMs: null, responseGapMs: null });
    expect(JSON.parse(JSON.stringify(call)).turns[2].measured).toEqual(call.turns[2]!.measured);

    // Stored segments feed the analysis engine's words-in-silence hook.
    expect(readCallerSpeech(db, 'planted')!.length).toBeGreaterThan(0);
    expect(readSpeechSegments(db, rec!.id).some((s) => s.channel === 1)).toBe(true);
  });

  it('a recording with a damaged page: the lost stretch is flagged where it was, the rest of the call keeps its time', async () => {
    const opus = readFileSync(new URL('../fixtures/audio-forensics/codecs/span-call.opus', import.meta.url));
    const damaged = Buffer.from(opus);
    const at = Math.floor(opus.length / 2);
    for (let i = at; i < at + 40; i++) damaged[i] = damaged[i]! ^ 0x5a;
    writeFileSync(join(dir, 'clean.opus'), opus);
    writeFileSync(join(dir, 'damaged.opus'), damaged);
    const sample = JSON.parse(readFileSync(new URL('../../resources/samples/pharmacy-refill.call.json', import.meta.url), 'utf8'));
    writeFileSync(join(dir, 'damaged.call.json'), JSON.stringify({ ...sample, call: { ...sample.call, id: 'damaged' }, recording: { path: 'damaged.opus' } }));
    const report = await importPaths(db, [join(dir, 'damaged.call.json')]);
    expect(report.failed).toEqual([]);

    const clean = await analyzeSignal(join(dir, 'clean.opus'));
    const call = getCallDetail(db, 'damaged')!;
    const rec = call.recordings[0]!;
    // As long as the clean recording: the stretch lost is silence in its place.
    expect(rec.durationMs).toBe(clean.durationMs);
    expect(rec.audio!.decodeComplete).toBe(false);
    expect(rec.audio!.decodeGaps).toHaveLength(1);
    const gap = rec.audio!.decodeGaps[0]!;
    expect(gap.durationMs).toBeGreaterThan(100);
    expect(rec.audio!.decodeProblems.join(' ')).toContain(`audio lost at ${(gap.startMs / 1000).toFixed(2)} s`);
    const lost = call.flags.filter((f) => f.kind === 'audio_lost');
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatchObject({ severity: 'warning', startMs: gap.startMs, endMs: gap.startMs + gap.durationMs });
    // Kept in the store: re-analysis from it flags the stretch again.
    const again = reanalyzeRecordingAudio(db, rec.id, call.turns, thresholds())!;
    expect(again.flags.filter((f) => f.kind === 'audio_lost')).toHaveLength(1);
  });

  it('roles missing from the trace are detected, said so, and can be swapped (re-analysed without decoding)', async () => {
    await importPlanted('no-roles', false);
    let call = getCallDetail(db, 'no-roles')!;
    let rec = call.recordings[0]!;
    expect(rec.roles).toEqual({ caller: 0, agent: 1 });
    expect(rec.audio!.rolesSource).toBe('detected');
    expect(rec.audio!.rolesConfidence!).toBeGreaterThan(0.5);
    expect(call.importNotes.some((n) => /roles detected/.test(n.message))).toBe(true);
    const gapBefore = call.turns[1]!.measured!.responseGapMs;

    swapRecordingRoles(db, rec.id, call.turns, thresholds());
    call = getCallDetail(db, 'no-roles')!;
    rec = call.recordings[0]!;
    expect(rec.roles).toEqual({ caller: 1, agent: 0 });
    expect(rec.audio!.rolesSource).toBe('user');
    expect(rec.quality![0]!.role).toBe('agent');
    // With the roles wrong, the agent's channel holds no caller speech for the trace's caller turns.
    expect(call.flags.some((f) => f.kind === 'audio_turn_not_heard')).toBe(true);

    swapRecordingRoles(db, rec.id, call.turns, thresholds());
    call = getCallDetail(db, 'no-roles')!;
    expect(call.recordings[0]!.roles).toEqual({ caller: 0, agent: 1 });
    expect(call.turns[1]!.measured!.responseGapMs).toBe(gapBefore);
    // Non-audio flags survive re-analysis; audio flags are replaced, not duplicated.
    const again = reanalyzeRecordingAudio(db, rec.id, call.turns, thresholds())!;
    expect(getCallDetail(db, 'no-roles')!.flags.filter((f) => f.kind.startsWith('audio_')).length).toBe(again.flags.length);
    expect(getCallDetail(db, 'no-roles')!.flags.some((f) => f.kind === 'latency_critical')).toBe(true);
  });
});
