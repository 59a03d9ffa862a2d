// `npm start`: build, then open the desktop app; where no Electron binary can be had (a machine like CI's),
// say so plainly and serve the same app through the browser host on 127.0.0.1 instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
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

/**
 * The Electron binary, if one is installed. Read from the package's own files rather than `require('electron')`,
 * which would try to download the binary on first use: Turnscope never reaches for the network by itself.
 */
function electronBinary() {
  const pkgDir = dirname(require.resolve('electron/package.json'));
  const pathFile = join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(pkgDir, 'dist');
  const candidate = relative ? join(distDir, relative) : process.env.ELECTRON_OVERRIDE_DIST_PATH ? join(distDir, 'electron') : null;
  return candidate && existsSync(candidate) ? candidate : null;
}

const electron = electronBinary();
if (electron && !process.argv.includes('--browser')) {
  ensureNativeFor('electron');
  const child = spawn(electron, [root], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  if (!electron) {
    console.log(
      'No Electron binary is installed on this machine (the electron package leaves it to be downloaded, and this\n' +
        'machine cannot reach the download). Serving the same app through the browser host instead: open the address\n' +
        'below in a browser. On a machine with internet access, `node node_modules/electron/install.js` fetches Electron.\n',
    );
  }
  ensureNativeFor('node');
  const extra = process.argv.slice(2).filter((a) => a !== '--browser');
  const child = spawn(process.execPath, [join(root, 'bin', 'turnscope.js'), ...extra, 'serve'], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}
