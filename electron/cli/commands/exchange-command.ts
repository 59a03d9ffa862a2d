import type { Command } from 'commander';
import { EXCHANGE_FORMATS, isExchangeFormat } from '../../../shared/exchange';
import { writeExchange } from '../../main/packages/exchange-service';
import { ExportInputError } from '../../main/packages/prepare-call';
import { printJson, UsageError, withServices, type GlobalOptions } from '../context';
import { collect, kb, rulesFor } from './package-command-options';

const LABELS: Record<string, string> = {
  eaf: 'ELAN annotation document', textgrid: 'Praat TextGrid', audacity: 'Audacity label track', srt: 'SubRip subtitles', vtt: 'WebVTT subtitles', csv: 'CSV of turns with metrics',
};

export function registerExchange(program: Command): void {
  program
    .command('exchange')
    .description('write a call for other tools: ELAN .eaf, Praat TextGrid, Audacity labels, SRT, WebVTT, or CSV of turns with metrics')
    .argument('<callId>', 'the call to write')
    .requiredOption('--format <format>', EXCHANGE_FORMATS.join(' | '))
    .requiredOption('--out <file>', 'the file to write')
    .option('--redact', 'redact card data and identity numbers first (flags keep only their kind)')
    .option('--rules <pack.json>', 'an extra compliance rule pack for --redact; repeatable', collect)
    .option('--json', 'print { path, format, bytes } as JSON')
    .action((callId: string, opts: { format: string; out: string; redact?: boolean; rules?: string[]; json?: boolean }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const format = opts.format.toLowerCase();
      if (!isExchangeFormat(format)) throw new UsageError(`--format must be one of ${EXCHANGE_FORMATS.join(', ')}`);
      const redactWith = opts.redact ? rulesFor(g, opts.rules) : null;
      const r = withServices(g, (s) => {
        try {
          return writeExchange(s.db, callId, { format, out: opts.out, redactWith });
        } catch (err) {
          if (err instanceof ExportInputError) throw new UsageError(err.message);
          throw err;
        }
      });
      if (opts.json) return printJson({ path: r.path, format, bytes: r.bytes, redacted: Boolean(opts.redact) });
      console.log(`wrote ${r.path}  (${LABELS[format]}, ${kb(r.bytes)}${opts.redact ? ', redacted' : ''})`);
    });
}
