import { resolve } from 'node:path';
import type { Command } from 'commander';
import { isCategory, SECRET_CATEGORIES, type Category } from '../../../shared/compliance/types';
import { redactStoredCall } from '../../main/compliance/redact-service';
import { loadRuleSet } from '../../main/compliance/rule-packs';
import { ComplianceInputError } from '../../main/compliance/scan-service';
import { resolveDatabasePath } from '../../main/paths';
import { appVersion, openServices } from '../../main/services';
import { printJson, UsageError, type GlobalOptions } from '../context';
import { userRulesDir } from './scan-command';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerRedact(program: Command): void {
  program
    .command('redact')
    .description('write a redacted copy of a call: call file, recording (secrets silenced) and a redaction manifest')
    .argument('<callId>', 'the call to redact')
    .requiredOption('--out <folder>', 'folder to write the redacted files into')
    .option('--rules <pack.json>', 'an extra rule pack (adds rules or overrides built-in ones); repeatable', collect)
    .option('--categories <list>', `comma-separated categories to remove (default: ${SECRET_CATEGORIES.join(',')})`)
    .option('--tone', 'replace removed audio with a 1 kHz tone instead of silence')
    .option('--padding-ms <ms>', 'silence this much before and after each removed span', '150')
    .option('--speaker-channel-only', "silence only the speaker's channel (default: every channel, so an echo on the other leg goes too)")
    .option('--json', 'print the manifest as JSON')
    .action(async (callId: string, opts: { out: string; rules?: string[]; categories?: string; tone?: boolean; paddingMs: string; speakerChannelOnly?: boolean; json?: boolean }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const padding = Number(opts.paddingMs);
      if (!Number.isFinite(padding) || padding < 0 || padding > 5000) throw new UsageError('--padding-ms must be between 0 and 5000');
      let categories: Category[] | undefined;
      if (opts.categories) {
        const list = opts.categories.split(',').map((c) => c.trim()).filter(Boolean);
        const bad = list.filter((c) => !isCategory(c) || !SECRET_CATEGORIES.includes(c));
        if (bad.length > 0) throw new UsageError(`not a category that can be redacted: ${bad.join(', ')} (choose from ${SECRET_CATEGORIES.join(', ')})`);
        categories = list as Category[];
      }
      const { ruleSet } = loadRuleSet({ userDir: userRulesDir(g), files: opts.rules ?? [] });
      const services = openServices(resolveDatabasePath(g.db), 'test');
      try {
        const r = await redactStoredCall(services.db, callId, {
          outDir: resolve(opts.out), ruleSet, toolVersion: appVersion(), categories, audio: opts.tone ? 'tone' : 'silence', paddingMs: padding,
          channels: opts.speakerChannelOnly ? 'speaker' : 'all',
        });
        if (opts.json) return printJson(r.manifest);
        const m = r.manifest;
        console.log(`redacted ${callId} → ${m.call.id}${m.call.sourceCallIdReplaced ? ' (the call id held a removed value and was replaced)' : ''}`);
        console.log(`  ${m.summary.items} edit(s): ${Object.entries(m.summary.byCategory).map(([k, v]) => `${k} ×${v}`).join(', ') || 'nothing to remove'}; ${m.summary.audioSeconds} s of audio ${m.options.audio === 'tone' ? 'toned' : 'silenced'}`);
        console.log(`  call file  ${r.callFile}`);
        console.log(`  recording  ${r.recordingFile ?? `not written: ${m.recordingOmitted}`}`);
        console.log(`  manifest   ${r.manifestFile}`);
      } catch (err) {
        if (err instanceof ComplianceInputError) throw new UsageError(err.message);
        throw err;
      } finally {
        services.close();
      }
    });
}
