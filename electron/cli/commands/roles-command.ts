import type { Command } from 'commander';
import { RolesError, swapCallRoles } from '../../main/audio/recording-roles';
import { getCallDetail } from '../../main/db/queries/calls-read';
import { printJson, UsageError, withServices, type GlobalOptions } from '../context';

export function registerRoles(program: Command): void {
  program
    .command('roles')
    .description('show which recording channel is the caller and which the agent (and how that was decided); --swap exchanges them')
    .argument('<callId>', 'the call')
    .option('--swap', 'exchange caller and agent, then re-measure turns and audio flags')
    .option('--json', 'print as JSON')
    .action((callId: string, opts: { swap?: boolean; json?: boolean }, cmd: Command) => {
      const result = withServices(cmd.optsWithGlobals<GlobalOptions>(), (s) => {
        try {
          if (opts.swap) swapCallRoles(s.db, callId);
        } catch (err) {
          if (err instanceof RolesError) throw new UsageError(err.message);
          throw err;
        }
        const call = getCallDetail(s.db, callId);
        if (!call) throw new UsageError(`no call with id "${callId}" (see turnscope calls)`);
        const rec = call.recordings[0];
        return { callId, recording: rec?.path ?? null, channels: rec?.channels ?? null, roles: rec?.roles ?? null, source: rec?.audio?.rolesSource ?? null, confidence: rec?.audio?.rolesConfidence ?? null };
      });
      if (opts.json) return printJson(result);
      if (!result.roles) return console.log(`${callId}: no recording`);
      console.log(`${callId}: caller channel ${result.roles.caller ?? '—'}, agent channel ${result.roles.agent ?? '—'} (${result.source ?? 'unknown'}${result.confidence !== null ? `, confidence ${result.confidence.toFixed(2)}` : ''})`);
    });
}
