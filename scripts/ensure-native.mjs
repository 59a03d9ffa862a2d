// Makes sure better-sqlite3's native binary matches the runtime about to load it. Node (CLI, tests, browser
// host) and Electron need different ABIs; a binary built for the other one fails at load time. Rebuilding for
// Node needs only the local toolchain; rebuilding for Electron needs Electron's headers (a networked machine).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const marker = join(root, 'node_modules', 'better-sqlite3', 'build', 'turnscope-runtime.txt');

function loadsUnderNode() {
  const probe = spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()"], {
    cwd: root,
    encoding: 'utf8',
  });
  return { ok: probe.status === 0, error: probe.stderr.trim().split('\n').find((l) => /Error|version/.test(l)) ?? '' };
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status})`);
}

export function ensureNativeFor(runtime) {
  const current = existsSync(marker) ? readFileSync(marker, 'utf8').trim() : null;
  if (runtime === 'node') {
    const probe = loadsUnderNode();
    if (probe.ok) {
      if (current !== `node-${process.versions.modules}`) writeFileSync(marker, `node-${process.versions.modules}\n`);
      return;
    }
    console.log(`better-sqlite3 does not load under Node ${process.version} (${probe.error}); rebuilding it for Node…`);
    run('npm', ['rebuild', 'better-sqlite3']);
    if (!loadsUnderNode().ok) throw new Error('better-sqlite3 still does not load under Node after a rebuild');
    writeFileSync(marker, `node-${process.versions.modules}\n`);
    return;
  }
  const electronVersion = require('electron/package.json').version;
  if (current === `electron-${electronVersion}`) return;
  console.log(`Rebuilding better-sqlite3 for Electron ${electronVersion}…`);
  run(process.execPath, [require.resolve('electron-builder/cli.js'), 'install-app-deps']);
  writeFileSync(marker, `electron-${electronVersion}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensureNativeFor(process.argv[2] === 'electron' ? 'electron' : 'node');
}
