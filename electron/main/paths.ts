import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const APP_NAME = 'Turnscope';

/**
 * The per-user data folder, the same one Electron's app.getPath('userData') gives for this app, so the CLI
 * and the desktop app find the same store without Electron.
 */
export function userDataDir(): string {
  const home = homedir();
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', APP_NAME);
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_NAME);
  return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_NAME);
}

/** `--db` wins, then TURNSCOPE_DB, then the user-data folder. */
export function resolveDatabasePath(explicit?: string | null, userData: string = userDataDir()): string {
  if (explicit) return resolve(explicit);
  if (process.env.TURNSCOPE_DB) return resolve(process.env.TURNSCOPE_DB);
  return join(userData, 'turnscope.db');
}

/** The app root: the folder holding package.json (the checkout in development, the app folder when packaged). */
export function appRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'resources'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('cannot find the Turnscope app folder (package.json with resources/ beside it)');
}

/** Bundled runtime assets: schemas, samples, rules. Packaged apps keep them in process.resourcesPath. */
export function resourcesDir(): string {
  if (process.env.TURNSCOPE_RESOURCES) return resolve(process.env.TURNSCOPE_RESOURCES);
  const packaged = (process as { resourcesPath?: string }).resourcesPath;
  if (packaged && existsSync(join(packaged, 'resources', 'samples'))) return join(packaged, 'resources');
  return join(appRoot(), 'resources');
}

export const samplesDir = (): string => join(resourcesDir(), 'samples');
export const rendererDir = (): string => join(appRoot(), 'out', 'renderer');
