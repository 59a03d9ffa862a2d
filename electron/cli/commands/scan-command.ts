import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { toScanHitJson, toScanJson } from '../../../shared/compliance/scan';
import type { ScanHitJson } from '../../../shared/compliance/types';
import { loadRuleSet } from '../../main/compliance/rule-packs';
import { ComplianceInputError, scanStoredCall } from '../../main/compliance/scan-service';
import { allCallIds } from '../../main/db/queries/compliance-read';
import { resolveDatabasePath } from '../../main/paths';
import { printJson, UsageError, withServices, type GlobalOptions } from '../context';
import { seconds, textTable } from '../text-table';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** User packs live in a `rules` folder next to the store, loaded after the built-in packs. */
export const userRulesDir = (opts: GlobalOptions): string => join(dirname(resolveDatabasePath(opts.db)), 'rules');

export function registerScan(program: Command): void {
  program
    .command('scan')
    .description('scan one call or all calls for card data, PHI, missing disclosures and prompt injection; store the hits')
    .argument('[callId]', 'the call to scan')
    .option('--all', 'scan every call in the store')
    .option('--rules <pack.json>', 'an extra rule pack (adds rules or overrides built-in ones); repeatable', collect)
    .option('--include-dismissed', 'also list hits a reviewer dismissed')
    .option('--json', 'print { rulePacks, hits } as JSON')
    .action((callId: string | undefined, opts: { all?: boolean; rules?: string[]; includeDismissed?: boolean; json?: boolean }, cmd: Command) => {
      if (!callId && !opts.all) throw new UsageError('give a call id or --all');
      if (callId && opts.all) throw new UsageError('give a call id or --all, not both');
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const { ruleSet } = loadRuleSet({ userDir: userRulesDir(g), files: opts.rules ?? [] });
      const failed: string[] = [];
      const hits = withServices(g, (s) => {
        const ids = opts.all ? allCallIds(s.db) : [callId!];
        const out: ScanHitJson[] = [];
        for (const id of ids) {
          try {
            const r = scanStoredCall(s.db, id, ruleSet);
            for (const h of r.hits) if (opts.includeDismissed || h.status !== 'dismissed') out.push(toScanHitJson(id, h));
          } catch (err) {
            if (err instanceof ComplianceInputError && !opts.all) throw new UsageError(err.message);
            failed.push(`${id}: ${err instanceof Error ? err.message : String(err)}`);
          }
        }
        return out;
      });
      for (const f of failed) console.error(`failed    ${f}`);
      process.exitCode = failed.length > 0 ? 1 : 0;
      if (opts.json) return printJson(toScanJson(ruleSet, hits));
      console.log(`rule packs: ${ruleSet.packs.map((p) => `${p.id}@${p.version} (${p.hash.slice(0, 12)})`).join(', ')}`);
      if (hits.length === 0) return console.log('no hits');
      console.log(
        textTable(
          ['call', 'turn', 'at', 'severity', 'category', 'speaker', 'text', 'rule'],
          hits.map((h) => [h.callId, h.turnIndex, seconds(h.startMs), h.severity, h.category, h.speaker, h.text.length > 48 ? `${h.text.slice(0, 47)}…` : h.text, h.ruleId]),
        ),
      );
      console.log(`${hits.length} hit(s)`);
    });
}
