import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startBrowserHost } from '../../host/browser-host';
import { rendererDir, resolveDatabasePath } from '../../main/paths';
import { openServices } from '../../main/services';
import { UsageError, type GlobalOptions } from '../context';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the app to a browser on 127.0.0.1 (the browser host), with a per-launch token')
    .option('--port <n>', 'port to listen on (0 picks a free one)', '0')
    .option('--json', 'print {url, port, token} as one JSON line when ready')
    .action(async (opts: { port: string; json?: boolean }, cmd: Command) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be 0..65535');
      const dir = rendererDir();
      if (!existsSync(join(dir, 'index.html'))) throw new UsageError(`the renderer is not built (${dir}): run npm run build`);
      const services = openServices(resolveDatabasePath(cmd.optsWithGlobals<GlobalOptions>().db), 'browser');
      const host = await startBrowserHost({ api: services.api, rendererDir: dir, recordingPath: services.recordingPath, port });
      if (opts.json) process.stdout.write(JSON.stringify({ url: host.url, port: host.port, token: host.token }) + '\n');
      else {
        console.log(`Turnscope is serving on 127.0.0.1 only. Open:\n\n  ${host.url}\n`);
        console.log(`store: ${services.databasePath}\nPress Ctrl+C to stop.`);
      }
      const stop = (): void => {
        void host.close().then(() => {
          services.close();
          process.exit(0);
        });
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
