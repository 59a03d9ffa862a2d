// `npm start`: build, then open the desktop app; where no Electron binary can be had (a machine like CI's),
// say so plainly and serve the same app through the browser host on 127.0.0.1 instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNativeFor } from './ensure-native.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

const build = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (build.status !== 0) process.exit(build.status ?? 1);

function electronBinary() {
  try {
    // In plain Node the electron package exports the path of its binary, and throws if it was never downloaded.
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const electron = electronBinary();
if (electron && !process.argv.includes('--browser')) {
  ensureNativeFor('electron');
  const child = spawn(electron, [root], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  if (!electron) {
    console.log(
      'No Electron binary is installed on this machine (the electron package downloads it on first use, and this\n' +
        'machine cannot). Serving the same app through the browser host instead: open the address below in a browser.\n',
    );
  }
  ensureNativeFor('node');
  const extra = process.argv.slice(2).filter((a) => a !== '--browser');
  const child = spawn(process.execPath, [join(root, 'bin', 'turnscope.js'), ...extra, 'serve'], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}
