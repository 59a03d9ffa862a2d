import type { Command } from 'commander';
import { getCallWithAnalysis } from '../../main/analysis/call-with-analysis';
import { printJson, UsageError, withServices, type GlobalOptions } from '../context';
import { ms, seconds, textTable } from '../text-table';

export function registerShow(program: Command): void {
  program
    .command('show')
    .description('show one call: recordings, turns with words and stage timings, flags')
    .argument('<callId>', 'the call id (see `turnscope calls`)')
    .option('--json', 'print the whole normalized call as JSON')
    .action((callId: string, opts: { json?: boolean }, cmd: Command) => {
      const call = withServices(cmd.optsWithGlobals<GlobalOptions>(), (s) => getCallWithAnalysis(s.db, callId));
      if (!call) throw new UsageError(`no call with id "${callId}" (see turnscope calls)`);
      if (opts.json) return printJson(call);
      console.log(`${call.id}  ${call.sourceFormat}  ${call.outcome}${call.endedReason ? ` (${call.endedReason})` : ''}`);
      console.log(`agent ${call.agent.name ?? '—'} ${call.agent.version ?? ''}  started ${call.startedAt ?? '—'}  duration ${seconds(call.durationMs) ?? '—'}`);
      for (const r of call.recordings) {
        console.log(`recording ${r.path}  ${r.codec} ${r.sampleRate} Hz ${r.channels} ch ${seconds(r.durationMs)}  caller ch ${r.roles.caller ?? '—'} agent ch ${r.roles.agent ?? '—'}`);
        for (const q of r.quality ?? []) {
          const echo = q.echo ? `  echo ${Math.round(q.echo.delayMs)} ms ${Math.round(q.echo.levelDb)} dB` : '';
          console.log(`  ch ${q.channel}: SNR ${q.snrDb === null ? '—' : `${Math.round(q.snrDb)} dB`}  ${Math.round(q.rmsDbfs)} dBFS  clipping ${(q.clippingRatio * 100).toFixed(3)}%  speech ${(q.speechRatio * 100).toFixed(0)}%${echo}`);
        }
      }
      console.log('');
      console.log(
        textTable(
          ['turn', 'caller', 'agent', 'stt', 'llm', 'tts', 'ovh', 'e2e', 'gap (audio)', 'WER'],
          call.turns.map((t) => [
            t.index,
            clip(t.caller?.text),
            clip(t.agent?.text),
            ms(t.timings.sttMs),
            ms(t.timings.llmMs),
            ms(t.timings.ttsMs),
            ms(t.timings.overheadMs),
            ms(t.timings.endToEndMs),
            ms(t.measured?.responseGapMs ?? null),
            werOf(call.analysis?.turns.find((r) => r.turnIndex === t.index)?.wer?.wer ?? null),
          ]),
        ),
      );
      if (call.flags.length) {
        console.log('\nflags');
        for (const f of call.flags) console.log(`  ${f.severity.padEnd(8)} turn ${f.turnIndex ?? '—'}  ${f.kind}: ${f.detail}`);
      }
    });
}

const werOf = (v: number | null): string | null => (v === null ? null : `${(v * 100).toFixed(1)}%`);
const clip = (s: string | undefined): string | null => (s === undefined ? null : s.length > 40 ? `${s.slice(0, 39)}…` : s);
