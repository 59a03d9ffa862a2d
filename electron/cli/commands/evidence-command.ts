import type { Command } from 'commander';
import { EVIDENCE_FORMAT, EVIDENCE_VERSION, type EvidenceManifest } from '../../../shared/packages/evidence';
import { writeEvidencePacket } from '../../main/packages/evidence-packet';
import { openSealedZip, PackageError } from '../../main/packages/open-sealed-zip';
import { ExportInputError } from '../../main/packages/prepare-call';
import { appVersion } from '../../main/services';
import { printJson, UsageError, withServicesAsync, type GlobalOptions } from '../context';
import { collect, rulesFor } from './package-command-options';

interface EvidenceOpts {
  out?: string;
  check?: string;
  reason?: string;
  author?: string;
  rules?: string[];
  json?: boolean;
}

async function check(path: string, json: boolean): Promise<void> {
  try {
    const opened = await openSealedZip<EvidenceManifest>(path, { schema: 'evidence', format: EVIDENCE_FORMAT, version: EVIDENCE_VERSION, label: 'Turnscope evidence packet' });
    const m = opened.manifest;
    opened.close();
    if (json) return printJson({ ok: true, packetId: m.packetId, callId: m.call.canonicalId, manifestSha256: m.manifestSha256, files: m.files.length });
    console.log(`ok: ${path} is intact (packet ${m.packetId}, call ${m.call.canonicalId}, ${m.files.length} files, manifest sha256 ${m.manifestSha256})`);
  } catch (err) {
    if (!(err instanceof PackageError)) throw err;
    if (json) printJson({ ok: false, error: err.kind, message: err.message });
    else console.error(`turnscope: ${err.message}`);
    process.exitCode = 2;
  }
}

export function registerEvidence(program: Command): void {
  program
    .command('evidence')
    .description('write an evidence packet of a call for compliance review (redacted transcript, audio pointer, scan, redaction state, hashes); or --check one')
    .argument('[callId]', 'the call to package')
    .option('--out <file.zip>', 'where to write the packet')
    .option('--reason <text>', 'why the call is under review')
    .option('--author <name>', 'who made the packet')
    .option('--rules <pack.json>', 'an extra compliance rule pack; repeatable', collect)
    .option('--check <file.zip>', 'check that a packet is intact (exit 2 when invalid or tampered)')
    .option('--json', 'print the manifest (or the check) as JSON')
    .action(async (callId: string | undefined, opts: EvidenceOpts, cmd: Command) => {
      if (opts.check) {
        if (callId || opts.out) throw new UsageError('--check takes only a packet file');
        return check(opts.check, opts.json ?? false);
      }
      if (!callId || !opts.out) throw new UsageError('give a call id and --out <file.zip> (or --check <file.zip>)');
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const ruleSet = rulesFor(g, opts.rules);
      const r = await withServicesAsync(g, (s) =>
        writeEvidencePacket(s.db, callId, opts.out!, { ruleSet, toolVersion: appVersion(), reason: opts.reason ?? null, author: opts.author ?? null }).catch((err: unknown) => {
          if (err instanceof ExportInputError) throw new UsageError(err.message);
          throw err;
        }),
      );
      if (opts.json) return printJson(r.manifest);
      const m = r.manifest;
      console.log(`wrote ${r.path}`);
      console.log(`  packet    ${m.packetId}  call ${m.call.canonicalId}${m.call.providerAliases.length ? ` (also ${m.call.providerAliases.map((a) => a.id).join(', ')})` : ''}`);
      console.log(`  scan      ${m.scan.hits.length} finding(s) (${m.scan.source === 'stored' ? 'stored scan with reviews' : 'scanned now'})`);
      console.log(`  redaction ${m.redaction.edits} edit(s); leak sweep over ${m.redaction.leakSweep.secretsChecked} value(s): clean`);
      console.log(`  manifest  sha256 ${m.manifestSha256}`);
    });
}
